"""The Prometheus metrics each process counts for itself (events, handlers, Amazon and Odoo calls).

They live in prometheus-client's default registry, so a process serves them all on its ``/metrics``
(``ops/metrics_http.py``). Gauges that describe the whole deployment (queue depths, dead letters,
stream lag) are read from Redis at scrape time by the dashboard instead (``ops/dashboard/collector.py``):
every worker exporting them would only repeat the same numbers.

Labels carry ids and names only (event types, queues, operations, models), never a buyer's data.
"""

from __future__ import annotations

from prometheus_client import Counter, Histogram

EVENT_LABELS = ("event_type", "queue")
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0)

EVENTS_PUBLISHED = Counter("amzbus_events_published_total", "Events sent to a consumer's queue.", EVENT_LABELS)
EVENTS_APPLIED = Counter("amzbus_events_applied_total", "Events a consumer applied (handler returned).",
                         EVENT_LABELS)
EVENTS_DUPLICATES = Counter("amzbus_events_skipped_duplicates_total",
                            "Copies of events the consumer had already applied, skipped.", EVENT_LABELS)
EVENTS_RETRIED = Counter("amzbus_events_retried_total", "Failed attempts that were scheduled again.",
                         EVENT_LABELS)
EVENTS_DEAD_LETTERED = Counter("amzbus_events_dead_lettered_total", "Events moved to the dead letters.",
                               EVENT_LABELS)
HANDLER_DURATION = Histogram("amzbus_handler_duration_seconds", "Time a message's handler ran, any outcome.",
                             ("actor", "queue", "outcome"), buckets=LATENCY_BUCKETS)

AMAZON_CALLS = Counter("amzbus_amazon_calls_total", "SP-API calls by operation and HTTP status "
                       "(2xx for success, 'network' when no answer came).", ("account", "operation", "status"))
AMAZON_THROTTLED = Counter("amzbus_amazon_throttled_total", "SP-API calls Amazon answered with 429.",
                           ("account", "operation"))
LIMITER_WAIT = Histogram("amzbus_rate_limiter_wait_seconds", "Time a call waited for a token of the shared "
                         "limiter (a long wait is a retry after that delay).", ("account", "operation"),
                         buckets=(0.0, 0.1, 0.5, 1.0, 2.0, 5.0, 30.0, 60.0, 180.0, 600.0))

ODOO_CALL_DURATION = Histogram("amzbus_odoo_call_duration_seconds", "Odoo RPC round trips by model and method "
                               "(failed ones included).", ("model", "method"), buckets=LATENCY_BUCKETS)


def amazon_status(error: BaseException | None) -> str:
    """The ``status`` label of a call: ``2xx``, the HTTP status of a failure, or ``network``."""
    if error is None:
        return "2xx"
    status = getattr(error, "status", None)
    return str(status) if status else "network"
