"""Applies an event once per consumer, whichever copy of it arrives first.

- The event was applied already (claim ``done``): the copy is skipped, logged at info (normal
  operation: overlapping polls, redeliveries, replays).
- The event was dead-lettered (claim ``dead``): the copy is skipped too, logged at info: the dead
  letter holds the event, visible and replayable, and a second letter would only repeat it.
- Another message is applying it (claim held): the copy is retried after ``busy_delay_seconds``,
  never dropped, because the holder may still fail. It is applied once the claim is released or has
  expired, and skipped once it is ``done``.
- After processing, the claim becomes ``done`` or is released, in the same transaction as the
  message's acknowledgement on the Redis broker (``bus/ack_writes.py``), or at once, waiting out a
  broker outage, on the others: a claim never outlives its message because Redis was down.
"""

from __future__ import annotations

import structlog
from dramatiq import Middleware
from dramatiq.middleware import MiddlewareError, SkipMessage

from .. import ack_writes
from ..broker_outage import BrokerOutage
from ..errors import RetryableError
from ..idempotency import Claim, IdempotencyStore

log = structlog.get_logger(__name__)


class EventClaimedElsewhere(RetryableError, MiddlewareError):
    """Another message holds the claim on this event: try this copy again later.

    A ``MiddlewareError`` because Dramatiq swallows any other error raised before processing (and
    would then process the message).
    """


class Idempotency(Middleware):
    """For actors declared with ``idempotent=True`` whose first argument is an event envelope.

    Parameters (keyword-only):
      store: the claims in Redis, shared by every worker.
      busy_delay_seconds: when a copy finds its event claimed by another message, how long until it
        looks again (default 5).
      outage: waits out broker outages when completing or releasing a claim (default: a private one).
    """

    def __init__(self, *, store: IdempotencyStore, busy_delay_seconds: float = 5.0,
                 outage: BrokerOutage | None = None) -> None:
        self.store = store
        self.busy_delay_seconds = busy_delay_seconds
        self.outage = outage or BrokerOutage()

    @property
    def actor_options(self):
        return {"idempotent"}

    def _event_id(self, broker, message) -> str | None:
        if not broker.get_actor(message.actor_name).options.get("idempotent"):
            return None
        envelope = message.args[0] if message.args else None
        event_id = envelope.get("event_id") if isinstance(envelope, dict) else None
        return event_id if isinstance(event_id, str) and event_id else None

    def before_process_message(self, broker, message):
        event_id = self._event_id(broker, message)
        if event_id is None:
            return
        claim = self.outage.until_recorded(
            "claim an event", lambda: self.store.claim(message.actor_name, event_id, message.message_id))
        if claim in (Claim.DONE, Claim.DEAD):
            log.info("event_already_applied" if claim is Claim.DONE else "event_already_dead_lettered",
                     consumer=message.actor_name, event_id=event_id, message_id=message.message_id)
            message.options["idempotent_skip"] = claim.value
            raise SkipMessage()
        if claim is Claim.BUSY:
            raise EventClaimedElsewhere(f"event {event_id} is being applied by another message of "
                                        f"{message.actor_name}", code="EventBusy",
                                        delay_seconds=self.busy_delay_seconds)

    def after_process_message(self, broker, message, *, result=None, exception=None):
        event_id = self._event_id(broker, message)
        if event_id is None:
            return
        consumer, owner = message.actor_name, message.message_id
        if exception is None:
            ack_writes.with_ack(broker, message, lambda client: self.store.complete(consumer, event_id, client=client),
                                now=lambda: self.outage.until_recorded(
                                    "mark an event applied", lambda: self.store.complete(consumer, event_id)))
        elif message.failed:  # dead-lettered (Retries decided before this hook)
            ack_writes.with_ack(broker, message,
                                lambda client: self.store.mark_dead(consumer, event_id, owner, client=client),
                                now=lambda: self.outage.until_recorded(
                                    "mark an event dead-lettered", lambda: self.store.mark_dead(consumer, event_id, owner)))
        elif not isinstance(exception, EventClaimedElsewhere):
            ack_writes.with_ack(broker, message,
                                lambda client: self.store.release(consumer, event_id, owner, client=client),
                                now=lambda: self.outage.until_recorded(
                                    "release an event's claim", lambda: self.store.release(consumer, event_id, owner)))
