"""The Odoo operations of the stock and shipment flows: what changed in stock since a time, free quantities
where an account sells from (a location, or a warehouse without every account's FBA stock), quants on the
FBA location, and a partial delivery read back as two packages with their carrier."""

from datetime import datetime, timedelta, timezone
from decimal import Decimal

from amzbus.connectors.odoo import orders, stock
from amzbus.connectors.odoo.deliveries import deliver_sale_order
from amzbus.connectors.odoo.shipments import read_validated_deliveries
from amzbus.connectors.odoo.stock_changes import StockScope, changed_products
from amzbus.connectors.odoo.values import CustomerData, DeliveryCursor, SaleLineDraft, SaleOrderDraft

ODOO_DATETIME = "%Y-%m-%d %H:%M:%S"


def a_moment_ago() -> str:
    return (datetime.now(timezone.utc) - timedelta(seconds=5)).strftime(ODOO_DATETIME)


def test_products_whose_stock_moved_since_a_time_are_found_and_not_the_others(odoo, make_product, unique):
    # Given a product whose stock was counted long ago (before the cursor) and one counted now
    untouched = make_product(f"OLD-{unique}")
    since = a_moment_ago()
    counted = make_product(f"NEW-{unique}", on_hand=4)
    # When the stock changes since the cursor are read
    changes = changed_products(odoo, since=since)
    # Then the counted product is among them (its quant was written), the untouched one is not
    assert counted in changes.product_ids and untouched not in changes.product_ids
    assert changes.latest_write_date >= since


def test_a_reservation_is_a_stock_change_and_lowers_the_free_quantity_of_a_location(odoo, warehouse, make_product,
                                                                                     unique, amazon_order_id):
    # Given 9 units on WH/Stock, then an order reserving 3 of them
    mug = make_product(f"MUG-{unique}", on_hand=9)
    since = a_moment_ago()
    orders.create_confirmed_sale_order(odoo, SaleOrderDraft(
        amazon_order_id=amazon_order_id, currency="USD", customer=CustomerData(name=f"Buyer {unique}"),
        lines=(SaleLineDraft(f"MUG-{unique}", "Mug", Decimal(3), Decimal(10)),)))
    # When the changes are read and the free quantity asked for on the location by its full name
    scope = StockScope(location="WH/Stock")
    # Then the product changed and 6 are free to offer
    assert mug in changed_products(odoo, since=since).product_ids
    assert scope.free_quantities(odoo, [mug]) == {mug: 6.0}


def test_a_warehouse_offers_nothing_of_what_any_accounts_fba_location_holds(odoo, warehouse, make_product, unique):
    # Given 10 units in WH/Stock and 5 + 7 on two accounts' FBA locations (both under the virtual "Amazon FBA")
    mug = make_product(f"MUG-{unique}", on_hand=10)
    for name, quantity in ((f"Amazon FBA NA {unique}", 5), (f"Amazon FBA EU {unique}", 7)):
        location = stock.ensure_fba_location(odoo, name=name, warehouse=warehouse)
        stock.set_location_quantity(odoo, product_id=mug, location_id=location, quantity=quantity)
    # When the first account's scope asks for the free quantity
    scope = StockScope(warehouse=warehouse.code, fba_location=f"Amazon FBA NA {unique}")
    # Then only the warehouse's own 10 are offered
    assert scope.free_quantities(odoo, [mug]) == {mug: 10.0}


def test_a_partial_delivery_and_its_backorder_are_read_as_two_packages_with_their_carrier(odoo, make_product, unique,
                                                                                        amazon_order_id):
    # Given an order of 3 mugs, 1 shipped with one carrier, then the backorder of 2 with another
    make_product(f"MUG-{unique}", on_hand=10)
    order = orders.create_confirmed_sale_order(odoo, SaleOrderDraft(
        amazon_order_id=amazon_order_id, currency="USD", customer=CustomerData(name=f"Buyer {unique}"),
        lines=(SaleLineDraft(f"MUG-{unique}", f"[MUG-{unique}] Mug", Decimal(3), Decimal(10)),))).id
    carriers = odoo.search_read("delivery.carrier", [], ["name"], limit=2, order="id")
    cursor = DeliveryCursor(a_moment_ago(), 0)
    mug = odoo.search("product.product", [("default_code", "=", f"MUG-{unique}")])[0]
    for carrier, quantity, tracking in ((carriers[0], 1, f"1Z{unique}A"), (carriers[-1], 2, f"1Z{unique}B")):
        open_pickings = odoo.search("stock.picking", [("sale_id", "=", order), ("state", "not in", ["done", "cancel"])])
        odoo.write("stock.picking", open_pickings, {"carrier_id": carrier["id"], "carrier_tracking_ref": tracking})
        deliver_sale_order(odoo, order, quantities_by_product={mug: quantity})
    # When the validated deliveries are read since the cursor
    mine = [d for d in read_validated_deliveries(odoo, since=cursor, limit=500).deliveries if d.sale_order_id == order]
    # Then two packages, 1 then 2 mugs, each with its carrier and tracking number, and the Amazon order id
    assert [(sum(line.quantity for line in d.lines), d.carrier_name, d.tracking_ref) for d in mine] == [
        (1.0, carriers[0]["name"], f"1Z{unique}A"), (2.0, carriers[-1]["name"], f"1Z{unique}B")]
    assert {d.amazon_order_id for d in mine} == {amazon_order_id}
    assert all(line.sale_line_name.startswith(f"[MUG-{unique}]") for d in mine for line in d.lines)
