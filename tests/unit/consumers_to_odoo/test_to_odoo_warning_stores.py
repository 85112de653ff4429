"""What the consumers keep in Redis: fallback-product warnings for `amzbus status`, cancellations before import."""

import fakeredis

from amzbus.consumers.cancelled_orders import CancelledOrders
from amzbus.consumers.fallback_products import FallbackProductLog


def test_fallback_lines_are_kept_by_ids_only_and_counted_once_per_line():
    # Given a log
    redis = fakeredis.FakeRedis()
    log = FallbackProductLog(redis, namespace="ns")
    # When two lines of an order fall back, and the same order is applied again
    log.record("na-main", "111-1111111-1111111", ["SKU-A", "SKU-B"])
    log.record("na-main", "111-1111111-1111111", ["SKU-A"])
    # Then each line is there once, newest first, with ids only
    assert log.count() == 2
    assert [(w.account, w.amazon_order_id, w.sku) for w in log.recent()] == \
        [("na-main", "111-1111111-1111111", "SKU-A"), ("na-main", "111-1111111-1111111", "SKU-B")]
    assert redis.ttl("ns:warnings:fallback_products") > 29 * 86_400


def test_old_fallback_warnings_are_trimmed():
    redis = fakeredis.FakeRedis()
    redis.zadd("ns:warnings:fallback_products", {'["a", "111-1111111-1111111", "OLD"]': 1.0})
    log = FallbackProductLog(redis, namespace="ns")
    log.record("a", "222-2222222-2222222", ["NEW"])
    assert [w.sku for w in log.recent()] == ["NEW"] and log.count() == 1


def test_recording_no_line_writes_nothing():
    redis = fakeredis.FakeRedis()
    FallbackProductLog(redis, namespace="ns").record("a", "222-2222222-2222222", [])
    assert redis.keys("*") == []


def test_an_order_cancelled_before_import_is_remembered_per_account():
    redis = fakeredis.FakeRedis()
    cancelled = CancelledOrders(redis, namespace="ns")
    cancelled.mark("eu-main", "305-1234567-7654321")
    assert cancelled.is_marked("eu-main", "305-1234567-7654321")
    assert not cancelled.is_marked("na-main", "305-1234567-7654321")
    assert 0 < redis.ttl("ns:cancelled_before_import:eu-main:305-1234567-7654321") <= 30 * 86_400
