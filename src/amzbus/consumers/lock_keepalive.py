"""Keep an order's lock alive while its worker is at work, so that the lock can expire soon after a crash.

A short lock timeout (30 s) means a worker killed mid-order blocks that order for 30 s at most, instead of
for as long as the slowest Odoo call could take. While the block runs, a small thread renews the lock
(``reacquire``: back to its full timeout) every ``every_seconds``; if the lock was lost meanwhile (Redis
flushed, expired during a pause), ``still_held`` says so and the caller stops before writing.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Iterator

import structlog
from redis.exceptions import LockError, RedisError

from ..bus.errors import RetryableError

log = structlog.get_logger(__name__)


class LockKeeper:
    def __init__(self, lock, key: str, *, every_seconds: float) -> None:
        self._lock, self._key, self._every = lock, key, every_seconds
        self._stop = threading.Event()
        self.lost = False

    def run(self) -> None:
        while not self._stop.wait(self._every):
            try:
                self._lock.reacquire()
            except LockError:
                self.lost = True
                log.warning("order_lock_lost", lock_key=self._key)
                return
            except RedisError as error:  # a blip: try again at the next tick, the lock still has time
                log.warning("order_lock_renewal_failed", lock_key=self._key, error_type=type(error).__name__)

    def stop(self) -> None:
        self._stop.set()

    def still_held(self) -> None:
        """Renew now; a RetryableError when the lock is no longer ours (someone else may be at work)."""
        try:
            if self.lost:
                raise LockError("lost")
            self._lock.reacquire()
        except LockError:
            raise RetryableError(f"lost the lock {self._key} before writing to Odoo; retrying",
                                 code="LockLost") from None


@contextmanager
def kept_alive(lock, key: str, *, every_seconds: float) -> Iterator[LockKeeper]:
    keeper = LockKeeper(lock, key, every_seconds=every_seconds)
    thread = threading.Thread(target=keeper.run, name=f"lock-keeper {key}", daemon=True)
    thread.start()
    try:
        yield keeper
    finally:
        keeper.stop()
        thread.join(timeout=every_seconds + 1.0)
