"""SP-API calls by operation and status, 429s and the time waited for the shared limiter, as Prometheus reads them."""

from __future__ import annotations

import pytest
from metrics_testing import Exposition

from amzbus.bus.rate_limiter import RateLimit
from amzbus.connectors.amazon import AmazonThrottled

ACCOUNT = {"account": "sim-na", "operation": "getOrder"}
GET_ORDER_RATE = 0.5  # Amazon's getOrder: a token every 2 s


def delta(before: Exposition, after: Exposition, name: str, **labels) -> float:
    return after.value(name, **labels) - before.value(name, **labels)


def test_calls_are_counted_by_status_until_amazon_answers_429(start_simulator):
    # Given an account whose client does not pace itself, and Amazon's real getOrder bucket (burst 30)
    simulator = start_simulator(speed=1.0)
    order_id = simulator.eligible_orders(1)[0]
    client = simulator.client()
    before = Exposition.of_this_process()
    # When it calls getOrder until Amazon throttles it
    successes = 0
    with pytest.raises(AmazonThrottled):
        while successes < 100:
            client.orders.get_order(order_id)
            successes += 1
    # Then every call is counted with its status, and the 429 once more as a throttle
    after = Exposition.of_this_process()
    assert successes >= 29
    assert delta(before, after, "amzbus_amazon_calls_total", **ACCOUNT, status="2xx") == successes
    assert delta(before, after, "amzbus_amazon_calls_total", **ACCOUNT, status="429") == 1
    assert delta(before, after, "amzbus_amazon_throttled_total", **ACCOUNT) == 1


def test_the_time_waited_for_the_limiter_is_observed_and_kept_for_the_hour(start_simulator, limiter, redis_client):
    # Given a paced client whose getOrder bucket was just emptied (as after a 429 seen by another worker), at
    # Amazon's real rate, so that its next token is two seconds away however loaded the machine is
    simulator = start_simulator(speed=1.0)
    order_id = simulator.eligible_orders(1)[0]
    client = simulator.client(limiter=limiter)
    client.orders.get_order(order_id)
    emptied_from = redis_now(redis_client)
    limiter.drain("sim-na:getOrder", RateLimit(GET_ORDER_RATE, 30))
    before = Exposition.of_this_process()
    # When it calls again
    client.orders.get_order(order_id)
    # Then the wait for a token is in the histogram and in the limiter's hourly record
    after = Exposition.of_this_process()
    assert delta(before, after, "amzbus_rate_limiter_wait_seconds_count", **ACCOUNT) == 1
    waited = delta(before, after, "amzbus_rate_limiter_wait_seconds_sum", **ACCOUNT)
    assert 0 < waited <= 1 / GET_ORDER_RATE
    hour = limiter.stats.last_hour()["sim-na:getOrder"]
    assert hour.throttled == 1 and hour.waited_seconds == pytest.approx(waited, abs=0.01)
    # And the token it waited for was taken: the bucket holds a token fewer than came back since it was emptied
    # (read from before the drain to after the level: at least as many as truly came back)
    level = limiter.levels()["sim-na:getOrder"]
    came_back = GET_ORDER_RATE * (redis_now(redis_client) - emptied_from)
    assert 0 <= level <= came_back - 0.5


def redis_now(redis_client) -> float:
    """Redis's clock, which the limiter's buckets use."""
    seconds, micros = redis_client.time()
    return seconds + micros / 1_000_000
