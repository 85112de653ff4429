"""Skips an event a consumer already applied (or is applying under another message)."""

from __future__ import annotations

import structlog
from dramatiq import Middleware
from dramatiq.middleware import SkipMessage

from ..idempotency import Claim, IdempotencyStore

log = structlog.get_logger(__name__)


class Idempotency(Middleware):
    """For actors declared with ``idempotent=True`` whose first argument is an event envelope.

    Parameters:
      store: the claims in Redis, shared by every worker.
    """

    def __init__(self, *, store: IdempotencyStore) -> None:
        self.store = store

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
        claim = self.store.claim(message.actor_name, event_id, message.message_id)
        if claim is not Claim.CLAIMED:
            log.info("event_already_applied" if claim is Claim.DONE else "event_being_applied_elsewhere",
                     consumer=message.actor_name, event_id=event_id, message_id=message.message_id)
            message.options["idempotent_skip"] = claim.value
            raise SkipMessage()

    def after_process_message(self, broker, message, *, result=None, exception=None):
        event_id = self._event_id(broker, message)
        if event_id is None:
            return
        if exception is None:
            self.store.complete(message.actor_name, event_id)
        else:
            self.store.release(message.actor_name, event_id, message.message_id)
