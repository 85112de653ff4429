"""The shipments flow against both simulators: Odoo deliveries validated -> confirmShipment on Amazon."""

from __future__ import annotations

import pytest

from amzbus.bus.errors import PermanentError, RetryableError
from amzbus.bus.shipment_state import DeliveryWarnings
from amzbus.consumers.to_amazon import ToAmazon
from amzbus.schemas import decode, encode
from amzbus.connectors.amazon import order_envelope
from amzbus.connectors.odoo import shipments as odoo_shipments_reader
from amzbus.producers import odoo_shipments
from flows_testing import FBM_ONLY, amazon, odoo_sim, world  # noqa: F401  (fixtures)


def confirm_all(world, handlers=None) -> list[str]:
    handlers = handlers or ToAmazon.from_runtime(world.runtime)
    outcomes = [handlers.confirm_shipment(envelope) for envelope in world.published
                if envelope.event_type == "ShipmentConfirmed"]
    world.published.clear()
    return outcomes


def packages(world, order_id: str) -> list[dict]:
    return [s for s in world.amazon.state.confirmed_shipments("sim-na") if s["orderId"] == order_id]


def test_a_validated_delivery_is_confirmed_on_amazon_with_carrier_tracking_and_items(world):
    # Given an FBM order imported into Odoo, its delivery validated with DHL Express and a tracking number
    (order_id,) = world.fbm_orders(1)
    (picking_id,) = world.ship(order_id, carrier="DHL Express", tracking="JD014600003SE")
    # When the shipments stream is polled and its event applied
    result = world.runtime.shipments_producer("sim-na").poll()
    assert result.events_published == 1
    event = world.published[0].payload
    assert confirm_all(world) == ["confirmed"]
    # Then Amazon has one package: the picking id as reference, DHL's code, the tracking, every item and unit
    (package,) = packages(world, order_id)
    assert package["packageReferenceId"] == str(picking_id) and package["carrierCode"] == "DHL"
    assert package["carrierName"] == "DHL Express" and package["trackingNumber"] == "JD014600003SE"
    amazon_items = {i["orderItemId"]: i["quantityOrdered"] for i in world.amazon.state.order_json(order_id)["orderItems"]}
    assert {i["orderItemId"]: i["quantity"] for i in package["items"]} == amazon_items
    assert event.delivery_reference.startswith("WH/OUT/")
    assert world.amazon.state.order_json(order_id)["fulfillment"]["fulfillmentStatus"] == "SHIPPED"


def test_fba_deliveries_are_not_read_by_the_shipments_poll(world, monkeypatch):
    # Given an FBA order shipped by Amazon, imported into Odoo and delivered there from the FBA location
    (fba_order,) = world.amazon.state.generate_orders(count=1, account="sim-na", mix={**FBM_ONLY, "fba_ratio": 1.0})
    world.amazon.state.ship_order(fba_order)
    world.to_odoo.apply_order_placed(order_envelope(world.amazon.state.order_json(fba_order), account="sim-na",
                                                    marketplaces=world.runtime.settings.marketplaces))
    assert world.odoo.read("sale.order", [world.sale_order_id(fba_order)], ["delivery_status"])[0]["delivery_status"] \
        == "full"
    # And an FBM order shipped in Odoo
    (fbm_order,) = world.fbm_orders(1)
    world.ship(fbm_order)
    read = []

    def reading(*args, **options):
        batch = odoo_shipments_reader.read_validated_deliveries(*args, **options)
        read.extend(delivery.amazon_order_id for delivery in batch.deliveries)
        return batch
    monkeypatch.setattr(odoo_shipments, "read_validated_deliveries", reading)
    # When the shipments stream is polled
    result = world.runtime.shipments_producer("sim-na").poll()
    # Then only the FBM delivery was read (the FBA one, which Amazon shipped, is not even read), and it is published
    assert read == [fbm_order]
    assert result.events_published == 1 and world.published[0].payload.amazon_order_id == fbm_order


