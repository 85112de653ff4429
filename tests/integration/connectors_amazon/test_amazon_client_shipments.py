"""confirmShipment over HTTP: confirmed once, "already confirmed" is success, refusals are permanent."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from amzbus.connectors.amazon import AmazonRejected, ShipmentConfirmation
from amzbus.schemas import ShipmentConfirmed, ShippedItem


def _shipment(simulator, order_id: str, *, picking_id: int = 41) -> tuple[ShipmentConfirmed, str]:
    order = simulator.admin("GET", f"orders/{order_id}")["order"]
    items = tuple(ShippedItem(i["orderItemId"], i["quantityOrdered"]) for i in order["orderItems"])
    shipment = ShipmentConfirmed(
        amazon_order_id=order_id, picking_id=picking_id, delivery_reference=f"WH/OUT/{picking_id:05d}",
        carrier_code="UPS", carrier_name=None, tracking_number="1Z999AA10123456784",
        ship_date=datetime(2026, 11, 27, 9, 30, tzinfo=timezone.utc), items=items, shipping_method="Ground")
    return shipment, order["salesChannel"]["marketplaceId"]


def test_unshipped_fbm_order_is_confirmed_with_carrier_and_tracking(simulator):
    # Given an unshipped FBM order and its Odoo delivery
    [order_id] = simulator.eligible_orders(1)
    shipment, marketplace_id = _shipment(simulator, order_id)

    # When the shipment is confirmed
    with simulator.client() as client:
        result = client.shipments.confirm_shipment(shipment, marketplace_id=marketplace_id)

    # Then Amazon recorded the package as sent, and the order is shipped
    assert result is ShipmentConfirmation.CONFIRMED
    [recorded] = simulator.admin("GET", "shipments")["shipments"]
    assert (recorded["orderId"], recorded["packageReferenceId"], recorded["carrierCode"], recorded["trackingNumber"],
            recorded["shippingMethod"]) == (order_id, "41", "UPS", "1Z999AA10123456784", "Ground")
    assert recorded["items"] == [{"orderItemId": i.order_item_id, "quantity": i.quantity} for i in shipment.items]
    assert recorded["orderStatusAfter"] == "SHIPPED"


def test_confirming_the_same_shipment_again_counts_as_success(simulator):
    # Given a shipment already confirmed
    [order_id] = simulator.eligible_orders(1)
    shipment, marketplace_id = _shipment(simulator, order_id)
    with simulator.client() as client:
        client.shipments.confirm_shipment(shipment, marketplace_id=marketplace_id)

        # When it is confirmed again (a retried message)
        result = client.shipments.confirm_shipment(shipment, marketplace_id=marketplace_id)

    # Then Amazon's "already fulfilled" answer is a normal return, and only one package exists
    assert result is ShipmentConfirmation.ALREADY_CONFIRMED
    assert simulator.calls("confirmShipment")["statuses"] == {"204": 1, "400": 1}
    assert len(simulator.admin("GET", "shipments")["shipments"]) == 1


def test_confirming_a_cancelled_order_is_a_permanent_error(simulator):
    # Given an order cancelled by the buyer before the seller shipped
    [order_id] = simulator.eligible_orders(1)
    simulator.admin("POST", f"orders/{order_id}/cancel", {"by": "BUYER", "reason": "Changed mind"})
    shipment, marketplace_id = _shipment(simulator, order_id)

    # When the shipment is confirmed, Then Amazon's refusal is permanent, with its code and message
    with simulator.client() as client, pytest.raises(AmazonRejected) as caught:
        client.shipments.confirm_shipment(shipment, marketplace_id=marketplace_id)
    assert (caught.value.status, caught.value.code) == (400, "InvalidInput")
    assert "cancelled" in caught.value.message
