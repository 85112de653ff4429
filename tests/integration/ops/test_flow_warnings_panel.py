"""The dashboard's warnings panel shows what the Odoo -> Amazon flows could not do: deliveries not confirmed
(named) and FBA SKUs without an Odoo product."""

from __future__ import annotations

from dashboard_testing import Visitor, running_dashboard

from amzbus.bus.fbm_orders import FbmOrders
from amzbus.bus.shipment_state import DeliveryWarnings
from amzbus.bus.stock_state import FbaUnmapped


def test_the_panel_names_deliveries_not_confirmed_and_counts_unmapped_fba_skus(config_file, redis_client, namespace):
    # Given a delivery without tracking number, one the bus validated itself, and an unmapped FBA SKU
    DeliveryWarnings(redis_client, namespace=namespace).record(
        "na-main", 41, delivery="WH/OUT/00041", amazon_order_id="111-1234567-7654321", reason="no tracking number")
    DeliveryWarnings(redis_client, namespace=namespace).record(
        "na-main", 42, delivery="WH/OUT/00042", amazon_order_id="111-7654321-1234567", reason="no tracking number")
    FbmOrders(redis_client, namespace=namespace).mark_validated_by_bus("na-main", [42])
    FbaUnmapped(redis_client, namespace=namespace).record("na-main", "FBA-NOT-MAPPED")
    # When an operator opens the panels
    with running_dashboard(config_file) as dashboard:
        page = Visitor(dashboard.url).get("/panels").text
    # Then the first delivery is named with its reason, the second is not there, and the SKU is counted
    assert "Validated deliveries not confirmed to Amazon: <strong>1</strong>" in page
    assert "WH/OUT/00041" in page and "WH/OUT/00042" not in page
    assert "FBA SKUs without an Odoo product to mirror their stock on: <strong>1</strong>" in page
    assert "FBA-NOT-MAPPED" in page