def test_a_partial_delivery_and_its_backorder_are_two_packages_with_their_own_quantities(world):
    # Given an order of several units, of which one unit of the first product is shipped first
    order_id = world.fbm_order_of_several_units()
    moves = world.ordered_moves(order_id)
    first_product = moves[0]["product_id"][0]
    total_units = sum(m["product_uom_qty"] for m in moves)
    world.ship(order_id, quantities={first_product: 1})
    world.runtime.shipments_producer("sim-na").poll()
    assert confirm_all(world) == ["confirmed"]
    assert world.amazon.state.order_json(order_id)["fulfillment"]["fulfillmentStatus"] == "PARTIALLY_SHIPPED"
    # When the backorder is validated later
    world.ship(order_id)
    world.runtime.shipments_producer("sim-na").poll()
    assert confirm_all(world) == ["confirmed"]
    # Then Amazon has two packages that add up to the order, and the order is shipped
    first, second = packages(world, order_id)
    assert sum(i["quantity"] for i in first["items"]) == 1
    assert sum(i["quantity"] for p in (first, second) for i in p["items"]) == total_units
    assert world.amazon.state.order_json(order_id)["fulfillment"]["fulfillmentStatus"] == "SHIPPED"


def test_a_delivery_read_again_or_replayed_is_not_confirmed_twice(world):
    # Given a delivery confirmed once
    (order_id,) = world.fbm_orders(1)
    world.ship(order_id)
    producer = world.runtime.shipments_producer("sim-na")
    producer.poll()
    envelope = world.published[0]
    handlers = ToAmazon.from_runtime(world.runtime)
    assert confirm_all(world, handlers) == ["confirmed"]
    calls_before = world.amazon.state.call_counts()["operations"]["confirmShipment"]["calls"]
    # When the next poll reads it again (overlap) and the same event is applied again (a replay)
    producer.poll()
    assert world.published == []
    assert handlers.confirm_shipment(decode(encode(envelope))) == "already_applied"
    # Then Amazon was not called again and still has one package
    assert world.amazon.state.call_counts()["operations"]["confirmShipment"]["calls"] == calls_before
    assert len(packages(world, order_id)) == 1


def test_amazon_saying_the_package_is_already_confirmed_counts_as_confirmed(world):
    # Given a delivery whose package Amazon already has (confirmed by another worker that died before recording it)
    (order_id,) = world.fbm_orders(1)
    world.ship(order_id)
    world.runtime.shipments_producer("sim-na").poll()
    envelope = world.published[0]
    world.runtime.amazon_clients["sim-na"].shipments.confirm_shipment(envelope.payload,
                                                                      marketplace_id=envelope.marketplace_id)
    # When the event is applied
    assert confirm_all(world) == ["already_confirmed"]
    # Then it is done, with one package on Amazon
    assert len(packages(world, order_id)) == 1


def test_a_delivery_without_tracking_is_not_confirmed_and_is_a_warning_naming_it(world):
    # Given a delivery validated without a tracking number
    (order_id,) = world.fbm_orders(1)
    (picking_id,) = world.ship(order_id, tracking=None)
    # When the stream is polled
    result = world.runtime.shipments_producer("sim-na").poll()
    # Then nothing is published, and the warning names the delivery and the order
    assert result.events_published == 0 and world.published == []
    warnings = DeliveryWarnings(world.runtime.redis, namespace=world.runtime.namespace).current()
    assert [(w.picking_id, w.amazon_order_id) for w in warnings] == [(picking_id, order_id)]
    assert warnings[0].delivery.startswith("WH/OUT/") and "tracking" in warnings[0].reason
    # And once the tracking number is added in Odoo, the next poll confirms it and the warning goes
    world.odoo.write("stock.picking", [picking_id], {"carrier_tracking_ref": "1Z999AA10123456784"})
    world.runtime.shipments_producer("sim-na").poll()
    assert confirm_all(world) == ["confirmed"]
    assert DeliveryWarnings(world.runtime.redis, namespace=world.runtime.namespace).current() == []


