"""Helpers for the bus's tests: configuration files, the real CLI and worker processes, waiting."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SUPPORT = ROOT / "tests" / "support"
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")


def write_config(path: Path, *, broker_url: str, namespace: str, extra: str = "", **bus) -> Path:
    options = {"max_retries": 4, "min_backoff_ms": 100, "max_backoff_ms": 1_000, "heartbeat_timeout_ms": 1_500, **bus}
    lines = [f'broker_url = "{broker_url}"', f'namespace = "{namespace}"']
    lines += [f"{key} = {value}" for key, value in options.items()]
    path.write_text("[bus]\n" + "\n".join(lines) + "\n\n[logging]\nformat = \"json\"\n" + extra, encoding="utf-8")
    return path


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


def wait_for(condition, *, timeout: float = 30.0, interval: float = 0.05, message: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {message}")
