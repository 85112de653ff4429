"""preview_order_events (``amzbus poll orders --dry-run``): every page read, mapped, enveloped, nothing else."""

from __future__ import annotations

from datetime import datetime, timezone


from amzbus.bus.marketplaces import MarketplaceCatalog
from amzbus.connectors.amazon import preview_order_events
from amzbus.connectors.amazon.preview import UnmappableOrder
from amzbus.schemas import decode, encode

ELIGIBLE = {"MERCHANT": ("UNSHIPPED", "PARTIALLY_SHIPPED", "SHIPPED"), "AMAZON": ("SHIPPED",)}


def _expected_events(simulator) -> dict[str, str]:
    expected = {}
    for order in simulator.admin("GET", "orders", account="sim-na")["orders"]:
        if order["status"] == "CANCELLED":
            expected[order["orderId"]] = "OrderCancelled"
        elif order["status"] in ELIGIBLE[order["fulfilledBy"]]:
            expected[order["orderId"]] = "OrderPlaced"
    return expected


def test_preview_yields_the_event_of_every_order_that_has_one_and_does_nothing_else(simulator):
    # Given 40 orders of every kind ten minutes into their lifecycle (eligible, shipped by Amazon, cancelled
    # before or after they became eligible), and five new orders still pending
    simulator.admin("POST", "orders/generate", {"count": 40, "account": "sim-na", "mix": {
        "fba_ratio": 0.4, "cancel_before_eligible_ratio": 0.1, "cancel_after_eligible_ratio": 0.1, "gift_ratio": 0.3,
        "promotion_ratio": 0.3, "business_ratio": 0.2, "replacement_ratio": 0.1}})
    simulator.admin("POST", "clock/advance", {"seconds": 600})
    simulator.admin("POST", "orders/generate", {"count": 5, "account": "sim-na", "mix": {
        "auto_lifecycle": False, "fba_ratio": 0.4, "cancel_before_eligible_ratio": 0, "cancel_after_eligible_ratio": 0}})
    simulator.let_amazon_catch_up()
    expected = _expected_events(simulator)
    assert len(simulator.admin("GET", "orders", account="sim-na")["orders"]) == 45 and len(expected) == 40

    # When the poll is previewed from the beginning
    with simulator.client() as client:
        envelopes = list(preview_order_events(client, since=datetime(2020, 1, 1, tzinfo=timezone.utc),
                                              marketplaces=MarketplaceCatalog()))

    # Then there is one envelope per order with an event, of the right type, valid against the schemas
    assert {e.payload.order_id: e.event_type for e in envelopes} == expected
    assert len(envelopes) == len(expected) and {"OrderPlaced", "OrderCancelled"} <= set(expected.values())
    for envelope in envelopes:
        assert decode(encode(envelope)) == envelope
        assert (envelope.account, envelope.source) == ("sim-na", "amazon")
        assert envelope.marketplace_id in ("A2EUQ1WTGCTBG2", "A1AM78C64UM0Y8", "ATVPDKIKX0DER")
    # and the only SP-API call it made was searchOrders
    operations = simulator.admin("GET", "calls")["operations"]
    assert set(operations) == {"lwaToken", "searchOrders"}


def test_an_order_that_cannot_be_mapped_is_previewed_as_a_dead_letter_with_its_reason_and_the_rest_goes_on(simulator):
    # Given orders of the North American account in the US, Canada and Mexico, and a bus that does not know Mexico
    simulator.admin("POST", "orders/generate", {"count": 30, "account": "sim-na", "mix": {
        "fba_ratio": 0, "cancel_before_eligible_ratio": 0, "cancel_after_eligible_ratio": 0}})
    simulator.admin("POST", "clock/advance", {"seconds": 600})
    simulator.let_amazon_catch_up()
    without_mexico = MarketplaceCatalog([m for m in MarketplaceCatalog() if m.code != "MX"])
    expected = _expected_events(simulator)

    # When the poll is previewed
    with simulator.client() as client:
        previews = list(preview_order_events(client, since=datetime(2020, 1, 1, tzinfo=timezone.utc),
                                             marketplaces=without_mexico))

    # Then every order is previewed: the Mexican ones as orders a poll would dead-letter, saying why
    unmappable = [p for p in previews if isinstance(p, UnmappableOrder)]
    envelopes = [p for p in previews if not isinstance(p, UnmappableOrder)]
    assert unmappable and envelopes
    assert {p.order_id for p in unmappable} | {e.payload.order_id for e in envelopes} == set(expected)
    assert all(e.marketplace_id != "A1AM78C64UM0Y8" for e in envelopes)
    for order in unmappable:
        assert order.account == "sim-na"
        assert order.reason == (f"order {order.order_id}: salesChannel.marketplaceId: unknown marketplace "
                                "'A1AM78C64UM0Y8' (add it under [[marketplaces]])")
        assert order.as_json() == {"would_dead_letter": {"account": "sim-na", "order_id": order.order_id,
                                                         "reason": order.reason}}


def test_an_fbm_order_shipped_from_seller_central_is_read_with_its_packages(simulator):
    # Given an FBM order the seller shipped from Seller Central (outside Odoo) with UPS
    (order_id,) = simulator.admin("POST", "orders/generate", {"count": 1, "account": "sim-na", "mix": {
        "auto_lifecycle": False, "fba_ratio": 0, "cancel_before_eligible_ratio": 0,
        "cancel_after_eligible_ratio": 0}})["orders"]
    simulator.admin("POST", f"orders/{order_id}/make-eligible", {})
    simulator.admin("POST", f"orders/{order_id}/ship", {"carrier_code": "UPS", "tracking_number": "1ZSELLERCENTRAL1"})
    simulator.admin("POST", "clock/advance", {"seconds": 600})
    simulator.let_amazon_catch_up()
    # When the poll is previewed (searchOrders asks for PACKAGES)
    with simulator.client() as client:
        (envelope,) = [e for e in preview_order_events(client, since=datetime(2020, 1, 1, tzinfo=timezone.utc),
                                                       marketplaces=MarketplaceCatalog())
                       if e.payload.order_id == order_id]
    # Then its OrderPlaced says SHIPPED and carries Amazon's package: carrier, tracking number, ship time
    event = envelope.payload
    assert event.status == "SHIPPED"
    (package,) = event.packages
    assert (package.carrier, package.tracking_number, package.reference) == ("UPS", "1ZSELLERCENTRAL1", "1")
    assert package.ship_time is not None