def test_orders_first_seen_shipped_on_amazon_are_not_confirmed_again(world):
    # Given an FBM order shipped from Seller Central before the bus saw it: the import validates its delivery
    ids = world.amazon.state.generate_orders(count=1, account="sim-na", mix=FBM_ONLY)
    world.amazon.state.make_eligible(ids[0])
    world.amazon.state.ship_order(ids[0], carrier_code="UPS", tracking_number="1Z0000")
    world.to_odoo.apply_order_placed(order_envelope(world.amazon.state.order_json(ids[0]), account="sim-na",
                                                    marketplaces=world.runtime.settings.marketplaces))
    # When the shipments stream is polled
    result = world.runtime.shipments_producer("sim-na").poll()
    # Then nothing is published and nothing is a warning
    assert result.events_published == 0 and world.published == []
    assert DeliveryWarnings(world.runtime.redis, namespace=world.runtime.namespace).current() == []


def test_more_units_than_ordered_is_dead_lettered_with_amazons_message(world):
    # Given a delivery event claiming one more unit than Amazon's order has
    (order_id,) = world.fbm_orders(1)
    world.ship(order_id)
    world.runtime.shipments_producer("sim-na").poll()
    envelope = world.published[0]
    first = envelope.payload.items[0]
    bigger = type(first)(first.order_item_id, first.quantity + 5)
    event = type(envelope.payload)(**{**envelope.payload.__dict__, "items": (bigger, *envelope.payload.items[1:])})
    tampered = type(envelope)(**{**envelope.__dict__, "payload": event})
    # When it is applied, Then Amazon's refusal is a permanent error carrying Amazon's own words
    with pytest.raises(PermanentError) as refused:
        ToAmazon.from_runtime(world.runtime).confirm_shipment(tampered)
    assert "exceeds the quantity not yet shipped" in refused.value.message
    assert packages(world, order_id) == []


def test_a_429_is_retryable_and_never_a_dead_letter(world):
    # Given two deliveries, and Amazon's confirmShipment plan cut to one call (a plan smaller than the published one)
    first_order, second_order = world.fbm_orders(2)
    world.ship(first_order)
    world.ship(second_order)
    world.runtime.shipments_producer("sim-na").poll()
    world.amazon.state.set_rate_limit("confirmShipment", rate=0.001, burst=1)
    handlers = ToAmazon.from_runtime(world.runtime)
    first, second = world.published
    assert handlers.confirm_shipment(first) == "confirmed"
    # When the second is applied at once, Then Amazon's 429 is a retryable error with a delay, not a refusal
    with pytest.raises(RetryableError) as throttled:
        handlers.confirm_shipment(second)
    assert throttled.value.code == "QuotaExceeded" and not isinstance(throttled.value, PermanentError)
    # And the next attempt waits for the limiter (drained by the 429, at Amazon's plan) instead of calling Amazon
    calls = world.amazon.state.call_counts()["operations"]["confirmShipment"]["calls"]
    with pytest.raises(RetryableError) as waiting:
        handlers.confirm_shipment(second)
    assert waiting.value.code == "RateLimited" and waiting.value.delay_seconds > 0
    assert world.amazon.state.call_counts()["operations"]["confirmShipment"]["calls"] == calls
    assert packages(world, second_order) == []


def test_a_poll_while_odoo_is_away_is_left_to_the_next_tick_and_recorded(world):
    # Given the worker's poll task, and an Odoo that refuses connections
    import time

    world.runtime.register_consumers()
    task = world.runtime.bus.broker.get_actor("poll_odoo_shipments")
    world.odoo_server.refuse_connections(3.0)
    # When a tick runs
    task.fn("sim-na", time.time(), 60.0)
    # Then it returns (no retry, no dead letter) and the stream's health names the failure
    health = world.runtime.stream_health.report()["odoo:sim-na:shipments"]
    assert health["last_error"] and "odoo" in health["last_error"].lower()
