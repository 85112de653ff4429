"""Stock: the FBA location under the warehouse, quantities set on it in inventory mode, and free quantities
to offer on Amazon with the FBA location left out."""

from decimal import Decimal

from amzbus.connectors.odoo import orders, stock
from amzbus.connectors.odoo.values import CustomerData, SaleLineDraft, SaleOrderDraft


def quant_quantity(odoo, product_id, location_id):
    quants = odoo.search_read("stock.quant", [("product_id", "=", product_id), ("location_id", "=", location_id)],
                              ["quantity"])
    return sum(quant["quantity"] for quant in quants)


def test_the_fba_location_is_an_internal_location_under_the_amazon_fba_parent_found_again(odoo_target, odoo, warehouse, unique):
    # Given no FBA location yet
    # When it is asked for, then asked for again by another client (no cache)
    location_id = stock.ensure_fba_location(odoo, name=f"Amazon FBA {unique}", warehouse=warehouse)
    other = odoo_target.client()
    again = stock.ensure_fba_location(other, name=f"Amazon FBA {unique}", warehouse=warehouse)
    # Then one internal location exists under the virtual "Amazon FBA", itself under the warehouse's view location
    assert again == location_id
    location = odoo.read("stock.location", [location_id], ["usage", "location_id", "name"])[0]
    parent = odoo.read("stock.location", [location["location_id"][0]], ["usage", "location_id", "name"])[0]
    assert location["usage"] == "internal" and (parent["usage"], parent["name"]) == ("view", "Amazon FBA")
    assert parent["location_id"][0] == warehouse.view_location_id
    assert odoo.search("stock.location", [("name", "=", f"Amazon FBA {unique}")]) == [location_id]


def test_a_quantity_is_set_on_a_location_in_inventory_mode(odoo, warehouse, make_product, unique):
    # Given a product and the FBA location
    product = make_product(f"FBA-{unique}")
    fba = stock.ensure_fba_location(odoo, name=f"Amazon FBA {unique}", warehouse=warehouse)
    # When Amazon reports 7, then 3, then 0 units
    quantities = []
    for reported in (7, 3, 0):
        before = odoo.round_trips
        stock.set_location_quantity(odoo, product_id=product, location_id=fba, quantity=reported)
        # the quants already there (their total is what is adjusted), then create or write the counted
        # quantity in inventory mode, then action_apply_inventory
        assert odoo.round_trips - before == 3
        quantities.append(quant_quantity(odoo, product, fba))
    # Then the location holds exactly what was reported each time, on one quant
    assert quantities == [7, 3, 0]
    assert len(odoo.search("stock.quant", [("product_id", "=", product), ("location_id", "=", fba)])) <= 1


def test_free_quantities_leave_out_the_fba_location_and_reservations(odoo, warehouse, make_product, unique,
                                                                        amazon_order_id):
    # Given 10 mugs in the warehouse's stock, 5 on the FBA location, and an order reserving 2
    mug = make_product(f"MUG-{unique}", on_hand=10)
    fba = stock.ensure_fba_location(odoo, name=f"Amazon FBA {unique}", warehouse=warehouse)
    stock.set_location_quantity(odoo, product_id=mug, location_id=fba, quantity=5)
    orders.create_confirmed_sale_order(odoo, SaleOrderDraft(
        amazon_order_id=amazon_order_id, currency="USD", customer=CustomerData(name=f"Buyer {unique}"),
        lines=(SaleLineDraft(f"MUG-{unique}", "Mug", Decimal(2), Decimal(10)),)))
    # When the free quantity is asked for, the FBA location excluded
    free = stock.free_quantities(odoo, [mug], warehouse=warehouse, fba_location_id=fba)
    by_sku = stock.free_quantities_by_sku(odoo, [f"MUG-{unique}", f"NOPE-{unique}"], warehouse=warehouse,
                                          fba_location_id=fba)
    # Then it is what can be sold from the warehouse: 10 - 2
    assert free == {mug: 8.0}
    assert by_sku == {f"MUG-{unique}": 8.0}
    # And without excluding FBA, Amazon's 5 would have counted
    assert stock.free_quantities(odoo, [mug], warehouse=warehouse) == {mug: 13.0}
