"""The /_admin/ endpoints: JSON in and out, clear errors."""

from __future__ import annotations

import pytest
from werkzeug.test import Client

from amzbus.simulators.amazon.app import SimulatorApp
from amazon_sim_fixtures import state  # noqa: F401 (pytest fixtures)


@pytest.fixture
def admin(state):
    return Client(SimulatorApp(state))


def test_orders_are_generated_listed_read_and_moved_through_their_lifecycle(admin):
    # Given two FBM orders generated through the admin API
    created = admin.post("/_admin/orders/generate", json={"count": 2, "account": "sim-eu", "seed": 99,
                                                          "mix": {"fba_ratio": 0, "auto_lifecycle": False}})
    first, second = created.json["orders"]
    # When one is made eligible then shipped, and the other cancelled
    assert admin.post(f"/_admin/orders/{first}/make-eligible").json["order"]["status"] == "UNSHIPPED"
    assert admin.post(f"/_admin/orders/{first}/ship", json={"carrier_code": "DHL"}).json["order"]["status"] == "SHIPPED"
    cancelled = admin.post(f"/_admin/orders/{second}/cancel", json={"by": "AMAZON", "reason": "Out of stock"})
    # Then the list and the full order show it
    assert cancelled.json["order"]["status"] == "CANCELLED"
    listed = {o["orderId"]: o["status"] for o in admin.get("/_admin/orders?account=sim-eu").json["orders"]}
    assert listed == {first: "SHIPPED", second: "CANCELLED"}
    assert admin.get(f"/_admin/orders/{first}").json["order"]["packages"][0]["carrier"] == "DHL"


def test_listing_and_fba_quantities_are_set_and_read(admin):
    set_listing = admin.put("/_admin/listings", json={"account": "sim-na", "sku": "MUG-350", "marketplace": "CA", "quantity": 4})
    set_fba = admin.put("/_admin/fba-inventory", json={"account": "NA", "sku": "FBA-CANDLE-LAV-200", "marketplace": "US",
                                                       "fulfillable": 77, "inbound_shipped": 5})
    assert (set_listing.status_code, set_fba.status_code) == (200, 200)
    assert admin.get("/_admin/listings?account=sim-na").json["listings"]["sim-na"]["MUG-350"]["CA"]["quantity"] == 4
    stock = admin.get("/_admin/fba-inventory").json["fbaInventory"]["sim-na"]["FBA-CANDLE-LAV-200"]["US"]
    assert (stock["fulfillable"], stock["inbound_shipped"]) == (77, 5)


def test_faults_rate_limits_feed_timing_and_calls_are_managed(admin, state):
    assert admin.put("/_admin/faults", json={"getOrder": {"error_ratio": 1.0, "remaining": 1}}).status_code == 200
    assert admin.get("/_admin/faults").json["faults"]["getOrder"]["remaining"] == 1
    assert admin.delete("/_admin/faults").json == {"faults": {}}
    plan = admin.put("/_admin/rate-limits", json={"searchOrders": {"rate": 1, "burst": 3}}).json["searchOrders"]
    assert (plan["rate"], plan["burst"]) == ("1", 3)
    assert admin.put("/_admin/feed-timing", json={"queue_seconds": 1, "processing_seconds": 2}).json == {
        "feedTiming": {"queue_seconds": 1, "processing_seconds": 2}}
    assert admin.get("/_admin/calls").json["rate_plans"]["searchOrders"]["burst"] == 3


def test_reset_brings_back_a_fresh_simulator(admin, state):
    admin.post("/_admin/orders/generate", json={"count": 3})
    assert admin.post("/_admin/reset", json={}).json == {"reset": True, "seed": state.seed}
    assert admin.get("/_admin/orders").json == {"orders": []}


def test_accounts_and_config_are_served_for_the_demo(admin, state):
    accounts = admin.get("/_admin/accounts").json["accounts"]
    config = admin.get("/_admin/config")
    assert [a["name"] for a in accounts] == ["sim-na", "sim-eu"]
    assert config.content_type.startswith("text/plain") and accounts[0]["sellerId"] in config.get_data(as_text=True)


@pytest.mark.parametrize("method, path, body, status, message", [
    ("GET", "/_admin/orders/111-0000000-0000000", None, 404, "no order '111-0000000-0000000'"),
    ("POST", "/_admin/orders/generate", {"count": 1, "mix": {"fba": 1}}, 400, "mix: unknown keys ['fba']"),
    ("POST", "/_admin/orders/generate", {"count": 1, "account": "sim-jp"}, 404, "no simulated seller account 'sim-jp'"),
    ("PUT", "/_admin/listings", {"account": "sim-na", "sku": "MUG-350", "marketplace": "DE", "quantity": 1}, 404,
     "does not sell in marketplace 'DE'"),
    ("PUT", "/_admin/rate-limits", {"nope": {"rate": 1, "burst": 1}}, 404, "no rate plan for operation 'nope'"),
    ("GET", "/_admin/unknown", None, 404, "no admin endpoint GET /_admin/unknown"),
])
def test_admin_errors_name_what_is_wrong(admin, method, path, body, status, message):
    response = admin.open(path, method=method, json=body)
    assert response.status_code == status and message in response.json["error"]
