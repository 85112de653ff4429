"""A local SQS for the demo, the benchmarks and the tests: moto's server (``moto[server]``, a test dependency)
run as a real process on a free port, reached with the real boto3.

moto accepts any credentials; ``AWS_ENV`` gives the processes that talk to it the standard AWS variables with
placeholder values, as a deployment would set real ones.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

from ..bus.errors import BusError
from .demo_stack import free_port

REGION = "us-east-1"
AWS_ENV = {"AWS_ACCESS_KEY_ID": "local-sqs", "AWS_SECRET_ACCESS_KEY": "local-sqs", "AWS_DEFAULT_REGION": REGION}


@dataclass
class Queue:
    url: str
    arn: str


@dataclass
class LocalSqs:
    """``start()`` runs moto's server; ``create_queue(name)``; ``stop()``. ``log_path``: its output."""

    log_path: Path | None = None
    port: int = 0
    process: subprocess.Popen | None = None
    queues: dict[str, Queue] = field(default_factory=dict)

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, *, timeout: float = 30.0) -> "LocalSqs":
        try:
            import moto.server  # noqa: F401
        except ImportError:
            raise BusError("a local SQS needs moto's server: pip install 'moto[server]' "
                           "(it comes with the test extras: pip install -e '.[test]')") from None
        self.port = free_port()
        output = open(self.log_path, "a", encoding="utf-8") if self.log_path else subprocess.DEVNULL
        self.process = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
                                        stdout=output, stderr=subprocess.STDOUT, env={**os.environ, **AWS_ENV})
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BusError(f"moto's server exited at start (status {self.process.returncode})")
            try:
                requests.get(f"{self.endpoint}/moto-api/", timeout=2)
                return self
            except requests.ConnectionError:
                time.sleep(0.1)
        self.stop()
        raise BusError(f"moto's server did not answer at {self.endpoint} within {timeout:.0f} s")

    def client(self):
        import boto3

        return boto3.client("sqs", region_name=REGION, endpoint_url=self.endpoint,
                            aws_access_key_id=AWS_ENV["AWS_ACCESS_KEY_ID"],
                            aws_secret_access_key=AWS_ENV["AWS_SECRET_ACCESS_KEY"])

    def create_queue(self, name: str) -> Queue:
        client = self.client()
        url = client.create_queue(QueueName=name)["QueueUrl"]
        arn = client.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        self.queues[name] = Queue(url, arn)
        return self.queues[name]

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.process = None
