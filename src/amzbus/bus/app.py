"""The bus: consumers subscribe to event types; ``publish`` routes each event to its subscribers.

A consumer is a plain handler function ``handler(envelope) -> None``; the bus wraps it in a
Dramatiq actor on its queue (``to_odoo`` or ``to_amazon``) that re-validates the event before calling
it. Returning normally (also for "already applied") acknowledges the message.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Callable

import dramatiq

from ..schemas import Envelope, InvalidEventError, decode, encode
from ..schemas.envelope import PAYLOAD_SCHEMAS
from .broker import BrokerParts
from .errors import ConfigError, PermanentError

QUEUES = ("to_odoo", "to_amazon")
TASK_QUEUES = ("polls",)
ALL_QUEUES = QUEUES + TASK_QUEUES


@dataclass(frozen=True)
class Consumer:
    """``name`` is the actor's name (``apply_order_placed``); idempotency is keyed by it."""

    name: str
    event_type: str
    queue: str
    handler: Callable[[Envelope], Any]
    options: dict = field(default_factory=dict)


class Bus:
    def __init__(self, parts: BrokerParts) -> None:
        self.parts = parts
        self.broker = parts.broker
        self.redis = parts.redis
        self._subscribers: dict[str, list[dramatiq.Actor]] = defaultdict(list)

    def subscribe(self, consumer: Consumer) -> dramatiq.Actor:
        if consumer.event_type not in PAYLOAD_SCHEMAS:
            raise ConfigError(f"consumer {consumer.name}: unknown event type {consumer.event_type!r}")
        if consumer.queue not in QUEUES:
            raise ConfigError(f"consumer {consumer.name}: queue must be one of {', '.join(QUEUES)}")

        def consume(raw: dict) -> None:
            envelope = decode(raw)
            if envelope.event_type != consumer.event_type:
                raise PermanentError(f"{consumer.name} consumes {consumer.event_type}, got {envelope.event_type}")
            consumer.handler(envelope)

        options = {"idempotent": True, "throws": (PermanentError, ConfigError, InvalidEventError), **consumer.options}
        actor = dramatiq.actor(consume, actor_name=consumer.name, queue_name=consumer.queue,
                               broker=self.broker, **options)
        self._subscribers[consumer.event_type].append(actor)
        return actor

    def declare_task(self, name: str, fn: Callable[..., Any], *, queue: str, **options) -> dramatiq.Actor:
        """A plain task (a producer's poll, not an event consumer) on one of ``TASK_QUEUES``."""
        if queue not in TASK_QUEUES:
            raise ConfigError(f"task {name}: queue must be one of {', '.join(TASK_QUEUES)}")
        options = {"throws": (PermanentError, ConfigError, InvalidEventError), **options}
        return dramatiq.actor(fn, actor_name=name, queue_name=queue, broker=self.broker, **options)

    def send_task(self, name: str, *args) -> str:
        return self.broker.get_actor(name).send(*args).message_id

    def subscribers(self, event_type: str) -> list[str]:
        return [actor.actor_name for actor in self._subscribers.get(event_type, [])]

    def publish(self, envelope: Envelope) -> list[str]:
        """Validate and send the event to every consumer subscribed to its type; the message ids."""
        return self._send(envelope.event_type, encode(envelope))

    def publish_raw(self, raw: dict) -> list[str]:
        """Validate an event given as JSON primitives, then publish it."""
        return self._send(decode(raw).event_type, raw)

    def _send(self, event_type: str, raw: dict) -> list[str]:
        actors = self._subscribers.get(event_type)
        if not actors:
            raise ConfigError(f"no consumer subscribed to {event_type}: the event would be lost")
        return [actor.send(raw).message_id for actor in actors]
