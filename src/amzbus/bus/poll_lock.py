"""One poll of a stream at a time: a per-stream lock that the poll renews as it goes.

``poll_lock(locks, stream)`` yields ``None`` when another poll of the stream holds the lock (the caller
skips this tick), else a ``renew()`` function to call after every page: the lock lives ``seconds``
without renewal, so a worker killed mid-poll blocks the stream that long at most, and a poll whose lock
expired meanwhile stops with a ``RetryableError`` (its cursor stays where it was: nothing is skipped).
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Callable, Iterator

from redis.exceptions import LockError

from .errors import RetryableError
from .locks import Locks


@contextmanager
def poll_lock(locks: Locks, stream: str, *, seconds: float = 30.0) -> Iterator[Callable[[], None] | None]:
    lock = locks.lock(f"poll:{stream}", timeout=seconds)
    if not lock.acquire(blocking=False):
        yield None
        return

    def renew() -> None:
        try:
            lock.extend(seconds, replace_ttl=True)
        except LockError:
            raise RetryableError(f"the poll lock of {stream} expired mid-poll", code="PollLockLost") from None
    try:
        yield renew
    finally:
        try:
            lock.release()
        except LockError:  # expired: someone else's now
            pass
