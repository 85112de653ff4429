"""A message is acknowledged only once its outcome is durably recorded, whatever Redis does meanwhile.

Each test makes its fault happen at a known point of a message's life (inside the handler, or while
a retry waits in the worker) by stopping a private Redis with AOF, as `redis-cli shutdown` does, and
starting it again from the same directory.
"""

from __future__ import annotations

import threading
import time

import dramatiq
import pytest
import redis.exceptions as redis_errors
from bus_testing import wait_for
from events import stock_changed

from amzbus.bus.app import Consumer
from amzbus.bus.errors import PermanentError, RetryableError


class Handler:
    """A consumer that counts its calls and runs the test's ``on_attempt`` steps."""

    def __init__(self, on_attempt) -> None:
        self.calls = 0
        self.applied = 0
        self._lock = threading.Lock()
        self._on_attempt = on_attempt

    def __call__(self, envelope) -> None:
        with self._lock:
            self.calls += 1
            attempt = self.calls
        self._on_attempt(attempt)
        with self._lock:
            self.applied += 1


def fails_first_as_redis_goes_down(server, *, down_seconds: float):
    """Steps of a handler whose first attempt fails (Odoo busy) just after Redis shut down."""
    def on_attempt(attempt):
        if attempt == 1:
            server.stop()
            threading.Timer(down_seconds, server.start).start()
            raise RetryableError("Odoo busy")
    return on_attempt


@pytest.fixture
def run_worker():
    workers = []

    def start(runtime, handler, *, threads: int = 4, **options):
        runtime.bus.subscribe(Consumer(name="apply_stock", event_type="StockChanged", queue="to_amazon",
                                       handler=handler, options=options))
        runtime.parts.broker.emit_after("process_boot")  # as ops/worker.py does (TimeLimit's watchdog)
        worker = dramatiq.Worker(runtime.parts.broker, worker_threads=threads, worker_timeout=200)
        worker.start()
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop(timeout=5_000)


def answers(redis) -> bool:
    try:
        return redis.ping()
    except redis_errors.ConnectionError:
        return False


def claim_of(runtime, event_id: str) -> bytes | None:
    return runtime.parts.redis.get(f"{runtime.namespace}:applied:apply_stock:{event_id}")


def test_a_retry_that_redis_could_not_take_is_enqueued_when_redis_is_back(private_redis, runtime_on, run_worker):
    # Given a handler that fails its first attempt while Redis is down (shut down mid-message)
    runtime = runtime_on(private_redis.url)
    handler = Handler(fails_first_as_redis_goes_down(private_redis, down_seconds=2.0))
    run_worker(runtime, handler)
    event = stock_changed()
    # When the event is published
    runtime.bus.publish(event)
    # Then its retry waited for Redis, and the event was applied once
    wait_for(lambda: handler.applied == 1, timeout=30, message="the retry after the restart")
    assert handler.calls == 2
    wait_for(lambda: claim_of(runtime, event.event_id) == b"done", message="the claim to be done")
    assert runtime.dead_letters.list() == []


def test_a_handler_that_lost_redis_mid_message_leaves_no_claim_behind(private_redis, runtime_on, run_worker):
    # Given a handler whose own Redis calls fail (Redis restarted while it runs), then a second copy
    def on_attempt(attempt):
        if attempt == 1:
            private_redis.restart(down_seconds=1.0)
            raise ConnectionError("Redis went away while applying")
    runtime = runtime_on(private_redis.url)
    handler = Handler(on_attempt)
    run_worker(runtime, handler, threads=1)
    event = stock_changed()
    runtime.bus.publish(event)
    wait_for(lambda: handler.applied == 1, timeout=30, message="the retry")
    # When another copy of the event arrives (an overlapping poll)
    runtime.bus.publish(event)
    time.sleep(1.0)
    # Then it is skipped as done: applied once, nothing dead-lettered
    assert handler.applied == 1 and claim_of(runtime, event.event_id) == b"done"
    assert runtime.dead_letters.list() == []


def test_a_retry_waiting_in_the_worker_survives_a_redis_restart(private_redis, runtime_on, run_worker):
    # Given a message whose retry waits 3 s in the worker's memory (a throttled call)
    def on_attempt(attempt):
        if attempt == 1:
            raise RetryableError("throttled", delay_seconds=3.0)
    runtime = runtime_on(private_redis.url)
    handler = Handler(on_attempt)
    run_worker(runtime, handler)
    runtime.bus.publish(stock_changed())
    redis = runtime.parts.redis
    held = f"{runtime.namespace}:__acks__.{runtime.parts.broker.broker_id}.to_amazon.DQ"
    wait_for(lambda: redis.scard(held) == 1, message="the worker to hold the delayed retry")
    # When Redis restarts meanwhile (the worker's consumer loses its connection and its memory)
    private_redis.restart(down_seconds=2.0)
    # Then the retry still runs, once
    wait_for(lambda: handler.applied == 1, timeout=30, message="the delayed retry after the restart")
    time.sleep(1.0)
    assert handler.calls == 2 and handler.applied == 1


