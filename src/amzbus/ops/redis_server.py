"""A private ``redis-server`` for an end-to-end run or a benchmark, that can be stopped and started again.

It listens on a free port of 127.0.0.1 and keeps its files in its own directory, with append-only
persistence (``--appendonly yes --appendfsync always``: every acknowledged write is on disk), so a
restart from the same directory brings back everything the bus wrote, as a deployment's Redis does.
A shared Redis is never touched.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import redis

from ..bus.errors import BusError
from .demo_stack import free_port


@dataclass
class RedisServer:
    """Parameters:
      directory: where the AOF and the log go (a fresh temporary directory by default).
      appendonly: append-only persistence with an fsync per write (``False``: nothing on disk).
    """

    directory: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="amzbus-redis-")))
    appendonly: bool = True
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    @staticmethod
    def installed() -> bool:
        return shutil.which("redis-server") is not None

    def start(self, *, timeout: float = 10.0) -> "RedisServer":
        """Start (or start again, from the same directory) and wait until it answers."""
        if not self.installed():
            raise BusError("redis-server is not installed (apt-get install redis-server)")
        persistence = ["--appendonly", "yes", "--appendfsync", "always"] if self.appendonly else ["--appendonly", "no"]
        log = open(self.directory / "redis.log", "a", encoding="utf-8")
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--dir",
             str(self.directory), *persistence], stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while not self.answers():
            if self.process.poll() is not None:
                raise BusError(f"redis-server exited at start (status {self.process.returncode}); see "
                               f"{self.directory / 'redis.log'}")
            if time.monotonic() > deadline:
                raise BusError(f"redis-server did not answer on port {self.port} within {timeout:.0f} s")
            time.sleep(0.05)
        return self

    def answers(self) -> bool:
        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.5, socket_timeout=0.5)
        try:
            return bool(client.ping())
        except redis.RedisError:
            return False
        finally:
            client.close()

    def shutdown(self) -> None:
        """Stop as ``redis-cli shutdown`` does (SIGTERM: the AOF is flushed, clients are cut)."""
        self._stop(signal.SIGTERM)

    def crash(self) -> None:
        """Stop at once (SIGKILL): what an acknowledged write left on disk is all that survives."""
        self._stop(signal.SIGKILL)

    def _stop(self, how: signal.Signals) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(how)
        self.process.wait(30)

    def remove(self) -> None:
        """Stop and delete the directory."""
        self.crash()
        shutil.rmtree(self.directory, ignore_errors=True)
