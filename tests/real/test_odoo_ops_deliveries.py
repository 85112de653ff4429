"""Deliveries: FBA orders delivered at once from the FBA location, FBM deliveries validated through Odoo's
wizards (backorder, first-time SMS), and validated deliveries read back since a cursor."""

from decimal import Decimal

import pytest

from amzbus.connectors.odoo import amazon_packages, orders, references, stock
from amzbus.connectors.odoo.deliveries import deliver_fba_order, deliver_sale_order
from amzbus.connectors.odoo.shipments import read_validated_deliveries
from amzbus.connectors.odoo.values import AddressData, CustomerData, DeliveryCursor, SaleLineDraft, SaleOrderDraft
from amzbus.schemas import Package


@pytest.fixture
def products(make_product, unique):
    return {"mug": make_product(f"MUG-{unique}", on_hand=20), "cup": make_product(f"CUP-{unique}", on_hand=20)}


@pytest.fixture
def fba_location(odoo, warehouse, unique):
    return stock.ensure_fba_location(odoo, name=f"Amazon FBA {unique}", warehouse=warehouse)


@pytest.fixture
def place_order(odoo, unique, products, new_amazon_order_id):
    """``place_order(mugs, cups)``: a confirmed sale order for a buyer with a phone; its id."""
    def place(mugs=2, cups=1) -> int:
        buyer = CustomerData(name=f"Jane {unique}", email=f"{unique}@marketplace.amazon.de", phone="+49 170 1",
                             address=AddressData(name=f"Jane {unique}", street="Hauptstrasse 1", city="Berlin",
                                                 zip="10115", country_code="DE", phone="+49 170 1"))
        lines = tuple(SaleLineDraft(f"{sku}-{unique}", sku, Decimal(qty), Decimal("5"))
                      for sku, qty in (("MUG", mugs), ("CUP", cups)) if qty)
        draft = SaleOrderDraft(amazon_order_id=new_amazon_order_id(), currency="EUR", customer=buyer, lines=lines)
        return orders.create_confirmed_sale_order(odoo, draft).id
    return place


def on_hand(odoo, product_id, location_id):
    return odoo.read("product.product", [product_id], ["qty_available"], context={"location": location_id})[0][
        "qty_available"]


def delivered(odoo, order_id):
    order = odoo.read("sale.order", [order_id], ["order_line", "delivery_status"])[0]
    lines = odoo.read("sale.order.line", order["order_line"], ["product_id", "qty_delivered"])
    return order["delivery_status"], {line["product_id"][0]: line["qty_delivered"] for line in lines}


def test_an_fba_order_is_delivered_at_once_from_the_fba_location(odoo, warehouse, products, fba_location, place_order):
    # Given Amazon holds 5 mugs and 5 cups on the FBA location, and an FBA order for 2 mugs and 1 cup
    for product in products.values():
        stock.set_location_quantity(odoo, product_id=product, location_id=fba_location, quantity=5)
    order_id = place_order(mugs=2, cups=1)
    # When the order is delivered as FBA
    outcome = deliver_fba_order(odoo, order_id, fba_location_id=fba_location)
    # Then its delivery is done, from the FBA location, with no wizard left unanswered
    picking = odoo.read("stock.picking", list(outcome.picking_ids), ["state", "location_id"])[0]
    assert (picking["state"], picking["location_id"][0]) == ("done", fba_location)
    assert outcome.backorder_ids == ()
    # And the goods left the FBA location, not the warehouse's stock
    assert on_hand(odoo, products["mug"], fba_location) == 3 and on_hand(odoo, products["cup"], fba_location) == 4
    assert on_hand(odoo, products["mug"], warehouse.stock_location_id) == 20
    assert delivered(odoo, order_id) == ("full", {products["mug"]: 2, products["cup"]: 1})
    # And delivering it again finds nothing left to deliver
    assert deliver_fba_order(odoo, order_id, fba_location_id=fba_location).picking_ids == ()


def test_a_full_delivery_is_validated_without_wizards(odoo, warehouse, products, place_order):
    order_id = place_order(mugs=2, cups=1)
    outcome = deliver_sale_order(odoo, order_id)
    assert outcome.wizards == () and outcome.backorder_ids == ()
    assert delivered(odoo, order_id) == ("full", {products["mug"]: 2, products["cup"]: 1})
    assert on_hand(odoo, products["mug"], warehouse.stock_location_id) == 18


def test_a_partial_delivery_answers_the_backorder_wizard_and_keeps_the_rest(odoo, products, place_order):
    # Given an order for 2 mugs and 1 cup
    order_id = place_order(mugs=2, cups=1)
    # When only 1 mug ships
    outcome = deliver_sale_order(odoo, order_id, quantities_by_product={products["mug"]: 1})
    # Then Odoo's backorder question was answered, and a backorder holds 1 mug and 1 cup
    assert outcome.wizards[0] == "stock.backorder.confirmation" and len(outcome.backorder_ids) == 1
    assert delivered(odoo, order_id) == ("partial", {products["mug"]: 1, products["cup"]: 0})
    backorder_moves = odoo.search_read("stock.move", [("picking_id", "in", list(outcome.backorder_ids))],
                                       ["product_id", "product_uom_qty", "state"])
    assert sorted((m["product_id"][0], m["product_uom_qty"]) for m in backorder_moves) == sorted(
        [(products["mug"], 1), (products["cup"], 1)])
    # And the backorder is delivered later, completing the order
    deliver_sale_order(odoo, order_id)
    assert delivered(odoo, order_id) == ("full", {products["mug"]: 2, products["cup"]: 1})


