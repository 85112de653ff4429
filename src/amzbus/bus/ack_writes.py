"""Writes that must reach Redis together with a message's acknowledgement.

The middleware marks an event applied (or releases its claim) once the handler has run, and
Dramatiq then acknowledges the message. On the bus's Redis broker both go to Redis in one
transaction, in one round trip: the mark and the acknowledgement are written together or not at all,
and a lost connection retries both. Brokers that cannot do this (RabbitMQ, the stub) get the writes
at once, before the acknowledgement.
"""

from __future__ import annotations

from typing import Callable

Write = Callable[[object], object]  # called with a redis client or pipeline
_ATTRIBUTE = "_amzbus_ack_writes"


def with_ack(broker, message, write: Write, *, now: Callable[[], object]) -> None:
    """Run ``write`` with ``message``'s acknowledgement when the broker can; else ``now()`` at once."""
    if getattr(broker, "writes_with_ack", False):
        writes = getattr(message, _ATTRIBUTE, None)
        if writes is None:
            writes = []
            setattr(message, _ATTRIBUTE, writes)
        writes.append(write)
    else:
        now()


def take(message) -> list[Write]:
    """The writes waiting for ``message``'s acknowledgement (kept until they succeed)."""
    return getattr(message, _ATTRIBUTE, None) or []


def done(message) -> None:
    if hasattr(message, _ATTRIBUTE):
        delattr(message, _ATTRIBUTE)
