"""The long-running processes wait for Redis instead of exiting, and the CLI says when it is down."""

from __future__ import annotations

import threading
import time

from bus_testing import WorkerProcess, amzbus, wait_for
from events import stock_changed

from amzbus.bus.app import Bus
from amzbus.bus.broker import make_broker
from amzbus.producers import tasks
from amzbus.producers.scheduler import run_scheduler

ACCOUNT = """
[[accounts]]
name = "na-main"
seller_id = "A1SELLER"
region = "NA"
marketplaces = ["US"]
lwa_client_id_env = "X_ID"
lwa_client_secret_env = "X_SECRET"
refresh_token_env = "X_TOKEN"

[scheduler]
orders_seconds = 1.0
"""


def test_the_scheduler_keeps_ticking_across_a_redis_restart(private_redis, runtime_on):
    # Given a scheduler enqueueing a poll every second
    runtime = runtime_on(private_redis.url, extra=ACCOUNT)
    tasks.register(runtime.bus, runtime)
    stop = threading.Event()
    scheduler = threading.Thread(target=run_scheduler, args=(runtime,), kwargs={"stop": stop})
    scheduler.start()
    polls = f"{runtime.namespace}:polls"
    redis = runtime.parts.redis
    wait_for(lambda: redis.llen(polls) >= 2, message="the first ticks")
    # When Redis is down for 4 s (longer than a tick, shorter than the lock)
    private_redis.restart(down_seconds=4.0)
    before = redis.llen(polls)
    # Then the scheduler is still running and ticks again
    wait_for(lambda: redis.llen(polls) >= before + 2, timeout=15, message="ticks after the restart")
    assert scheduler.is_alive()
    stop.set()
    scheduler.join(10)
    assert not scheduler.is_alive()


def test_a_worker_started_while_redis_is_down_waits_for_it_then_works(private_redis, runtime_on, tmp_path):
    # Given Redis down when a worker process starts
    runtime = runtime_on(private_redis.url)
    private_redis.stop()
    worker = WorkerProcess(runtime.settings.source, tmp_path / "worker.log")
    try:
        time.sleep(3.0)
        assert worker.process.poll() is None, worker.output()
        # When Redis comes back and an event is published
        private_redis.start()
        bus = Bus(make_broker(runtime.settings.bus))
        from bus_test_consumers import keys, register

        register(bus, runtime.settings)
        event = stock_changed()
        bus.publish(event)
        # Then the worker applies it
        applied = keys(runtime.namespace, event.event_id)["applied"]
        wait_for(lambda: bus.redis.get(applied) == b"1", timeout=30, message="the worker to apply the event")
        assert "broker_unreachable" in worker.output()
    finally:
        worker.stop()


def test_status_says_clearly_that_redis_is_unreachable(private_redis, runtime_on):
    runtime = runtime_on(private_redis.url)
    private_redis.stop()
    result = amzbus("status", config=runtime.settings.source)
    assert result.returncode == 1
    assert "Redis is not reachable" in result.stderr and str(private_redis.port) in result.stderr
    assert "Traceback" not in result.stderr
