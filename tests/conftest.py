"""Shared fixtures: the real Redis, unique namespaces, configuration files, CLI and worker processes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis

ROOT = Path(__file__).resolve().parent.parent
SUPPORT = ROOT / "tests" / "support"
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture(scope="session")
def redis_url() -> str:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        pytest.fail(f"the integration tests need Redis at {REDIS_URL} (run them with `make test`): {error}")
    return REDIS_URL


@pytest.fixture
def redis_client(redis_url):
    client = redis.Redis.from_url(redis_url)
    yield client
    client.close()


@pytest.fixture
def namespace(redis_client) -> str:
    """A fresh key prefix per test; its keys are deleted afterwards."""
    name = f"test-{uuid.uuid4().hex[:12]}"
    yield name
    keys = list(redis_client.scan_iter(match=f"{name}:*", count=1000))
    if keys:
        redis_client.delete(*keys)


def write_config(path: Path, *, broker_url: str, namespace: str, extra: str = "", **bus) -> Path:
    options = {"max_retries": 4, "min_backoff_ms": 100, "max_backoff_ms": 1_000, "heartbeat_timeout_ms": 1_500, **bus}
    lines = [f'broker_url = "{broker_url}"', f'namespace = "{namespace}"']
    lines += [f"{key} = {value}" for key, value in options.items()]
    path.write_text("[bus]\n" + "\n".join(lines) + "\n\n[logging]\nformat = \"json\"\n" + extra, encoding="utf-8")
    return path


@pytest.fixture
def config_file(tmp_path, redis_url, namespace) -> Path:
    return write_config(tmp_path / "amzbus.toml", broker_url=redis_url, namespace=namespace)


def subprocess_env() -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SUPPORT), os.environ.get("PYTHONPATH", "")])}
    env.pop("AMZBUS_CONFIG", None)
    env.pop("AMZBUS_BROKER_URL", None)
    return env


def amzbus(*args: str, config: Path | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    """Run the real command line in a subprocess."""
    command = [sys.executable, "-m", "amzbus", *(["--config", str(config)] if config else []), *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=subprocess_env())


def amzbus_json(*args: str, config: Path):
    result = amzbus(*args, "--json", config=config)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


class WorkerProcess:
    def __init__(self, config: Path, log_path: Path, threads: int = 8) -> None:
        self.log_path = log_path
        self.log = open(log_path, "w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "amzbus", "--config", str(config), "worker", "--threads", str(threads),
             "--consumers", "bus_test_consumers:register"],
            stdout=self.log, stderr=subprocess.STDOUT, env=subprocess_env(),
        )

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()

    def output(self) -> str:
        return self.log_path.read_text()


@pytest.fixture
def start_worker(tmp_path):
    workers: list[WorkerProcess] = []

    def start(config: Path, *, threads: int = 8) -> WorkerProcess:
        worker = WorkerProcess(config, tmp_path / f"worker-{len(workers)}.log", threads)
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()


def wait_for(condition, *, timeout: float = 30.0, interval: float = 0.05, message: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {message}")