def holds_claim_until_a_copy_waits(runtime, *, then):
    """Steps of a handler whose first attempt holds the event until another copy found it claimed and was
    delayed, then ends with ``then()``."""
    delayed = f"{runtime.namespace}:to_amazon.DQ.msgs"

    def on_attempt(attempt):
        if attempt == 1:
            wait_for(lambda: runtime.parts.redis.hlen(delayed) == 1, timeout=20, message="the copy to be delayed")
            then()
    return on_attempt


def drained(runtime) -> bool:
    redis = runtime.parts.redis
    return redis.hlen(f"{runtime.namespace}:to_amazon.msgs") == 0 and \
        redis.hlen(f"{runtime.namespace}:to_amazon.DQ.msgs") == 0


def test_a_copy_of_an_event_being_applied_waits_and_is_skipped_once_it_is_applied(private_redis, runtime_on,
                                                                                    run_worker):
    # Given two copies of one event, the first being applied while the second arrives
    runtime = runtime_on(private_redis.url)
    handler = Handler(holds_claim_until_a_copy_waits(runtime, then=lambda: None))
    run_worker(runtime, handler)
    event = stock_changed()
    runtime.bus.publish(event)
    wait_for(lambda: handler.calls == 1, message="the first copy to start")
    runtime.bus.publish(event)
    # When the first copy is applied, and the second comes back after its delay
    wait_for(lambda: drained(runtime), timeout=30, message="both copies to be settled")
    # Then the event was applied once, and the second copy was kept until then and skipped
    assert handler.calls == 1 and handler.applied == 1
    assert claim_of(runtime, event.event_id) == b"done" and runtime.dead_letters.list() == []


def test_a_copy_of_a_dead_lettered_event_is_skipped_and_the_dead_letter_replays_it(private_redis, runtime_on,
                                                                                    run_worker):
    # Given two copies of one event, the first refused for good while the second waits
    runtime = runtime_on(private_redis.url)

    def refuse():
        raise PermanentError("Amazon refused the quantity")
    handler = Handler(holds_claim_until_a_copy_waits(runtime, then=refuse))
    run_worker(runtime, handler)
    event = stock_changed()
    runtime.bus.publish(event)
    wait_for(lambda: handler.calls == 1, message="the first copy to start")
    runtime.bus.publish(event)
    # When both copies are settled
    wait_for(lambda: drained(runtime), timeout=30, message="both copies to be settled")
    # Then there is one dead letter, and the second copy did not apply the event behind it
    letters = runtime.dead_letters.list()
    assert len(letters) == 1 and handler.applied == 0 and handler.calls == 1
    # When the operator replays the dead letter
    runtime.dead_letters.replay([letters[0].id])
    # Then the event is applied, once
    wait_for(lambda: handler.applied == 1, timeout=30, message="the replay")
    assert claim_of(runtime, event.event_id) == b"done" and runtime.dead_letters.list() == []


def test_an_applied_event_is_marked_done_with_its_ack_once_redis_is_back(private_redis, runtime_on, run_worker):
    # Given a handler that succeeds just as Redis shuts down (the ack and the "done" mark cannot be written)
    def on_attempt(attempt):
        private_redis.stop()
        threading.Timer(2.0, private_redis.start).start()
    runtime = runtime_on(private_redis.url)
    handler = Handler(on_attempt)
    run_worker(runtime, handler)
    event = stock_changed()
    runtime.bus.publish(event)
    # When Redis comes back
    wait_for(lambda: handler.applied == 1, message="the handler")
    redis = runtime.parts.redis
    wait_for(lambda: answers(redis), message="Redis to restart")
    wait_for(lambda: claim_of(runtime, event.event_id) == b"done", timeout=30, message="the done mark")
    # Then the message was acknowledged with it, and never applied again
    wait_for(lambda: redis.hlen(f"{runtime.namespace}:to_amazon.msgs") == 0, message="the ack")
    time.sleep(1.0)
    assert handler.calls == 1


def test_an_outage_longer_than_the_time_limit_still_ends_in_a_retry(private_redis, runtime_on, run_worker):
    # Given an actor allowed 1 s per message, whose first attempt fails as Redis goes down for 4 s
    runtime = runtime_on(private_redis.url)
    handler = Handler(fails_first_as_redis_goes_down(private_redis, down_seconds=4.0))
    run_worker(runtime, handler, time_limit=1_000)
    # When the event is published
    runtime.bus.publish(stock_changed())
    # Then the time limit did not cut the wait for Redis short: the retry ran
    wait_for(lambda: handler.applied == 1, timeout=30, message="the retry after the outage")
