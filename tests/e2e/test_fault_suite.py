"""The fault suite: real processes (both simulators, a worker, the scheduler) on a real broker, orders
flowing in while the faults an operator meets happen, then every order reconciled exactly once.

Three runs share the faults so that the suite stays short: one on a private Redis with append-only
persistence (Redis shut down and started again, Redis killed and away for a minute, the scheduler
killed); one with the worker killed twice mid-import and Odoo refusing connections; one with faults on
both sides of the bus (Amazon throttling and failing 30% of its calls for a minute and cutting answers
short, Odoo slow on 20% of its calls and cutting answers short). After each fault, the suite measures
how long Odoo takes to catch up with every order eligible at the fault's end (the drain; see
bench/RESULTS.md).
"""

from __future__ import annotations

import time
import uuid

import pytest
from bus_testing import wait_for
from e2e_stack import prepared_stack
from order_traffic import Traffic, assert_cancellations_and_exactly_once, keep_the_worker_busy, measure_drain
from planned_cancellations import PlannedCancellations
from private_redis import private_redis  # noqa: F401  (a fixture: a redis-server with AOF, or a skip)

from amzbus.ops.demo_stack import DemoStack


def started_stack(broker_url: str, namespace: str) -> DemoStack:
    stack = prepared_stack(broker_url, namespace)
    try:
        stack.start_worker()
        stack.start_scheduler()
    except BaseException:
        stack.stop()
        raise
    return stack


@pytest.fixture
def stack_on_private_redis(private_redis):
    stack = started_stack(private_redis.url, f"faults-{uuid.uuid4().hex[:8]}")
    yield stack
    stack.stop()


@pytest.fixture
def stack_on_shared_redis(redis_url, namespace):
    stack = started_stack(redis_url, namespace)
    yield stack
    stack.stop()


@pytest.fixture
def traffic():
    """``traffic(stack, batch=, every_seconds=)``: orders arriving until the test ends (or ``stop()``)."""
    started: list[Traffic] = []

    def start(stack, **options) -> Traffic:
        started.append(Traffic(stack, **options).start())
        return started[-1]

    yield start
    for flow in started:
        flow.stop()


@pytest.mark.timeout(420)
def test_redis_restarts_a_minute_without_redis_and_a_killed_scheduler_lose_and_duplicate_nothing(
        stack_on_private_redis, private_redis, traffic):
    stack = stack_on_private_redis
    # Given orders arriving on Amazon all along, some of which will be cancelled before or after their import
    orders = traffic(stack, batch=3, every_seconds=2.0)
    cancellations = PlannedCancellations(stack, after_import=3, before_import=2)
    time.sleep(8)
    # When Redis is shut down (as `redis-cli shutdown` does) and started again from its AOF 10 s later
    private_redis.restart(down_seconds=10)
    measure_drain(stack, "Redis shut down, restarted from its AOF after 10 s")
    # And Redis is killed (SIGKILL) and stays down for a minute
    private_redis.kill()
    time.sleep(60)
    private_redis.start()
    measure_drain(stack, "Redis killed, down for 60 s, restarted from its AOF")
    # And the scheduler is killed and started again
    stack.kill("scheduler")
    time.sleep(3)
    stack.start_scheduler()
    measure_drain(stack, "scheduler SIGKILLed, started again after 3 s")
    orders.stop()
    # Then orders cancelled before and after their import are right in Odoo, every order is in Odoo exactly
    # once, nothing is dead-lettered, and every process still runs
    assert_cancellations_and_exactly_once(stack, cancellations, min_eligible=100)


@pytest.mark.timeout(360)
def test_two_worker_kills_mid_import_and_odoo_refusing_connections_lose_and_duplicate_nothing(
        stack_on_shared_redis, traffic):
    stack = stack_on_shared_redis
    # Given orders arriving on Amazon all along, some of which will be cancelled before or after their import
    orders = traffic(stack, batch=3, every_seconds=2.0)
    cancellations = PlannedCancellations(stack, after_import=3, before_import=2)
    time.sleep(6)
    # When the worker is SIGKILLed in the middle of importing a burst of orders, and another one started
    keep_the_worker_busy(stack)
    stack.kill("worker")
    stack.start_worker("worker-2")
    stack.odoo_admin("DELETE", "faults")
    measure_drain(stack, "worker SIGKILLed mid-import, another started at once")
    # And Odoo refuses connections for 20 s
    stack.odoo_admin("POST", "outage", seconds=20)
    time.sleep(20)
    measure_drain(stack, "Odoo refusing connections for 20 s")
    # And the second worker is SIGKILLed mid-import too
    keep_the_worker_busy(stack)
    stack.kill("worker-2")
    stack.start_worker("worker-3")
    stack.odoo_admin("DELETE", "faults")
    measure_drain(stack, "worker SIGKILLed mid-import again")
    orders.stop()
    # Then orders cancelled before and after their import are right in Odoo, every order is in Odoo exactly
    # once, nothing is dead-lettered, and every process still runs
    assert_cancellations_and_exactly_once(stack, cancellations, min_eligible=100)


@pytest.mark.timeout(420)
def test_an_amazon_storm_a_slow_odoo_and_connections_reset_on_both_sides_lose_and_duplicate_nothing(
        stack_on_shared_redis, traffic):
    stack = stack_on_shared_redis
    # Given orders arriving on Amazon all along (some to be cancelled before or after their import), and the
    # time Odoo takes to catch up without a fault
    orders = traffic(stack, batch=3, every_seconds=2.0)
    cancellations = PlannedCancellations(stack, after_import=3, before_import=2)
    time.sleep(8)
    measure_drain(stack, "no fault (baseline)")
    # When Amazon answers 429, 500 or 503 to 30% of the calls and cuts 5% of its answers short, for a minute
    stack.amazon_admin("PUT", "faults", **{"*": {"error_ratio": 0.3, "error_status": [429, 500, 503],
                                                  "reset_ratio": 0.05, "duration_seconds": 60}})
    time.sleep(60)
    measure_drain(stack, "Amazon: 429/500/503 on 30% of calls and 5% of answers reset, for 60 s")
    # And Odoo takes 5 s to answer 20% of the calls and cuts 5% of its answers short (after committing)
    stack.odoo_admin("POST", "faults", kind="latency", seconds=5, ratio=0.2)
    stack.odoo_admin("POST", "faults", kind="reset_mid_response", ratio=0.05)
    time.sleep(20)
    # (and until each of them has hit: the bus paces its Amazon reads, so imports come in bursts)
    wait_for(lambda: all(rule["hits"] for rule in stack.odoo_admin("GET", "faults")["faults"]), timeout=90,
             interval=1.0, message="Odoo's faults to have hit")
    slow, reset = stack.odoo_admin("GET", "faults")["faults"]
    stack.odoo_admin("DELETE", "faults")
    measure_drain(stack, "Odoo: 5 s on 20% of calls and 5% of answers reset, for 20 s")
    orders.stop()
    # Then orders cancelled before and after their import are right in Odoo, every order is in Odoo exactly
    # once, nothing is dead-lettered, and every process still runs
    assert_cancellations_and_exactly_once(stack, cancellations, min_eligible=100)
    # (and the faults did happen: Amazon's draws are seeded, its storm's second call already fails)
    calls = stack.amazon_admin("GET", "calls")["operations"]
    assert sum(operation["faults"] for operation in calls.values()) > 0
    assert slow["hits"] > 0 and reset["hits"] > 0
