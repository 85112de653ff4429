"""The window progress store on the real Redis: compare-and-set on pages read, one continuation, a day's life."""

from __future__ import annotations

from datetime import datetime, timezone

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
