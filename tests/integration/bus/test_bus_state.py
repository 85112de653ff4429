"""Cursors, locks and retention of the bus's state in the real Redis."""

from __future__ import annotations

import json
import time

import pytest

from amzbus.bus.cursors import Cursors
from amzbus.bus.dead_letters import DeadLetters
from amzbus.bus.errors import RetryableError
from amzbus.bus.failures import FailureStore
from amzbus.bus.locks import Locks


def test_a_cursor_moves_only_from_the_value_the_poller_read(redis_client, namespace):
    cursors = Cursors(redis_client, namespace=namespace)
    stream = "amazon:na-main:orders"
    assert cursors.get(stream) is None
    assert cursors.compare_and_set(stream, None, "2026-11-01T00:00:00Z")
    # A stale poller that read nothing cannot move it back
    assert not cursors.compare_and_set(stream, None, "2026-10-01T00:00:00Z")
    assert cursors.compare_and_set(stream, "2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z")
    assert cursors.get(stream) == "2026-11-02T00:00:00Z"
    assert cursors.streams() == {stream: "2026-11-02T00:00:00Z"}


def test_a_held_lock_makes_others_retry_and_only_its_owner_can_release_it(redis_client, namespace):
    locks = Locks(redis_client, namespace=namespace)
    with locks.hold("order:eu:1", timeout=5):
        with pytest.raises(RetryableError, match="held by another worker"):
            with locks.hold("order:eu:1", wait=0.1):
                pass
        # Another owner's lock object cannot release it
        intruder = locks.lock("order:eu:1")
        assert not intruder.owned()
    with locks.hold("order:eu:1", wait=0.1):
        pass


def test_an_expired_lock_taken_by_someone_else_is_not_released_by_its_first_holder(redis_client, namespace):
    locks = Locks(redis_client, namespace=namespace)
    with locks.hold("sku:eu:MUG", timeout=0.2):
        time.sleep(0.3)  # expired while we worked
        second = locks.lock("sku:eu:MUG", timeout=5)
        assert second.acquire(blocking=False)
    assert second.owned()  # our late release did not free the second holder's lock
    second.release()


def test_dead_letters_older_than_the_retention_are_dropped_with_their_personal_data(redis_client, namespace):
    # Given a dead letter from 31 days ago and one from today, with a 30-day retention
    failures = FailureStore(redis_client, namespace=namespace, ttl_seconds=30 * 86_400)
    letters = DeadLetters(redis_client, namespace=namespace, failures=failures, ttl_seconds=30 * 86_400)
    now_ms = time.time() * 1000
    for letter_id, age_days in (("old", 31), ("new", 0)):
        message = {"queue_name": "to_odoo", "actor_name": "apply_order_placed", "args": [{"event_id": letter_id}],
                   "kwargs": {}, "options": {}, "message_id": f"m-{letter_id}", "message_timestamp": now_ms}
        redis_client.zadd(f"{namespace}:to_odoo.XQ", {letter_id: now_ms - age_days * 86_400_000})
        redis_client.hset(f"{namespace}:to_odoo.XQ.msgs", letter_id, json.dumps(message))
    # When they are listed, the old one is gone for good
    assert [d.id for d in letters.list()] == ["new"]
    assert redis_client.hget(f"{namespace}:to_odoo.XQ.msgs", "old") is None


def test_a_dead_lettered_claim_skips_other_copies_until_its_letter_is_replayed_or_purged(redis_client, namespace):
    from amzbus.bus.idempotency import Claim, IdempotencyStore

    claims = IdempotencyStore(redis_client, namespace=namespace)
    assert claims.claim("apply_order_placed", "OrderPlaced:eu:1", "message-a") is Claim.CLAIMED
    claims.mark_dead("apply_order_placed", "OrderPlaced:eu:1", "message-a")
    # Another copy is skipped: the dead letter holds the event
    assert claims.claim("apply_order_placed", "OrderPlaced:eu:1", "message-b") is Claim.DEAD
    # The dead letter itself, replayed, takes the claim back
    assert claims.claim("apply_order_placed", "OrderPlaced:eu:1", "message-a") is Claim.CLAIMED
    claims.mark_dead("apply_order_placed", "OrderPlaced:eu:1", "message-a")
    # Once its letter is purged, a later copy is applied
    claims.forget_dead("apply_order_placed", "OrderPlaced:eu:1", "message-a")
    assert claims.claim("apply_order_placed", "OrderPlaced:eu:1", "message-b") is Claim.CLAIMED
