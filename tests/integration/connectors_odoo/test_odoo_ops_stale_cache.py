"""A product deleted in Odoo while the client still remembers it: the order fails permanently once, and its
replay looks everything up again."""

from decimal import Decimal

import pytest

from amzbus.bus.errors import PermanentError
from amzbus.connectors.odoo import OdooClient, orders, products
from amzbus.connectors.odoo.values import CustomerData, LineKind, SaleLineDraft, SaleOrderDraft


def test_a_replay_after_a_stale_product_finds_the_fallback(simulator, settings_for):
    # Given a client that matched SKU "GONE" to a product, then the product deleted in Odoo
    client = OdooClient(settings_for(simulator, "jsonrpc"), simulator.state.password)
    product = client.create_one("product.product", {"name": "Gone", "default_code": "GONE"})
    assert products.find_product_for_sku(client, "GONE").product_id == product
    client.execute("product.product", "unlink", [product])
    # When an order for that SKU arrives, Then Odoo refuses the remembered product
    draft = SaleOrderDraft(amazon_order_id="111-1111111-1111111", currency="USD", customer=CustomerData(name="Ann"),
                           lines=(SaleLineDraft("GONE", "[GONE] Gone", Decimal(1), Decimal(5)),))
    with pytest.raises(PermanentError):
        orders.create_confirmed_sale_order(client, draft)
    # And its replay looks the SKU up again: the fallback product takes the line
    created = orders.create_confirmed_sale_order(client, draft)
    assert created.products[(LineKind.ITEM, "GONE")].matched_by == "fallback"
