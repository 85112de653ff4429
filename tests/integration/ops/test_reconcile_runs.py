"""The demo's reconciliation tells the sale orders a run created from those it found from before (by sale order
id: ids only grow), against the Odoo simulator over JSON-RPC."""

from __future__ import annotations

import pytest

from amzbus.bus.marketplaces import MarketplaceCatalog
from amzbus.bus.settings import OdooSettings
from amzbus.connectors.odoo import OdooClient
from amzbus.ops.reconcile import last_sale_order_id, reconcile
from amzbus.simulators.amazon.state import SimulatorState
from amzbus.simulators.odoo.server import start_in_thread

ELIGIBLE_SOON = {"fba_ratio": 0, "cancel_before_eligible_ratio": 0, "cancel_after_eligible_ratio": 0,
                 "eligible_after_seconds": [1, 2]}


@pytest.fixture
def odoo():
    server = start_in_thread()
    client = OdooClient(OdooSettings(url=server.url, database="amzbus", user="admin", password_env="X",
                                     api="jsonrpc", timeout_seconds=10), "admin").connect()
    yield client
    client.close()
    server.shutdown()


@pytest.fixture
def amazon_orders():
    """Three eligible FBM orders, as getOrder returns them."""
    state = SimulatorState(seed=11, speed=1.0, base_url="http://127.0.0.1:9")
    ids = state.generate_orders(count=3, account="sim-na", mix=ELIGIBLE_SOON)
    state.advance_clock(60)
    return [state.order_json(order_id) for order_id in ids]


def _sale_order(odoo, amazon_order_id: str) -> int:
    partner = odoo.create_one("res.partner", {"name": f"Buyer {amazon_order_id}"})
    order_id = odoo.create_one("sale.order", {"partner_id": partner, "client_order_ref": amazon_order_id})
    odoo.execute("sale.order", "action_confirm", [order_id])
    return order_id


def test_sale_orders_of_this_run_are_told_from_those_found_from_before(odoo, amazon_orders):
    # Given a sale order for the first Amazon order from an earlier run, then the run starts
    ids = [order["orderId"] for order in amazon_orders]
    _sale_order(odoo, ids[0])
    before = last_sale_order_id(odoo)
    # When the run creates the sale orders of the two others
    for amazon_order_id in ids[1:]:
        _sale_order(odoo, amazon_order_id)
    result = reconcile(amazon_orders, odoo, marketplaces=MarketplaceCatalog(), created_after_id=before)
    # Then two were created by the run, one found from before, and that is a problem
    assert (result.eligible, result.sale_orders, result.created_by_run) == (3, 3, 2)
    assert result.from_before == [ids[0]] and not result.ok and not result.created_none_expected


def test_a_run_that_created_none_of_the_sale_orders_it_expected_does_not_reconcile(odoo, amazon_orders):
    # Given sale orders for every Amazon order, all from before the run
    for order in amazon_orders:
        _sale_order(odoo, order["orderId"])
    # When the run reconciles without having created any
    before = last_sale_order_id(odoo)
    result = reconcile(amazon_orders, odoo, marketplaces=MarketplaceCatalog(), created_after_id=before)
    # Then it found them all from before, created none, and waiting cannot change that
    assert (result.created_by_run, len(result.from_before)) == (0, 3)
    assert result.created_none_expected and not result.ok and result.final
