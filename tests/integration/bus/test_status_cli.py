"""`amzbus status`: queues, streams and the warnings an operator must act on."""

from __future__ import annotations

from datetime import datetime, timezone

from bus_testing import amzbus, amzbus_json

from amzbus.bus.stream_health import StreamHealth
from amzbus.consumers.fallback_products import FallbackProductLog


def test_status_shows_stream_health_and_order_lines_that_used_the_fallback_product(
        config_file, redis_client, namespace):
    # Given a stream that polled and failed once, and an order line that used the fallback product
    health = StreamHealth(redis_client, namespace=namespace)
    health.succeeded("amazon:eu-main:orders", cursor=datetime.now(timezone.utc))
    health.failed("amazon:eu-main:orders", RuntimeError("Amazon answered 503"))
    FallbackProductLog(redis_client, namespace=namespace).record("eu-main", "305-1234567-7654321", ["MUG-PINK"])
    # When an operator asks for the status
    report = amzbus_json("status", config=config_file)
    text = amzbus("status", config=config_file).stdout
    # Then both are there, in JSON and on screen
    stream = report["streams"]["amazon:eu-main:orders"]
    assert stream["last_error"] == "RuntimeError: Amazon answered 503" and stream["lag_seconds"] < 60
    assert report["warnings"]["fallback_product_lines"] == 1
    assert report["warnings"]["recent_fallback_products"] == [
        {"account": "eu-main", "amazon_order_id": "305-1234567-7654321", "sku": "MUG-PINK"}]
    assert "MUG-PINK" in text and "amzbus offers set" in text
    assert {q["queue"] for q in report["queues"]} == {"to_odoo", "to_amazon", "polls"}


def test_status_names_each_validated_delivery_that_cannot_be_confirmed_to_amazon(config_file, redis_client, namespace):
    # Given a delivery without tracking number, and one the bus validated itself (shipped outside Odoo)
    from amzbus.bus.fbm_orders import FbmOrders
    from amzbus.bus.shipment_state import DeliveryWarnings

    warnings = DeliveryWarnings(redis_client, namespace=namespace)
    warnings.record("eu-main", 41, delivery="WH/OUT/00041", amazon_order_id="305-1234567-7654321",
                    reason="no tracking number: add it to the delivery in Odoo and it will be confirmed")
    warnings.record("eu-main", 42, delivery="WH/OUT/00042", amazon_order_id="305-7654321-1234567", reason="x")
    FbmOrders(redis_client, namespace=namespace).mark_validated_by_bus("eu-main", [42])
    # When an operator asks for the status
    report = amzbus_json("status", config=config_file)
    text = amzbus("status", config=config_file).stdout
    # Then the first is named with its reason, the second is not a warning
    assert [w["delivery"] for w in report["warnings"]["deliveries_not_confirmed"]] == ["WH/OUT/00041"]
    assert "delivery WH/OUT/00041 of Amazon order 305-1234567-7654321 (eu-main)" in text and "WH/OUT/00042" not in text


def test_status_counts_and_shows_the_fba_skus_without_an_odoo_product(config_file, redis_client, namespace):
    from amzbus.bus.stock_state import FbaUnmapped

    FbaUnmapped(redis_client, namespace=namespace).record("na-main", "FBA-UNKNOWN-1")
    report = amzbus_json("status", config=config_file)
    text = amzbus("status", config=config_file).stdout
    assert report["warnings"]["fba_unmapped_skus"] == {"na-main": ["FBA-UNKNOWN-1"]}
    assert "1 FBA SKU(s) of na-main" in text and "FBA-UNKNOWN-1" in text
