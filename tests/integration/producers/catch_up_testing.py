"""A backlog three times searchOrders' burst, at token intervals longer than the limiter's in-place sleep.

The simulator runs 60x faster: Amazon's 0.0056 token/s becomes one token every 2.98 s, above the
2-second wait the rate limiter sleeps through in place, so every token after the burst is a real wait.
The seller's burst is cut to 4 (Amazon's is 20) and pages hold one order, so three bursts are 12 pages
and a drain takes about half a minute. The account's client is told the same usage plan. Odoo is never
reached: the events wait in the ``to_odoo`` queue.
"""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager

import dramatiq
from stack_testing import simulator_config

from amzbus.bus.config_file import load_settings
from amzbus.bus.rate_limiter import RateLimit
from amzbus.connectors.amazon.rate_limits import PUBLISHED_RATE_LIMITS, RateLimitBook
from amzbus.ops.runtime import Runtime
from amzbus.producers.scheduler import run_scheduler

ACCOUNT, STREAM = "sim-na", "amazon:sim-na:orders"
RATE, BURST = 0.0056, 4
PAGES = 3 * BURST
SETTLED_FBM = {"eligible_after_seconds": [1, 2], "fba_ratio": 0.0, "cancel_before_eligible_ratio": 0.0,
               "cancel_after_eligible_ratio": 0.0}


def place_backlog(amazon, count: int = PAGES) -> list[str]:
    """``count`` FBM orders on sim-na, eligible and older than the freshness margin when this returns."""
    amazon.state.set_rate_limit("searchOrders", rate=RATE, burst=BURST)
    ids = amazon.state.generate_orders(count=count, account=ACCOUNT, mix=SETTLED_FBM)
    time.sleep(4.0)
    return ids


def catch_up_runtime(tmp_path, *, amazon, redis_url: str, namespace: str) -> Runtime:
    path, env = simulator_config(tmp_path / "amzbus.toml", amazon=amazon, redis_url=redis_url, namespace=namespace,
                                 odoo_url="http://127.0.0.1:9", page_size=1, orders_seconds=2)
    runtime = Runtime(load_settings(path), environ=env)
    runtime.register_consumers()
    runtime.amazon_clients[ACCOUNT].session.rate_limits = RateLimitBook(
        {**PUBLISHED_RATE_LIMITS, "searchOrders": RateLimit(RATE, BURST)}, shared=runtime.rate_limiter)
    return runtime


class Observed:
    """What the producer publishes (passed on to the real bus) and each wait it hands over."""

    def __init__(self, runtime: Runtime) -> None:
        self.published, self.waits = [], []
        publish, continue_later = runtime.bus.publish, runtime._continue_orders_poll

        def publishing(envelope):
            if envelope.event_type in ("OrderPlaced", "OrderCancelled"):  # the orders stream's (not the FBA stream's)
                self.published.append(envelope)
            return publish(envelope)

        def continuing(account, continuation, delay_seconds):
            self.waits.append(delay_seconds)
            return continue_later(account, continuation, delay_seconds)

        runtime.bus.publish = publishing
        runtime._continue_orders_poll = continuing

    @property
    def order_ids(self) -> set[str]:
        return {e.payload.order_id for e in self.published}


@contextmanager
def polls_worker(runtime: Runtime, *, threads: int = 2):
    """A real Dramatiq worker on the ``polls`` queue, in this process (so it shares the observed runtime)."""
    worker = dramatiq.Worker(runtime.bus.broker, queues={"polls", "polls.DQ"}, worker_threads=threads)
    worker.start()
    try:
        yield worker
    finally:
        worker.stop()


@contextmanager
def scheduler(runtime: Runtime):
    stop = threading.Event()
    thread = threading.Thread(target=run_scheduler, args=(runtime,), kwargs={"stop": stop}, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(10)


def search_stats(amazon) -> tuple[dict, dict]:
    """searchOrders' statuses, and sim-na's pages served and orders served more than once."""
    calls = amazon.state.call_counts()
    seller = amazon.state.accounts_json()[0]["sellerId"]
    return calls["operations"].get("searchOrders", {}), calls["search_pages"].get(seller, {})
