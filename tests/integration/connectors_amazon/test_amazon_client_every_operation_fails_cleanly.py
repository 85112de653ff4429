"""Every operation the client calls: a 5xx, a 429, a success without a JSON body and a connection reset
mid-response are retryable errors naming it."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from amzbus.bus.errors import ConfigError
from amzbus.connectors.amazon import AmazonThrottled, AmazonUnavailable
from amzbus.schemas import ShipmentConfirmed, ShippedItem

US = "ATVPDKIKX0DER"


def _confirm(simulator, client):
    [order_id] = simulator.eligible_orders(1)
    order = simulator.admin("GET", f"orders/{order_id}")["order"]
    items = tuple(ShippedItem(i["orderItemId"], i["quantityOrdered"]) for i in order["orderItems"])
    shipment = ShipmentConfirmed(amazon_order_id=order_id, picking_id=7, delivery_reference="WH/OUT/7", carrier_code="UPS",
                                 carrier_name=None, tracking_number="1Z1", ship_date=datetime.now(timezone.utc), items=items)
    client.shipments.confirm_shipment(shipment, marketplace_id=order["salesChannel"]["marketplaceId"])


def _get_order(simulator, client):
    [order_id] = simulator.eligible_orders(1)
    client.orders.get_order(order_id)


def _send_feed(simulator, client):
    simulator.admin("PUT", "feed-timing", {"queue_seconds": 1, "processing_seconds": 1})
    client.listings_feed.send_quantities({"MUG-350": 5}, poll_interval_seconds=0.05, timeout_seconds=10)


OPERATIONS = {
    "searchOrders": lambda sim, c: list(c.orders.search(last_updated_after=datetime(2020, 1, 1, tzinfo=timezone.utc))),
    "getOrder": _get_order,
    "confirmShipment": _confirm,
    "patchListingsItem": lambda sim, c: c.listings.set_quantity("MUG-350", 5),
    "createFeedDocument": _send_feed,
    "createFeed": _send_feed,
    "getFeed": _send_feed,
    "getFeedDocument": _send_feed,
    "getInventorySummaries": lambda sim, c: c.fba_inventory.marketplace_summaries(US),
    "getMarketplaceParticipations": lambda sim, c: c.sellers.marketplace_participations(),
}
FAULTS = {"server_error": {"error_ratio": 1.0, "error_status": 503}, "malformed_body": {"malformed_ratio": 1.0},
          "throttled": {"error_ratio": 1.0, "error_status": 429}, "connection_reset": {"reset_ratio": 1.0}}
CASES = [(op, fault) for op in OPERATIONS for fault in FAULTS if not (op == "confirmShipment" and fault == "malformed_body")]


@pytest.mark.parametrize("operation, fault", CASES)
def test_failure_of_each_operation_is_a_retryable_error_naming_it(simulator, operation, fault):
    # Given Amazon failing every call of one operation
    simulator.admin("PUT", "faults", {operation: FAULTS[fault]})

    # When the client runs the flow that calls it, Then the failure is retryable and names the operation
    with simulator.client() as client, pytest.raises(AmazonUnavailable) as caught:
        OPERATIONS[operation](simulator, client)
    assert caught.value.operation == operation
    if fault == "server_error":
        assert caught.value.status == 503
    elif fault == "throttled":
        assert isinstance(caught.value, AmazonThrottled) and caught.value.status == 429
    elif fault == "connection_reset":
        assert caught.value.status is None and caught.value.code == "NetworkError"
    else:
        assert 200 <= caught.value.status < 300
        assert "answered with a non-JSON body" in caught.value.message or "answered with an empty body" in caught.value.message
    assert simulator.calls(operation)["faults"] >= 1


def test_client_refuses_to_run_when_the_library_would_call_another_endpoint(simulator, monkeypatch):
    # Given python-amazon-sp-api's SP_API_DEFAULT_MARKETPLACE set (it overrides the endpoint we pass)
    monkeypatch.setenv("SP_API_DEFAULT_MARKETPLACE", "DE")

    # When the client makes its first call, Then it stops with a configuration error saying why
    with simulator.client() as client, pytest.raises(ConfigError, match="SP_API_DEFAULT_MARKETPLACE"):
        client.sellers.marketplace_participations()
    assert simulator.calls("getMarketplaceParticipations")["calls"] == 0
