"""A connection reset mid-response, over a real socket: the status and headers arrive, the body stops
half-way, the connection closes, and what the call did stays done."""

from __future__ import annotations

import http.client
import json

import pytest
import requests

from amazon_sim_client_fixtures import simulator  # noqa: F401 (pytest fixture)


def access_token(simulator) -> str:
    seller = simulator.state.accounts.find("sim-na")
    answer = requests.post(f"{simulator.url}/auth/o2/token", timeout=5, data={
        "grant_type": "refresh_token", "refresh_token": seller.refresh_token,
        "client_id": seller.lwa_client_id, "client_secret": seller.lwa_client_secret})
    return answer.json()["access_token"]


def eligible_order(state) -> str:
    [order_id] = state.generate_orders(count=1, account="sim-na", marketplaces=["US"],
                                       mix={"auto_lifecycle": False, "fba_ratio": 0})
    state.make_eligible(order_id)
    return order_id


def send(simulator, method: str, path: str, body: str | None = None) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", simulator.port, timeout=5)
    connection.request(method, path, body=body, headers={"Content-Type": "application/json",
                                                         "x-amz-access-token": access_token(simulator)})
    return connection.getresponse()


def test_a_reset_answer_is_announced_in_full_and_cut_half_way(simulator):
    # Given Amazon cutting the next getOrder answer
    order_id = eligible_order(simulator.state)
    simulator.state.set_fault("getOrder", {"reset_ratio": 1.0, "remaining": 1})
    # When the order is read
    response = send(simulator, "GET", f"/orders/2026-01-01/orders/{order_id}")
    # Then the status and headers arrived, and the body stops half-way
    announced = int(response.getheader("Content-Length"))
    assert response.status == 200 and announced > 0
    with pytest.raises(http.client.IncompleteRead) as cut:
        response.read()
    assert 0 < len(cut.value.partial) < announced
    # And the next read is answered in full
    assert json.loads(send(simulator, "GET", f"/orders/2026-01-01/orders/{order_id}").read())


def test_a_reset_of_a_bodyless_answer_closes_the_connection_and_the_call_has_run(simulator):
    # Given an eligible FBM order, and Amazon resetting the next confirmShipment (answered 204, no body)
    state = simulator.state
    order_id = eligible_order(state)
    items = [{"orderItemId": i["orderItemId"], "quantity": i["quantityOrdered"]}
             for i in state.order_json(order_id)["orderItems"]]
    state.set_fault("confirmShipment", {"reset_ratio": 1.0, "remaining": 1})
    body = json.dumps({"marketplaceId": "ATVPDKIKX0DER", "packageDetail": {
        "packageReferenceId": "1", "carrierCode": "UPS", "trackingNumber": "1Z999",
        "shipDate": "2026-01-01T00:00:00Z", "orderItems": items}})
    # When the shipment is confirmed, Then the connection closes without an answer
    with pytest.raises(http.client.RemoteDisconnected):
        send(simulator, "POST", f"/orders/v0/orders/{order_id}/shipmentConfirmation", body)
    # And Amazon recorded the shipment all the same
    assert [s["orderId"] for s in state.confirmed_shipments("sim-na")] == [order_id]
