"""The shared rate limiter against Amazon's token buckets: no 429 and the quota used; without it, 429s retried."""

from __future__ import annotations

import threading
import time

import pytest

from amzbus.bus.errors import RetryableError
from amzbus.bus.rate_limiter import RateLimit
from amzbus.connectors.amazon import AmazonThrottled

SPEED = 20.0  # getOrder: Amazon's 0.5 call/s and burst 30 become 10 calls/s, burst 30
RATE, BURST = 10.0, 30
THREADS, CALLS_EACH = 4, 15


@pytest.fixture
def fast_simulator(start_simulator):
    return start_simulator(speed=SPEED)


def _hammer(client, order_id: str) -> tuple[int, float]:
    """THREADS workers sharing one client call getOrder; a retryable error waits as asked and retries.
    Returns the number of retries and the seconds from the first call to the last answer."""
    retries, lock = [0], threading.Lock()

    def worker():
        for _ in range(CALLS_EACH):
            while True:
                try:
                    client.orders.get_order(order_id)
                    break
                except RetryableError as error:
                    with lock:
                        retries[0] += 1
                    time.sleep(error.delay_seconds or 0.05)

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return retries[0], time.monotonic() - started


def test_paced_calls_make_no_429_and_use_at_least_90_percent_of_the_quota(fast_simulator, limiter):
    # Given a client paced by the shared limiter, which learned Amazon's rate from a first answer
    [order_id] = fast_simulator.eligible_orders(1)
    with fast_simulator.client(limiter=limiter) as client:
        client.orders.get_order(order_id)
        assert client.session.rate_limits.limit("sim-na:getOrder", "getOrder") == RateLimit(RATE, BURST)
        time.sleep(2.1)  # both buckets full again (the first call was paced at the published 0.5/s)
        before = fast_simulator.calls("getOrder")["calls"]

        # When four threads make sixty calls as fast as they can
        retries, seconds = _hammer(client, order_id)

    # Then Amazon throttled none of them, and they used at least 90% of what Amazon allowed in that time
    stats = fast_simulator.calls("getOrder")
    made = stats["calls"] - before
    quota = BURST + RATE * seconds
    assert (stats["throttled"], retries, made) == (0, 0, THREADS * CALLS_EACH)
    assert made >= 0.9 * quota, f"{made} calls in {seconds:.2f} s: {made / quota:.0%} of the quota"
    print(f"quota used: {made / quota:.1%}")


def test_unpaced_calls_provoke_429s_that_are_retried_to_completion(fast_simulator):
    # Given the same client without a limiter
    [order_id] = fast_simulator.eligible_orders(1)
    with fast_simulator.client(limiter=None) as client:
        # When four threads make sixty calls as fast as they can, retrying after each 429
        retries, _ = _hammer(client, order_id)

    # Then Amazon throttled some, and every call went through in the end
    stats = fast_simulator.calls("getOrder")
    assert stats["throttled"] > 0 and retries == stats["throttled"]
    assert stats["statuses"]["200"] == THREADS * CALLS_EACH


def test_a_429_drains_the_shared_bucket_and_asks_for_the_time_of_one_token(fast_simulator, limiter):
    # Given Amazon allowing one getOrder and then one every 50 seconds (0.001/s at this speed)
    fast_simulator.admin("PUT", "rate-limits", {"getOrder": {"rate": 0.001, "burst": 1}})
    [order_id] = fast_simulator.eligible_orders(1)
    with fast_simulator.client(limiter=limiter) as client:
        client.orders.get_order(order_id)

        # When the next call is throttled
        with pytest.raises(AmazonThrottled) as caught:
            client.orders.get_order(order_id)

        # Then the error asks to wait for one token at Amazon's announced rate, and every worker must wait too
        limit = client.session.pacing("sim-na:getOrder", "getOrder")
    assert limit.rate == pytest.approx(0.001 * SPEED)
    assert caught.value.delay_seconds == pytest.approx(50.0)
    assert caught.value.code == "QuotaExceeded" and caught.value.status == 429
    assert limiter.try_acquire("sim-na:getOrder", limit) > 45.0


def cut_then_restore(simulator, order_id: str, *, caller, observer) -> tuple[float, float]:
    """Amazon cuts getOrder's plan to a quarter, then restores it, each heard by ``caller``'s next call;
    the rates ``observer`` paces at after each."""
    rates = []
    for rate in (0.125, 0.5):
        simulator.admin("PUT", "rate-limits", {"getOrder": {"rate": rate, "burst": BURST}})
        caller.orders.get_order(order_id)
        rates.append(observer.session.pacing("sim-na:getOrder", "getOrder").rate)
    return rates[0], rates[1]


@pytest.mark.parametrize("speed", [1.0, SPEED])
def test_a_rate_amazon_lowers_and_later_restores_is_followed_both_ways(start_simulator, limiter, speed):
    # Given a client that learnt Amazon's rate for getOrder (at speed 1, the published one itself)
    simulator = start_simulator(speed=speed)
    [order_id] = simulator.eligible_orders(1)
    with simulator.client(limiter=limiter) as client:
        client.orders.get_order(order_id)
        assert client.session.pacing("sim-na:getOrder", "getOrder").rate == pytest.approx(0.5 * speed)
        # When Amazon cuts the plan to a quarter, then restores it
        lowered, restored = cut_then_restore(simulator, order_id, caller=client, observer=client)

    # Then the limiter paced at the lowered rate, then at the restored one again
    assert (lowered, restored) == (pytest.approx(0.125 * speed), pytest.approx(0.5 * speed))


def test_a_rate_one_process_learns_paces_every_process_sharing_the_limiter(start_simulator, limiter):
    # Given two processes' clients of one account, sharing the limiter; the second makes no call
    simulator = start_simulator(speed=SPEED)
    [order_id] = simulator.eligible_orders(1)
    with simulator.client(limiter=limiter) as first, simulator.client(limiter=limiter) as second:
        # When Amazon cuts the plan and only the first client hears of it, then restores it
        lowered, restored = cut_then_restore(simulator, order_id, caller=first, observer=second)

    # Then the second paces at the lowered rate, then at the restored one, without a call of its own
    assert (lowered, restored) == (pytest.approx(0.125 * SPEED), pytest.approx(0.5 * SPEED))
