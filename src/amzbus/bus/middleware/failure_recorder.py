"""Records every failed attempt and marks the final one when the message is dead-lettered.

Each write waits out a broker outage: the message is acknowledged (or dead-lettered) only after
its failure record is in Redis.
"""

from __future__ import annotations

import structlog
from dramatiq import Middleware

from ..broker_outage import BrokerOutage
from ..failures import FailureStore

log = structlog.get_logger(__name__)


class FailureRecorder(Middleware):
    """Keeps, per message: attempts, first/last failure time, final error type, message and traceback.

    Parameters:
      store: where the records live (Redis, shared by all workers and the ``amzbus dlq`` commands).
      outage: waits out broker outages while writing (default: a private one).
    """

    def __init__(self, *, store: FailureStore, outage: BrokerOutage | None = None) -> None:
        self.store = store
        self.outage = outage or BrokerOutage()

    def after_process_message(self, broker, message, *, result=None, exception=None):
        if exception is None:
            if message.options.get("retries") or message.options.get("replay_count"):
                self.outage.until_recorded("forget a failure record", lambda: self.store.forget(message.message_id))
            return
        self.outage.until_recorded("record a failed attempt",
                                   lambda: self.store.record_attempt(message.message_id, exception))

    def after_nack(self, broker, message):
        self.outage.until_recorded("mark a message dead-lettered",
                                   lambda: self.store.mark_dead_lettered(message.message_id))
        exception = getattr(message, "_exception", None)
        log.error(
            "message_dead_lettered",
            message_id=message.message_id,
            actor=message.actor_name,
            queue=message.queue_name,
            event_id=_event_id(message),
            error_type=type(exception).__name__ if exception else None,
        )


def _event_id(message) -> str | None:
    args = message.args
    if args and isinstance(args[0], dict):
        return args[0].get("event_id")
    return None
