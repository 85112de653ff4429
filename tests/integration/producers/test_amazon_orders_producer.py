"""The orders stream against the SP-API simulator: dry run, polls, cursor, unmappable orders."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest
from stack_testing import simulator_config

from amzbus.bus.config_file import load_settings
from amzbus.ops.runtime import Runtime

FAST = {"eligible_after_seconds": [1, 2], "fba_ship_after_seconds": [1, 2], "cancel_after_seconds": [1, 2]}


@pytest.fixture
def configured(tmp_path, amazon, redis_url, namespace):
    return simulator_config(tmp_path / "amzbus.toml", amazon=amazon, redis_url=redis_url, namespace=namespace)


def settled_orders(amazon, count: int) -> list[str]:
    ids = amazon.state.generate_orders(count=count, mix=FAST)
    time.sleep(4.0)  # lifecycle (1-2 Amazon minutes at speed 60) and the 3-second freshness margin
    return ids


def test_a_dry_run_prints_the_events_a_poll_would_publish_and_moves_nothing(amazon, configured, redis_client,
                                                                            namespace):
    path, env = configured
    ids = settled_orders(amazon, 8)
    result = subprocess.run([sys.executable, "-m", "amzbus", "--config", str(path), "poll", "orders",
                             "--account", "sim-na", "--dry-run"], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    events = [json.loads(line) for line in result.stdout.splitlines()]
    na_orders = {o["orderId"] for o in amazon.state.list_orders(account="sim-na")}
    assert events and {e["payload"]["order_id"] for e in events} <= na_orders & set(ids)
    assert {e["event_type"] for e in events} <= {"OrderPlaced", "OrderCancelled"}
    assert list(redis_client.scan_iter(match=f"{namespace}:cursor:*")) == []
    assert redis_client.llen(f"{namespace}:to_odoo") == 0


def test_a_poll_publishes_each_order_once_and_moves_the_cursor(configured, amazon):
    path, env = configured
    runtime = Runtime(load_settings(path), environ=env)
    published = []
    runtime.bus.publish = published.append  # observe what the producer publishes, nothing is sent
    ids = settled_orders(amazon, 10)
    producer = runtime.orders_producer("sim-eu")
    first = producer.poll()
    eu_ids = {o["orderId"] for o in amazon.state.list_orders(account="sim-eu")} & set(ids)
    assert first.cursor_moved and first.window_end is not None
    assert {e.payload.order_id for e in published} <= eu_ids
    assert len({e.event_id for e in published}) == len(published)
    assert runtime.cursors.get("amazon:sim-eu:orders") == first.window_end.isoformat()
    assert runtime.stream_health.report()["amazon:sim-eu:orders"]["last_error"] is None


def test_an_unmappable_order_is_handed_over_and_the_poll_goes_on(configured, amazon, monkeypatch):
    path, env = configured
    runtime = Runtime(load_settings(path), environ=env)
    handed, published = [], []
    runtime.bus.publish = published.append
    settled_orders(amazon, 6)
    producer = runtime.orders_producer("sim-na")
    producer._hand_over = lambda account, order: handed.append(order["orderId"])
    import amzbus.producers.amazon_orders as module

    real = module.order_envelope
    broken: list[str] = []

    def failing_for_the_first(order, **kwargs):
        if not broken:
            broken.append(order["orderId"])
            raise module.OrderMappingError(order["orderId"], "proceeds", "is missing")
        return real(order, **kwargs)

    monkeypatch.setattr(module, "order_envelope", failing_for_the_first)
    result = producer.poll()
    assert handed == broken and result.unmappable == broken
    assert result.cursor_moved
    assert broken[0] not in {e.payload.order_id for e in published}


def test_a_poll_lock_left_by_a_killed_worker_blocks_the_account_only_briefly(configured, amazon):
    path, env = configured
    runtime = Runtime(load_settings(path), environ=env)
    runtime.bus.publish = lambda envelope: None
    settled_orders(amazon, 3)
    producer = runtime.orders_producer("sim-na")
    producer._lock_seconds = 1.0
    # Given the lock of a poll whose worker was killed (never released)
    abandoned = runtime.locks.lock("poll:amazon:sim-na:orders", timeout=1.0)
    assert abandoned.acquire(blocking=False)
    # Then polls are skipped while it lives, and run once it expired
    assert producer.poll().skipped
    time.sleep(1.2)
    result = producer.poll()
    assert result.skipped is None and result.cursor_moved
