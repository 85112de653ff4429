"""The retry policy of the bus, in place of Dramatiq's ``Retries``.

- ``PermanentError``, ``ConfigError`` (fixed only by an operator) and invalid events: dead-lettered
  at once, never retried.
- ``RetryableError`` with ``delay_seconds`` (a 429, a rate-limit wait): retried after exactly that
  delay, up to ``max_throttled_retries`` times, so throttling never dead-letters in practice.
- Any other exception (``RetryableError`` without a delay, or unexpected): exponential backoff with
  jitter between ``min_backoff`` and ``max_backoff`` milliseconds, dead-lettered after ``max_retries``.

The retry is enqueued before the message is acknowledged, and Dramatiq acknowledges it as soon as
this hook returns (even when the hook raised). So the enqueue waits out a broker outage
(``BrokerOutage``); if it fails for any other reason the message is dead-lettered instead: its fate
is always recorded somewhere durable before the ack.
"""

from __future__ import annotations

import time

import structlog
from dramatiq import Middleware
from dramatiq.common import compute_backoff

from ...schemas import InvalidEventError
from ..broker_outage import BrokerOutage
from ..errors import ConfigError, PermanentError, RetryableError

log = structlog.get_logger(__name__)

PERMANENT = (PermanentError, ConfigError, InvalidEventError)


class Retries(Middleware):
    """Parameters (all keyword-only):
      max_retries: tries after the first for ordinary failures (default 8).
      max_throttled_retries: tries for failures that asked for a delay (default 200).
      min_backoff: first backoff in milliseconds (default 1,000).
      max_backoff: longest backoff in milliseconds (default 300,000).
      outage: waits out broker outages while enqueueing a retry (default: a private one).
    """

    def __init__(self, *, max_retries: int = 8, max_throttled_retries: int = 200,
                 min_backoff: int = 1_000, max_backoff: int = 300_000, outage: BrokerOutage | None = None) -> None:
        self.max_retries = max_retries
        self.max_throttled_retries = max_throttled_retries
        self.min_backoff = min_backoff
        self.max_backoff = max_backoff
        self.outage = outage or BrokerOutage()

    @property
    def actor_options(self):
        return {"max_retries", "min_backoff", "max_backoff", "throws"}

    def after_process_message(self, broker, message, *, result=None, exception=None):
        if exception is None:
            return
        if isinstance(exception, PERMANENT):
            message.fail()
            return
        retries = message.options.get("retries", 0)
        message.options["retries"] = retries + 1
        message.options["requeue_timestamp"] = int(time.time() * 1000)
        delay = self._requested_delay(exception)
        limit = self.max_throttled_retries if delay is not None else self._option(broker, message, "max_retries")
        if retries >= limit:
            message.fail()
            return
        if delay is None:
            _, delay = compute_backoff(retries, factor=self._option(broker, message, "min_backoff"),
                                       max_backoff=self._option(broker, message, "max_backoff"))
        try:
            self.outage.until_recorded("enqueue a retry", lambda: broker.enqueue(message, delay=delay))
        except Exception as error:  # the retry cannot be written: dead-letter rather than lose the message
            log.warning("message_retry_not_enqueued", message_id=message.message_id,
                        error_type=type(error).__name__, error=str(error))
            message.fail()
            return
        log.info("message_retry_scheduled", message_id=message.message_id, attempt=retries + 1,
                 delay_ms=delay, error_type=type(exception).__name__)

    def _option(self, broker, message, name: str) -> int:
        actor = broker.get_actor(message.actor_name)
        return message.options.get(name, actor.options.get(name, getattr(self, name)))

    @staticmethod
    def _requested_delay(exception: BaseException) -> int | None:
        if isinstance(exception, RetryableError) and exception.delay_seconds is not None:
            return max(1, int(exception.delay_seconds * 1000))
        return None
