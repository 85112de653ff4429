"""Per-key locks with an owner token (redis-py's ``Lock``: release and extend check the token)."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from redis.exceptions import LockError
from redis.lock import Lock

from .errors import RetryableError


class Locks:
    """Keys ``{namespace}:lock:{key}``, e.g. ``order:na-main:111-2222222-3333333``."""

    def __init__(self, redis, *, namespace: str) -> None:
        self._redis = redis
        self._namespace = namespace

    def lock(self, key: str, *, timeout: float = 120.0) -> Lock:
        return Lock(self._redis, f"{self._namespace}:lock:{key}", timeout=timeout, thread_local=False)

    @contextmanager
    def hold(self, key: str, *, timeout: float = 120.0, wait: float = 5.0) -> Iterator[Lock]:
        """Hold the lock for the block; if someone else holds it past ``wait`` seconds, a RetryableError.

        ``timeout`` bounds how long a crashed holder can block others; extend it for long work.
        """
        lock = self.lock(key, timeout=timeout)
        if not lock.acquire(blocking=True, blocking_timeout=wait):
            raise RetryableError(f"lock {key} is held by another worker", code="Locked", delay_seconds=wait)
        try:
            yield lock
        finally:
            try:
                lock.release()
            except LockError:
                pass  # expired and possibly taken by someone else: their lock is not ours to release
