"""A private RabbitMQ node for a test: its own node name, AMQP and distribution ports, and data directory
(so the machine's own RabbitMQ is never touched), that can be stopped and started again from its data.

Erlang's port mapper (epmd, port 4369) is shared with the machine's node, as RabbitMQ intends.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import pika

from amzbus.ops.demo_stack import free_port

SCRIPTS = (Path("/usr/lib/rabbitmq/bin"), Path("/usr/local/sbin"), Path("/usr/sbin"))


def rabbitmq_script(name: str) -> str | None:
    """The real script (the /usr/sbin wrappers of the Debian package switch to the rabbitmq user)."""
    for folder in SCRIPTS:
        if (folder / name).exists():
            return str(folder / name)
    return shutil.which(name)


class RabbitmqNode:
    def __init__(self) -> None:
        self.directory = Path(tempfile.mkdtemp(prefix="amzbus-rabbitmq-"))
        self.name = f"amzbus_test_{uuid.uuid4().hex[:8]}@localhost"
        self.port = free_port()
        self.env = {**os.environ, "HOME": str(self.directory), "RABBITMQ_NODENAME": self.name,
                    "RABBITMQ_NODE_IP_ADDRESS": "127.0.0.1", "RABBITMQ_NODE_PORT": str(self.port),
                    "RABBITMQ_DIST_PORT": str(free_port()), "RABBITMQ_MNESIA_BASE": str(self.directory / "mnesia"),
                    "RABBITMQ_LOG_BASE": str(self.directory / "log"),
                    "RABBITMQ_ENABLED_PLUGINS_FILE": str(self.directory / "enabled_plugins"),
                    "RABBITMQ_CONFIG_FILE": str(self.directory / "rabbitmq"),
                    "RABBITMQ_PID_FILE": str(self.directory / "rabbitmq.pid")}
        (self.directory / "enabled_plugins").write_text("[].\n", encoding="utf-8")
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"amqp://guest:guest@127.0.0.1:{self.port}/%2F"

    @staticmethod
    def installed() -> bool:
        return rabbitmq_script("rabbitmq-server") is not None and rabbitmq_script("rabbitmqctl") is not None

    def start(self, *, timeout: float = 60.0) -> "RabbitmqNode":
        log = open(self.directory / "server.out", "a", encoding="utf-8")
        self.process = subprocess.Popen([rabbitmq_script("rabbitmq-server")], env=self.env, stdout=log,
                                        stderr=subprocess.STDOUT, cwd=self.directory)
        deadline = time.monotonic() + timeout
        while not self.answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the private RabbitMQ node did not start; see {self.directory / 'server.out'}")
            time.sleep(0.3)
        return self

    def answers(self) -> bool:
        try:
            pika.BlockingConnection(pika.URLParameters(
                self.url + "?connection_attempts=1&socket_timeout=1")).close()
            return True
        except pika.exceptions.AMQPError:
            return False

    def stop(self) -> None:
        """Stop the node the way an operator does (``rabbitmqctl stop``) and wait for it to exit."""
        if self.process is None or self.process.poll() is not None:
            return
        subprocess.run([rabbitmq_script("rabbitmqctl"), "-n", self.name, "stop"], env=self.env,
                       capture_output=True, timeout=60)
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)
