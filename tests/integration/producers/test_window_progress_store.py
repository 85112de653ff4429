"""The window progress store on the real Redis: compare-and-set on pages read, one continuation, a day's life."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

from bus_testing import amzbus, amzbus_json

from amzbus.bus.window_progress import TOKEN_LIFETIME_SECONDS, WindowProgress, WindowProgressStore

STREAM = "amazon:na-main:orders"


def opened() -> WindowProgress:
    return WindowProgress(after=datetime(2026, 11, 1, tzinfo=timezone.utc), before=None,
                          params={"lastUpdatedAfter": "2026-11-01T00:00:00Z"})


def test_a_stale_reader_cannot_overwrite_the_pages_a_newer_one_saved(redis_client, namespace):
    store = WindowProgressStore(redis_client, namespace=namespace)
    # Given a window opened, and two readers that loaded it at page 0
    assert store.save(STREAM, opened(), version=None)
    first, stale = store.load(STREAM), store.load(STREAM)
    # When the first saves page 1, then the stale one tries to save its own page 1
    first.pages_read, first.next_token = 1, "token-2"
    assert store.save(STREAM, first, version=0)
    stale.pages_read, stale.next_token = 1, "token-from-a-stale-reader"
    # Then the stale save is refused, and the newer state stands; a second open is refused as well
    assert not store.save(STREAM, stale, version=0)
    assert not store.save(STREAM, opened(), version=None)
    assert store.load(STREAM).next_token == "token-2"


def test_a_window_lives_as_long_as_amazons_pagination_token_and_is_gone_once_finished(redis_client, namespace):
    store = WindowProgressStore(redis_client, namespace=namespace)
    store.save(STREAM, opened(), version=None)
    assert TOKEN_LIFETIME_SECONDS - 5 < redis_client.ttl(f"{namespace}:window:{STREAM}") <= TOKEN_LIFETIME_SECONDS
    assert not store.finish(STREAM, version=3)
    assert store.finish(STREAM, version=0)
    assert store.load(STREAM) is None and store.windows() == {}


def test_only_one_continuation_is_pending_per_window_and_only_its_owner_releases_it(redis_client, namespace):
    store = WindowProgressStore(redis_client, namespace=namespace)
    assert store.claim_continuation(STREAM, "first", seconds=60)
    assert not store.claim_continuation(STREAM, "second", seconds=60)
    store.release_continuation(STREAM, "second")
    assert not store.claim_continuation(STREAM, "third", seconds=60)
    store.release_continuation(STREAM, "first")
    assert store.claim_continuation(STREAM, "third", seconds=60)


def test_status_shows_each_window_being_read_with_its_backlog_and_catch_up_eta(config_file, redis_client, namespace):
    # Given a poll a quarter through a ten-hour window, five pages read, its next token due in a minute
    store = WindowProgressStore(redis_client, namespace=namespace)
    window = opened()
    window.before = window.after + timedelta(hours=10)
    window.pages_read, window.next_token, window.events_published = 5, "token-6", 480
    window.first_seen, window.covered_until = window.after, window.after + timedelta(hours=2, minutes=30)
    window.eta_at, window.waiting_until = time.time() + 2680, time.time() + 60
    store.save(STREAM, window, version=None)
    # When an operator asks for the status
    backlog = amzbus_json("status", config=config_file)["backlogs"][STREAM]
    text = amzbus("status", config=config_file).stdout
    # Then the backlog is there, in JSON and on screen
    assert (backlog["pages_read"], backlog["events_published"], backlog["pages_left"]) == (5, 480, 15)
    assert 2640 < backlog["eta_seconds"] <= 2680 and 50 < backlog["next_token_in_seconds"] <= 60
    assert f"backlog {STREAM}: window 2026-11-01T00:00:00+00:00 .. 2026-11-01T10:00:00+00:00, 5 page(s) read, " \
           "480 event(s) published, ~15 page(s) left, catch-up ETA 44m" in text
