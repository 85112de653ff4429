"""Riding out a broker outage: keep an operation trying until the broker (Redis or RabbitMQ) records it.

Dramatiq swallows errors raised in ``after_*`` middleware hooks and then acknowledges the message,
so a retry or a dead-letter mark that could not be written while Redis was down is lost with the
message. The bus's middleware runs every write that decides a message's fate through
``BrokerOutage.until_recorded``: while the broker is unreachable the worker thread waits (with
backoff), the message stays unacknowledged, and a worker killed meanwhile leaves it for the rescue.

One instance is shared by a process, so an outage is logged once (when it starts and when it ends),
not once per thread or per attempt.
"""

from __future__ import annotations

import threading
import time
from typing import Callable, TypeVar

import dramatiq.errors
import pika.exceptions
import redis.exceptions
import structlog

log = structlog.get_logger(__name__)
T = TypeVar("T")

BROKER_UNREACHABLE = (
    redis.exceptions.ConnectionError,  # includes BusyLoadingError: Redis replaying its AOF
    redis.exceptions.TimeoutError,
    dramatiq.errors.BrokerConnectionError,
    pika.exceptions.AMQPConnectionError,
    pika.exceptions.AMQPChannelError,
)


def is_broker_unreachable(error: BaseException) -> bool:
    return isinstance(error, BROKER_UNREACHABLE)


class BrokerOutage:
    """Parameters (keyword-only):
      min_delay: first wait between two tries, in seconds (default 0.2).
      max_delay: longest wait between two tries, in seconds (default 5).
      sleep: how to wait (default ``time.sleep``; a ``threading.Event.wait`` makes the wait stoppable).
    """

    def __init__(self, *, min_delay: float = 0.2, max_delay: float = 5.0,
                 sleep: Callable[[float], object] = time.sleep) -> None:
        self.min_delay = min_delay
        self.max_delay = max_delay
        self._sleep = sleep
        self._lock = threading.Lock()
        self._down_since: float | None = None

    @property
    def down(self) -> bool:
        return self._down_since is not None

    def until_recorded(self, what: str, operation: Callable[[], T], *,
                       stop: threading.Event | None = None) -> T:
        """``operation()``, tried again while the broker is unreachable; other errors propagate.

        With ``stop`` set while waiting, the last connection error propagates (the caller is shutting down).
        """
        delay = self.min_delay
        while True:
            try:
                result = operation()
            except BROKER_UNREACHABLE as error:
                self.noticed(what, error)
                if stop is not None and stop.is_set():
                    raise
                (stop.wait if stop is not None else self._sleep)(delay)
                delay = min(self.max_delay, delay * 2)
                continue
            self.recovered()
            return result

    def noticed(self, what: str, error: BaseException) -> None:
        """Record that the broker did not answer; the first thread to notice logs it."""
        with self._lock:
            if self._down_since is not None:
                return
            self._down_since = time.monotonic()
        log.warning("broker_unreachable", waiting_to=what, error_type=type(error).__name__, error=str(error))

    def recovered(self) -> None:
        if self._down_since is None:
            return
        with self._lock:
            if self._down_since is None:
                return
            seconds, self._down_since = time.monotonic() - self._down_since, None
        log.info("broker_reachable_again", outage_seconds=round(seconds, 1))
