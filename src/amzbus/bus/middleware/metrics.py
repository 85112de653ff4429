"""Counts what happens to each message for Prometheus; observes only, never changes an outcome.

- published: an event sent to a queue for the first time (``after_enqueue`` without a retry count;
  re-enqueues of retries and of delayed messages are not publications);
- applied: its handler returned; skipped as duplicate: the idempotency claim found it done;
- retried: the handler failed and the message was not failed for good; dead-lettered: ``after_nack``.

Placed first in the stack: Dramatiq calls ``after_*`` hooks in reverse order, so the retry policy has
decided (``message.failed``) when it looks.
"""

from __future__ import annotations

import time

from dramatiq import Middleware

from .. import metrics

_STARTED = "_amzbus_metrics_started"


def _labels(message) -> tuple[str, str] | None:
    """(event type, queue) of a message that carries an event; None for plain tasks."""
    envelope = message.args[0] if message.args and isinstance(message.args[0], dict) else None
    event_type = envelope.get("event_type") if envelope else None
    if not isinstance(event_type, str):
        return None
    queue = message.queue_name[:-3] if message.queue_name.endswith(".DQ") else message.queue_name
    return event_type, queue


class Metrics(Middleware):
    def after_enqueue(self, broker, message, delay):
        labels = _labels(message)
        if labels and not message.options.get("retries") and delay is None:
            metrics.EVENTS_PUBLISHED.labels(*labels).inc()

    def before_process_message(self, broker, message):
        setattr(message, _STARTED, time.perf_counter())

    def after_process_message(self, broker, message, *, result=None, exception=None):
        self._observe_duration(message, "success" if exception is None else "failure")
        labels = _labels(message)
        if labels is None:
            return
        if exception is None:
            metrics.EVENTS_APPLIED.labels(*labels).inc()
        elif not message.failed:
            metrics.EVENTS_RETRIED.labels(*labels).inc()

    def after_skip_message(self, broker, message):
        labels = _labels(message)
        if labels and message.options.get("idempotent_skip") == "done":
            metrics.EVENTS_DUPLICATES.labels(*labels).inc()

    def after_nack(self, broker, message):
        labels = _labels(message)
        if labels:
            metrics.EVENTS_DEAD_LETTERED.labels(*labels).inc()

    @staticmethod
    def _observe_duration(message, outcome: str) -> None:
        started = getattr(message, _STARTED, None)
        if started is not None:
            queue = message.queue_name[:-3] if message.queue_name.endswith(".DQ") else message.queue_name
            metrics.HANDLER_DURATION.labels(message.actor_name, queue, outcome).observe(time.perf_counter() - started)
