"""The shared token bucket holds across processes and threads, and lets the whole quota through."""

from __future__ import annotations

import subprocess
import sys
import time

from bus_testing import SUPPORT, subprocess_env

from amzbus.bus.rate_limiter import RateLimit, RateLimiter

RATE, BURST, SECONDS = 2.0, 10, 10.0
# Each grant time is read by the client just after Redis granted it, so a window can look up to this
# much shorter than it was. 0.1 s is 0.2 token at 2/s: a whole extra call is still caught.
GRANT_TIME_SLACK = 0.1


def test_two_processes_of_eight_threads_never_exceed_the_bucket_and_use_at_least_90_percent_of_it(
        redis_url, namespace):
    # Given two processes of eight threads hammering one bucket of rate 2/s and burst 10
    start_at = time.time() + 1.5
    command = [sys.executable, str(SUPPORT / "hammer_rate_limiter.py"), redis_url, namespace, "8", str(SECONDS),
               str(RATE), str(BURST), str(start_at)]
    processes = [subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=subprocess_env()) for _ in range(2)]
    # When they run for ten seconds
    outputs = [p.communicate(timeout=60)[0] for p in processes]
    assert all(p.returncode == 0 for p in processes)
    grants = sorted(float(line) for out in outputs for line in out.split())
    # Then no window of the run saw more than burst + rate x window calls
    for i, first in enumerate(grants):
        for j in range(i, len(grants)):
            window = grants[j] - first + GRANT_TIME_SLACK
            assert j - i + 1 <= BURST + RATE * window + 1e-9, f"{j - i + 1} calls in {grants[j] - first:.3f}s"
    # And at least 90% of what the bucket allows was used
    allowed = BURST + RATE * SECONDS
    assert len(grants) >= 0.9 * allowed, f"only {len(grants)} of {allowed:.0f} allowed calls were made"


def test_a_drained_bucket_makes_every_caller_wait_for_the_next_token(redis_client, namespace):
    # Given a full bucket
    limiter = RateLimiter(redis_client, namespace=namespace)
    limit = RateLimit(rate=1.0, burst=5)
    # When Amazon answers 429 and the bucket is drained
    before_drain = time.monotonic()
    limiter.drain("seller:confirmShipment", limit)
    # Then the next caller must wait one token's time, less what passed since the drain (however loaded the machine)
    wait = limiter.try_acquire("seller:confirmShipment", limit)
    since_drain = time.monotonic() - before_drain
    assert 1.0 - since_drain <= wait <= 1.0


def test_amazons_rate_limit_header_replaces_the_published_rate_but_keeps_the_burst():
    published = RateLimit(rate=0.0056, burst=20)
    assert RateLimit.from_header("0.5", published) == RateLimit(0.5, 20)
    assert RateLimit.from_header(None, published) == published
    assert RateLimit.from_header("not-a-number", published) == published


def test_a_faster_rate_learnt_from_amazon_applies_at_once_without_a_debt_from_the_slower_one(
        redis_client, namespace):
    # Given a bucket used at the published rate of searchOrders (one token every ~180 s)
    limiter = RateLimiter(redis_client, namespace=namespace)
    limiter.try_acquire("seller:searchOrders", RateLimit(0.0056, 2))
    limiter.try_acquire("seller:searchOrders", RateLimit(0.0056, 2))
    # When Amazon's header says the plan is 10 per second
    faster = RateLimit(10.0, 2)
    # Then the next token comes within a tenth of a second, not in three minutes
    assert limiter.try_acquire("seller:searchOrders", faster) <= 0.1
