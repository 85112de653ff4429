"""confirmShipment validates like Amazon, answers 204, and moves the order to PARTIALLY_SHIPPED/SHIPPED."""

from __future__ import annotations

import copy

import pytest

from amzbus.simulators.amazon.shipment_validation import ALREADY_FULFILLED
from amazon_sim_fixtures import state, sim  # noqa: F401 (pytest fixtures)


def _eligible_order(state, *, items: int = 1, fba: bool = False) -> str:
    for _ in range(40):
        order_id = state.generate_orders(count=1, account="sim-na", marketplaces=["US"],
                                         mix={"fba_ratio": 1.0 if fba else 0.0, "auto_lifecycle": False,
                                              "replacement_ratio": 0})[0]
        if len(state.orders.get(order_id).items) >= items:
            if not fba:
                state.make_eligible(order_id)
            return order_id
    raise AssertionError(f"no order with {items} items")


def _body(state, order_id, *, items=None, reference="1") -> dict:
    order = state.orders.get(order_id)
    chosen = items if items is not None else [(i.order_item_id, i.quantity) for i in order.items]
    return {"marketplaceId": "ATVPDKIKX0DER",
            "packageDetail": {"packageReferenceId": reference, "carrierCode": "UPS", "carrierName": "UPS",
                              "shippingMethod": "UPS Ground", "trackingNumber": "1Z999AA10123456784",
                              "shipDate": "2026-01-05T10:00:00Z",
                              "orderItems": [{"orderItemId": i, "quantity": q} for i, q in chosen]}}


def _confirm(sim, order_id, body):
    return sim.call("POST", f"/orders/v0/orders/{order_id}/shipmentConfirmation", json=body)


def test_a_confirmation_of_every_item_ships_the_order_with_204(state, sim):
    # Given an eligible order
    order_id = _eligible_order(state)
    # When every item is confirmed in one package
    response = _confirm(sim, order_id, _body(state, order_id))
    # Then Amazon answers 204 with no body, the order is shipped and the shipment recorded
    assert response.status_code == 204 and response.get_data() == b""
    assert state.orders.get(order_id).status == "SHIPPED"
    shipment = state.confirmed_shipments("sim-na")[0]
    assert (shipment["orderId"], shipment["trackingNumber"], shipment["orderStatusAfter"]) == (
        order_id, "1Z999AA10123456784", "SHIPPED")


def test_two_packages_ship_the_order_partially_then_fully(state, sim):
    order_id = _eligible_order(state, items=2)
    items = [(i.order_item_id, i.quantity) for i in state.orders.get(order_id).items]
    assert _confirm(sim, order_id, _body(state, order_id, items=items[:1], reference="1")).status_code == 204
    assert state.orders.get(order_id).status == "PARTIALLY_SHIPPED"
    assert _confirm(sim, order_id, _body(state, order_id, items=items[1:], reference="2")).status_code == 204
    assert state.orders.get(order_id).status == "SHIPPED"


def test_a_second_confirmation_of_the_same_package_is_refused_as_amazon_does(state, sim):
    # Given an order whose first item was confirmed in package 1
    order_id = _eligible_order(state, items=2)
    first = state.orders.get(order_id).items[0]
    _confirm(sim, order_id, _body(state, order_id, items=[(first.order_item_id, first.quantity)]))
    # When package 1 is confirmed again, and when the whole (already shipped) order is confirmed again
    again = _confirm(sim, order_id, _body(state, order_id, items=[(first.order_item_id, first.quantity)]))
    _confirm(sim, order_id, _body(state, order_id, items=[(i.order_item_id, i.quantity_unshipped)
                                                          for i in state.orders.get(order_id).items[1:]], reference="2"))
    shipped = _confirm(sim, order_id, _body(state, order_id, reference="3"))
    # Then both are 400 with Amazon's "already fulfilled" error
    expected = {"code": "InvalidInput", "message": ALREADY_FULFILLED[0], "details": ALREADY_FULFILLED[1]}
    assert again.status_code == shipped.status_code == 400
    assert again.json["errors"] == shipped.json["errors"] == [expected]


def _without(body, key):
    changed = copy.deepcopy(body)
    del changed["packageDetail"][key]
    return changed


def _with(body, key, value):
    changed = copy.deepcopy(body)
    changed["packageDetail"][key] = value
    return changed


@pytest.mark.parametrize("change, message", [
    (lambda b: {k: v for k, v in b.items() if k != "marketplaceId"}, "Missing request parameter: marketplaceId."),
    (lambda b: _with(b, "packageReferenceId", 1), "Please check the fields with invalid type [packageDetail.packageReferenceId]."),
    (lambda b: _with(b, "packageReferenceId", "PKG-A"), "PackageReferenceId: is invalid, must be a positive numeric value."),
    (lambda b: _without(b, "trackingNumber"), "Missing request parameter: packageDetail.trackingNumber."),
    (lambda b: _without(b, "carrierCode"), "Missing request parameter: packageDetail.carrierCode."),
    (lambda b: _with(_with(b, "carrierCode", "Other"), "carrierName", ""), "carrierName (required when carrierCode is Other)"),
    (lambda b: _with(b, "shipDate", "02/21/2022"), "Invalid Input"),
    (lambda b: _with(b, "orderItems", []), "Missing request parameter: packageDetail.orderItems."),
    (lambda b: _with(b, "orderItems", [{"orderItemId": "99999999999999", "quantity": 1}]), "Invalid orderItemId '99999999999999'"),
    (lambda b: _with(b, "orderItems", [{**b["packageDetail"]["orderItems"][0], "quantity": 99}]), "exceeds the quantity not yet shipped"),
])
def test_an_invalid_confirmation_is_refused_with_400_naming_the_problem(state, sim, change, message):
    order_id = _eligible_order(state)
    response = _confirm(sim, order_id, change(_body(state, order_id)))
    assert response.status_code == 400
    assert any(message in e["message"] for e in response.json["errors"]), response.json
    assert state.orders.get(order_id).status == "UNSHIPPED"


def test_pending_and_fba_orders_cannot_be_confirmed(state, sim):
    pending = state.generate_orders(count=1, account="sim-na", marketplaces=["US"],
                                    mix={"fba_ratio": 0, "auto_lifecycle": False})[0]
    fba = _eligible_order(state, fba=True)
    assert "is pending" in _confirm(sim, pending, _body(state, pending)).json["errors"][0]["message"]
    assert "fulfilled by Amazon" in _confirm(sim, fba, _body(state, fba)).json["errors"][0]["message"]


def test_an_order_id_that_is_not_3_7_7_is_invalid_input(state, sim):
    response = _confirm(sim, "12345", {"marketplaceId": "ATVPDKIKX0DER"})
    assert response.status_code == 400 and "3-7-7" in response.json["errors"][0]["message"]
