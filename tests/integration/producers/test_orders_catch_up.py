"""Catch-up at Amazon's real token intervals: a backlog of three bursts drains, each page read once, no 429.

See ``catch_up_testing`` for the set-up: one searchOrders token every 2.98 s after a burst of 4, pages of
one order, a real Dramatiq worker for the polls, the real scheduler where a test needs it.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import datetime, timezone

import pytest
from bus_testing import wait_for
from catch_up_testing import (ACCOUNT, BURST, PAGES, STREAM, Observed, catch_up_runtime, place_backlog, polls_worker,
                              scheduler, search_stats)

from amzbus.bus.window_progress import WindowProgress


@pytest.fixture
def runtime(tmp_path, amazon, redis_url, namespace):
    return catch_up_runtime(tmp_path, amazon=amazon, redis_url=redis_url, namespace=namespace)


def status_of(tmp_path, runtime) -> dict:
    result = subprocess.run([sys.executable, "-m", "amzbus", "--config", str(tmp_path / "amzbus.toml"), "status",
                             "--json"], capture_output=True, text=True, env=dict(runtime.environ), timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_first_poll_drains_three_bursts_of_pages_reading_each_page_once(runtime, amazon, tmp_path):
    # Given a backlog of three bursts of pages, and a token interval longer than the in-place sleep
    backlog = place_backlog(amazon)
    observed = Observed(runtime)
    client = runtime.amazon_clients[ACCOUNT]
    now = datetime.now(timezone.utc)

    # When the scheduler's first poll runs on a worker
    with polls_worker(runtime):
        runtime.bus.send_task("poll_amazon_orders", ACCOUNT, time.time(), 600.0)
        wait_for(lambda: (runtime.windows.load(STREAM) or WindowProgress(now, None, {})).pages_read > BURST,
                 timeout=60, message="the poll to be past the burst")
        backlog_seen = status_of(tmp_path, runtime)["backlogs"][STREAM]
        wait_for(lambda: runtime.cursors.get(STREAM), timeout=120, message="the window to be read to its end")

    # Then `amzbus status` showed the backlog and its ETA while it drained
    assert backlog_seen["pages_read"] > BURST and backlog_seen["pages_left"] >= 1
    assert backlog_seen["eta_seconds"] > 0 and backlog_seen["window_end"] is not None
    assert status_of(tmp_path, runtime)["backlogs"] == {}
    # And every order was published, each page read once, nothing throttled, and the waits were handed over
    statuses, pages = search_stats(amazon)
    assert observed.order_ids == set(backlog)
    assert statuses["statuses"] == {"200": PAGES} and statuses["throttled"] == 0
    assert pages == {"pages": PAGES, "orders_served": PAGES, "orders_served_again": 0}
    seconds_per_token = 1 / client.session.pacing(f"{ACCOUNT}:searchOrders", "searchOrders").rate
    assert seconds_per_token > runtime.rate_limiter.max_sleep_seconds
    assert observed.waits, "no wait for a token was handed over"
    assert runtime.windows.load(STREAM) is None
    assert runtime.stream_health.report()[STREAM]["last_error"] is None


def test_a_resync_of_three_bursts_waits_in_place_and_resumes_where_it_was_interrupted(runtime, amazon):
    # Given the same backlog, and a resync interrupted (Ctrl-C) at its first wait for a token
    backlog = place_backlog(amazon)
    observed = Observed(runtime)
    producer = runtime.orders_producer(ACCOUNT)
    since = datetime(2020, 1, 1, tzinfo=timezone.utc)

    def interrupted(seconds):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        producer.resync(since, sleep=interrupted)
    read_before = runtime.windows.load(producer.resync_window).pages_read
    assert BURST - 1 <= read_before < PAGES

    # When it is run again from the same date
    seen = []
    result = producer.resync(since, progress=lambda window: seen.append(window.pages_read))

    # Then it carried on from the first page not read, to the end, in the same bucket, the cursor untouched
    statuses, pages = search_stats(amazon)
    assert (result.pages_read, result.events_published) == (PAGES, PAGES)
    assert observed.order_ids == set(backlog)
    assert statuses["statuses"] == {"200": PAGES} and statuses["throttled"] == 0
    assert pages["orders_served_again"] == 0
    assert min(seen) >= read_before and seen[-1] == PAGES
    assert runtime.cursors.get(STREAM) is None and runtime.windows.load(producer.resync_window) is None


def test_after_a_storm_of_503s_with_the_plan_cut_the_backlog_drains_without_reading_a_page_twice(runtime, amazon):
    # Given the backlog, and Amazon answering 503 on 30% of searchOrders (2% malformed) with its plan cut to a quarter
    backlog = place_backlog(amazon)
    observed = Observed(runtime)
    amazon.state.set_fault("searchOrders", {"error_ratio": 0.3, "error_status": 503, "malformed_ratio": 0.02})
    amazon.state.set_rate_limit("searchOrders", rate=0.0056 / 4, burst=BURST)

    # When the scheduler and a worker run through 12 s of storm, then Amazon recovers
    with polls_worker(runtime), scheduler(runtime):
        time.sleep(12)
        storm, _ = search_stats(amazon)
        amazon.state.clear_faults()
        amazon.state.set_rate_limit("searchOrders", rate=0.0056, burst=BURST)
        wait_for(lambda: runtime.cursors.get(STREAM), timeout=150, message="the window to be read to its end")

    # Then every order was published, no order was served twice, and nothing was throttled after the storm
    statuses, pages = search_stats(amazon)
    assert storm["faults"] > 0
    assert observed.order_ids == set(backlog)
    assert pages["orders_served"] == PAGES and pages["orders_served_again"] == 0
    assert statuses["throttled"] == storm["throttled"]
    assert runtime.amazon_clients[ACCOUNT].session.rate_limits.limit(
        f"{ACCOUNT}:searchOrders", "searchOrders").rate == pytest.approx(0.0056 * 60)


def test_a_poll_amazon_fails_with_a_503_is_left_to_the_next_tick_which_reads_on_without_a_dead_letter(runtime, amazon):
    # Given two orders on Amazon, and Amazon answering 503 to every searchOrders
    backlog = place_backlog(amazon, count=2)
    observed = Observed(runtime)
    amazon.state.set_fault("searchOrders", {"error_ratio": 1.0, "error_status": 503})
    task = runtime.bus.broker.get_actor("poll_amazon_orders")

    # When a tick runs, it returns (no retry to pile up, nothing to dead-letter) and the stream's health names it
    task.fn(ACCOUNT, time.time(), 600.0)
    assert "AmazonUnavailable" in runtime.stream_health.report()[STREAM]["last_error"]
    assert observed.order_ids == set() and runtime.cursors.get(STREAM) is None

    # And once Amazon answers again, the next tick reads the window and moves the cursor
    amazon.state.clear_faults()
    task.fn(ACCOUNT, time.time(), 600.0)
    statuses, _ = search_stats(amazon)
    assert statuses["statuses"]["503"] >= 1
    assert observed.order_ids == set(backlog) and runtime.cursors.get(STREAM) is not None
    assert runtime.dead_letters.list() == []


class BrokerDown(Exception):
    """What a publish raises when the broker cannot take the message."""


def test_a_publish_failing_mid_page_fails_the_poll_and_keeps_the_cursor_and_the_page(runtime, amazon):
    # Given five orders, pages of one, and a broker that refuses the third event
    backlog = place_backlog(amazon, count=5)
    observed = Observed(runtime)
    producer = runtime.orders_producer(ACCOUNT)
    publish = producer._publish
    attempts = []

    def failing_third(envelope):
        attempts.append(envelope.payload.order_id)
        if len(attempts) == 3:
            raise BrokerDown("Redis is not reachable")
        return publish(envelope)

    producer._publish = failing_third

    # When the poll runs, it fails visibly, and leaves the cursor and the unpublished page where they were
    with pytest.raises(BrokerDown):
        producer.poll()
    window = runtime.windows.load(STREAM)
    assert runtime.cursors.get(STREAM) is None
    assert window.pages_read == 2 and window.events_published == 2
    assert "BrokerDown" in runtime.stream_health.report()[STREAM]["last_error"]

    # And the next poll reads on from the failed page (after a wait for its token), and only then moves the cursor
    with polls_worker(runtime):
        runtime.bus.send_task("poll_amazon_orders", ACCOUNT, time.time(), 600.0)
        cursor = wait_for(lambda: runtime.cursors.get(STREAM), timeout=60, message="the window to be read to its end")
    _, pages = search_stats(amazon)
    assert cursor == window.before.isoformat()
    assert observed.order_ids == set(backlog) and len(observed.published) == 5
    assert attempts[2] == attempts[3]  # the failed page, and only it, was read again
    assert pages == {"pages": 6, "orders_served": 5, "orders_served_again": 1}


def test_a_window_whose_token_amazon_refuses_is_read_again_from_its_start(runtime, amazon):
    # Given a window left more than a day ago: Amazon no longer knows its next page's token
    backlog = place_backlog(amazon, count=2)
    observed = Observed(runtime)
    producer = runtime.orders_producer(ACCOUNT)
    window = producer.reader.open(STREAM, after=producer.window_start(None))
    window.pages_read, window.next_token = 1, "a-token-older-than-24-hours"
    assert runtime.windows.save(STREAM, window, version=0)

    # When the next poll runs
    result = producer.poll()

    # Then Amazon's refusal opened the window again, and every order of it was published
    statuses, _ = search_stats(amazon)
    assert statuses["statuses"] == {"200": 2, "400": 1}
    assert result.cursor_moved and observed.order_ids == set(backlog)


def test_a_continuation_that_finds_the_account_busy_sends_itself_again_shortly(runtime):
    # Given a poll of the account running, which may count on the continuation pending
    observed = Observed(runtime)
    producer = runtime.orders_producer(ACCOUNT)
    running = runtime.locks.lock(f"poll:{STREAM}", timeout=30)
    assert running.acquire(blocking=False)
    assert runtime.windows.claim_continuation(STREAM, "pending", seconds=60)

    # When that continuation arrives
    result = producer.poll(continuation="pending")

    # Then it steps aside, but hands its place to a new continuation due a second later: the chain holds
    assert result.skipped and observed.waits == [pytest.approx(1.0)]
    assert not runtime.windows.claim_continuation(STREAM, "another", seconds=60)
    running.release()
