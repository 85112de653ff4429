"""recover, resync, stale scheduler ticks and the one-scheduler rule, against the SP-API simulator."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time

import pytest
from stack_testing import simulator_config

from amzbus.bus.config_file import load_settings
from amzbus.ops.runtime import Runtime
from amzbus.producers.scheduler import run_scheduler

FAST = {"eligible_after_seconds": [1, 2], "fba_ratio": 0.0, "cancel_before_eligible_ratio": 0.0,
        "cancel_after_eligible_ratio": 0.0}


@pytest.fixture
def configured(tmp_path, amazon, redis_url, namespace):
    return simulator_config(tmp_path / "amzbus.toml", amazon=amazon, redis_url=redis_url, namespace=namespace,
                            odoo_url="http://127.0.0.1:9")


def cli(configured, *args):
    path, env = configured
    return subprocess.run([sys.executable, "-m", "amzbus", "--config", str(path), *args],
                          capture_output=True, text=True, env=env, timeout=60)


def test_recover_publishes_the_event_of_one_order(configured, amazon, redis_client, namespace):
    order_id = amazon.state.generate_orders(count=1, account="sim-na", mix=FAST)[0]
    time.sleep(2.5)
    result = cli(configured, "recover", order_id, "--account", "sim-na")
    assert result.returncode == 0, result.stderr
    assert f"published OrderPlaced (OrderPlaced:sim-na:{order_id})" in result.stdout
    assert redis_client.llen(f"{namespace}:to_odoo") == 1


def test_recover_refuses_an_id_that_is_not_amazons(configured):
    result = cli(configured, "recover", "12345", "--account", "sim-na")
    assert result.returncode == 1 and "not an Amazon order id (3-7-7 digits" in result.stderr


def test_resync_reads_again_from_a_date_with_progress_and_leaves_the_cursor(configured, amazon, redis_client,
                                                                           namespace):
    ids = amazon.state.generate_orders(count=5, account="sim-eu", mix=FAST)
    time.sleep(4.0)
    result = cli(configured, "resync", "--account", "sim-eu", "--since", "2020-01-01T00:00:00Z")
    assert result.returncode == 0, result.stderr
    assert "order(s) read" in result.stderr
    assert "1 page(s), 5 order(s), 5 event(s) published" in result.stdout, result.stdout
    assert redis_client.llen(f"{namespace}:to_odoo") == len(ids)
    assert redis_client.get(f"{namespace}:cursor:amazon:sim-eu:orders") is None


def test_resync_json_prints_one_summary_and_no_progress(configured, amazon):
    amazon.state.generate_orders(count=3, account="sim-na", mix=FAST)
    time.sleep(4.0)
    result = cli(configured, "resync", "--account", "sim-na", "--since", "2020-01-01T00:00:00Z", "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert (summary["account"], summary["pages_read"], summary["orders_read"]) == ("sim-na", 1, 3)
    assert summary["events_published"] == 3 and summary["unmappable"] == []
    assert "page(s)" not in result.stderr


def test_a_stale_scheduler_tick_is_dropped_without_calling_amazon(configured, amazon):
    path, env = configured
    runtime = Runtime(load_settings(path), environ=env)
    runtime.register_consumers()
    poll = runtime.bus.broker.get_actor("poll_amazon_orders")
    poll.fn("sim-na", time.time() - 600, 120.0)
    assert amazon.state.call_counts()["operations"].get("searchOrders") is None


def test_a_second_scheduler_stands_by_while_the_first_holds_the_lock(configured, redis_client, namespace):
    path, env = configured
    runtime = Runtime(load_settings(path), environ=env)
    runtime.register_consumers()
    first = runtime.locks.lock("scheduler", timeout=30)
    assert first.acquire(blocking=False)
    stop = threading.Event()
    second = threading.Thread(target=run_scheduler, args=(runtime,), kwargs={"stop": stop})
    second.start()
    time.sleep(1.0)
    stop.set()
    second.join(5)
    assert redis_client.llen(f"{namespace}:polls") == 0
    first.release()


def test_the_scheduler_enqueues_one_poll_per_account_with_its_time(configured, redis_client, namespace):
    path, env = configured
    runtime = Runtime(load_settings(path), environ=env)
    runtime.register_consumers()
    stop = threading.Event()
    scheduler = threading.Thread(target=run_scheduler, args=(runtime,), kwargs={"stop": stop})
    scheduler.start()
    deadline = time.monotonic() + 5
    while redis_client.llen(f"{namespace}:polls") < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    stop.set()
    scheduler.join(5)
    messages = [json.loads(m) for m in redis_client.hvals(f"{namespace}:polls.msgs")]
    messages = [m for m in messages if m["actor_name"] == "poll_amazon_orders"]
    assert sorted(m["args"][0] for m in messages) == ["sim-eu", "sim-na"]
    assert all(abs(m["args"][1] - time.time()) < 10 and m["args"][2] == 360.0 for m in messages)