def test_a_partial_delivery_without_backorder_cancels_the_rest(odoo, products, place_order):
    order_id = place_order(mugs=2, cups=1)
    outcome = deliver_sale_order(odoo, order_id, quantities_by_product={products["mug"]: 2}, create_backorder=False)
    assert outcome.wizards[0] == "stock.backorder.confirmation" and outcome.backorder_ids == ()
    assert delivered(odoo, order_id)[1] == {products["mug"]: 2, products["cup"]: 0}
    assert deliver_sale_order(odoo, order_id).picking_ids == ()


def test_the_first_time_sms_question_is_answered_without_texting_the_buyer(odoo, odoo_target, products, place_order):
    # Given a buyer with a phone, and a company that never answered Odoo's SMS question
    order_id = place_order(mugs=1, cups=0)
    # When a delivery is validated without asking Odoo to skip SMS
    outcome = deliver_sale_order(odoo, order_id, skip_sms=False)
    # Then the delivery is done; the SMS question (asked once per company) was answered "don't send"
    assert delivered(odoo, order_id)[0] == "full"
    if odoo_target.kind == "simulator":
        assert outcome.wizards == ("confirm.stock.sms",)
        assert deliver_sale_order(odoo, place_order(mugs=1, cups=0), skip_sms=False).wizards == ()


def test_partial_delivery_then_sms_question_are_answered_in_a_chain(odoo, odoo_target, products, place_order):
    order_id = place_order(mugs=2, cups=1)
    outcome = deliver_sale_order(odoo, order_id, quantities_by_product={products["cup"]: 1}, skip_sms=False)
    if odoo_target.kind == "simulator":
        assert outcome.wizards == ("stock.backorder.confirmation", "confirm.stock.sms")
    assert delivered(odoo, order_id) == ("partial", {products["mug"]: 0, products["cup"]: 1})


def test_validated_deliveries_are_read_once_each_since_a_cursor(odoo, products, place_order, fba_location):
    # Given a cursor taken now, then two FBM deliveries validated with carrier and tracking, and one FBA delivery
    carrier = odoo.search_read("delivery.carrier", [], ["name"], limit=1, order="id")[0]
    first, second = place_order(mugs=2, cups=1), place_order(mugs=1, cups=0)
    start = DeliveryCursor(odoo.read("sale.order", [first], ["write_date"])[0]["write_date"], 0)
    for order_id, tracking in ((first, "1Z999AA10123456784"), (second, "1Z999AA10123456785")):
        pickings = odoo.search("stock.picking", [("sale_id", "=", order_id)])
        odoo.write("stock.picking", pickings, {"carrier_id": carrier["id"], "carrier_tracking_ref": tracking})
        deliver_sale_order(odoo, order_id)
    stock.set_location_quantity(odoo, product_id=products["mug"], location_id=fba_location, quantity=1)
    deliver_fba_order(odoo, place_order(mugs=1, cups=0), fba_location_id=fba_location)
    # When they are read one page of one delivery at a time, every account's FBA location excluded
    excluded = stock.fba_location_ids(odoo)
    assert fba_location in excluded and all(isinstance(location_id, int) for location_id in excluded)
    seen, cursor = [], start
    for _ in range(50):
        batch = read_validated_deliveries(odoo, since=cursor, limit=1, exclude_location_ids=excluded)
        if not batch.deliveries:
            break
        seen.extend(batch.deliveries)
        cursor = batch.cursor
    # Then each FBM delivery came exactly once, with its carrier, tracking reference and moved quantities
    mine = [d for d in seen if d.sale_order_id in (first, second)]
    assert [d.sale_order_id for d in mine] == [first, second]
    assert [d.tracking_ref for d in mine] == ["1Z999AA10123456784", "1Z999AA10123456785"]
    assert mine[0].carrier_name == carrier["name"] and mine[0].date_done
    assert mine[0].amazon_order_id == orders.find_sale_orders(odoo, [mine[0].amazon_order_id]).popitem()[0]
    assert sorted((line.product_id, line.quantity) for line in mine[0].lines) == sorted(
        [(products["mug"], 2), (products["cup"], 1)])
    assert all(line.sale_line_id and line.sale_line_name for line in mine[0].lines)
    assert len(seen) == len({d.picking_id for d in seen})
    # And nothing is left after the last cursor
    assert read_validated_deliveries(odoo, since=cursor, exclude_location_ids=excluded).deliveries == ()


def test_a_delivery_validated_at_once_keeps_amazons_carrier_and_tracking_numbers(odoo, unique, place_order):
    # Given a shipping method named like Amazon's carrier, and an order Amazon shipped in two packages
    product = odoo.create_one("product.product", {"name": f"Shipping {unique}", "type": "service"})
    carrier = odoo.create_one("delivery.carrier", {"name": f"UPS {unique}", "product_id": product,
                                                   "delivery_type": "fixed"})
    packages = (Package(carrier=f"UPS {unique}", tracking_number="1Z999AA10123456784"),
                Package(carrier=f"UPS {unique}", tracking_number="1Z999AA10123456785"))
    order_id = place_order(mugs=1, cups=1)
    # When its delivery is validated at once with Amazon's packages
    outcome = deliver_sale_order(odoo, order_id, create_backorder=False,
                                 picking_values=amazon_packages.picking_values(odoo, packages))
    # Then the validated delivery keeps the tracking numbers and the carrier (Odoo does not replace them)
    picking = odoo.read("stock.picking", list(outcome.picking_ids), ["state", "carrier_tracking_ref", "carrier_id"])[0]
    assert (picking["state"], picking["carrier_tracking_ref"], picking["carrier_id"][0]) == (
        "done", "1Z999AA10123456784,1Z999AA10123456785", carrier)
    # And a carrier no shipping method is named after matches nothing (ignoring case for the one that exists)
    assert references.carrier_id(odoo, f"ups {unique}") == carrier
    assert references.carrier_id(odoo, f"Hermes {unique}") is None
