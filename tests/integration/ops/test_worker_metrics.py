"""A worker process's /metrics after a known run: parsed with prometheus-client's own parser."""

from __future__ import annotations

from bus_test_consumers import keys, mode_key
from bus_testing import wait_for
from events import stock_changed
from metrics_testing import Exposition

from amzbus.bus.workers import WorkerRegistry

STOCK = {"event_type": "StockChanged", "queue": "to_amazon"}


def registered_worker(redis_client, namespace):
    registry = WorkerRegistry(redis_client, namespace=namespace, heartbeat_timeout_ms=1_500)
    return wait_for(lambda: [w for w in registry.report() if w.alive], message="a live registered worker")[0]


def test_a_worker_counts_applied_retried_dead_lettered_and_duplicate_events(
        config_file, namespace, redis_client, publisher, start_worker):
    # Given a worker, and events that apply at once, after one retry, never, and one sent twice
    applied, flaky, refused = stock_changed(), stock_changed(), stock_changed()
    redis_client.set(mode_key(namespace, flaky.payload.sku), "flaky:2")
    redis_client.set(mode_key(namespace, refused.payload.sku), "permanent")
    start_worker(config_file)
    worker = registered_worker(redis_client, namespace)
    before = Exposition.of_this_process()
    # When they are published, and the first one again once it was applied
    for event in (applied, flaky, refused):
        publisher.publish(event)
    wait_for(lambda: redis_client.get(keys(namespace, applied.event_id)["applied"]), message="the first event")
    publisher.publish(applied)
    # Then the worker's /metrics says exactly what happened
    def settled():
        scraped = Exposition.scrape(worker.metrics_url)
        done = (scraped.value("amzbus_events_applied_total", **STOCK) == 2
                and scraped.value("amzbus_events_dead_lettered_total", **STOCK) == 1
                and scraped.value("amzbus_events_skipped_duplicates_total", **STOCK) == 1)
        return scraped if done else None
    scraped = wait_for(settled, timeout=30, interval=0.2, message="the worker's counters")
    assert scraped.value("amzbus_events_retried_total", **STOCK) == 1
    durations = {"actor": "apply_test_stock", "queue": "to_amazon"}
    assert scraped.value("amzbus_handler_duration_seconds_count", **durations, outcome="success") == 2
    assert scraped.value("amzbus_handler_duration_seconds_count", **durations, outcome="failure") == 2
    assert scraped.value("amzbus_handler_duration_seconds_sum", **durations) > 0
    # And the publishing process counted the four publications
    published = Exposition.of_this_process().value("amzbus_events_published_total", **STOCK)
    assert published - before.value("amzbus_events_published_total", **STOCK) == 4


def test_a_worker_stopped_gracefully_leaves_the_registry(config_file, namespace, redis_client, start_worker):
    # Given a running worker, registered with its metrics address
    process = start_worker(config_file)
    worker = registered_worker(redis_client, namespace)
    assert worker.metrics_url.endswith("/metrics") and worker.pid == process.process.pid
    # When it is stopped with SIGTERM
    process.stop()
    # Then it is gone from the registry, not reported missing
    registry = WorkerRegistry(redis_client, namespace=namespace, heartbeat_timeout_ms=1_500)
    assert registry.report() == []
