"""Many orders at once (``order_batch``, ``partner_batch``): created, confirmed, dated and delivered in a few calls
for all of them, with what Odoo's transactions guarantee (a refused batched create leaves nothing)."""

from datetime import datetime, timezone
from decimal import Decimal

import pytest

from amzbus.bus.errors import PermanentError
from amzbus.connectors.odoo import orders, stock
from amzbus.connectors.odoo.delivery_notes import add_delivery_notes
from amzbus.connectors.odoo.order_batch import create_confirmed_sale_orders, deliver_orders_at_once
from amzbus.connectors.odoo.partner_batch import find_or_create_customers
from amzbus.connectors.odoo.values import AddressData, CustomerData, SaleLineDraft, SaleOrderDraft
from test_odoo_ops_deliveries import fba_location, products  # noqa: F401  (fixtures)


def buyer(unique, n):
    return CustomerData(name=f"Jane {unique} {n}", email=f"{unique}-{n}@marketplace.amazon.de",
                        address=AddressData(name=f"Jane {unique} {n}", street=f"Hauptstrasse {n}", city="Berlin",
                                            zip="10115", country_code="DE", state_code="BE"))


def draft(unique, amazon_order_id, customer, *, mugs=2, hour=8):
    return SaleOrderDraft(amazon_order_id=amazon_order_id, currency="EUR", customer=customer,
                          date_order=datetime(2026, 11, 2, hour, 15, 30, tzinfo=timezone.utc),
                          lines=(SaleLineDraft(f"MUG-{unique}", "Mug", Decimal(mugs), Decimal("9.90")),
                                 SaleLineDraft(f"CUP-{unique}", "Cup", Decimal("1"), Decimal("5"))))


def test_a_batch_of_orders_is_created_confirmed_and_dated_in_a_fixed_number_of_calls(
        odoo, unique, products, new_amazon_order_id):
    # Given three orders of three new customers, placed at different hours (reference data already looked up)
    create_confirmed_sale_orders(odoo, [draft(unique, new_amazon_order_id(), buyer(unique, 9))])
    drafts = [draft(unique, new_amazon_order_id(), buyer(unique, n), mugs=n + 1, hour=8 + n) for n in range(3)]
    before = odoo.round_trips
    # When they are created as one batch
    created = create_confirmed_sale_orders(odoo, drafts)
    # Then partners (search, create, read), create, confirm and dates: 6 calls for the three
    assert odoo.round_trips - before <= 6
    rows = odoo.read("sale.order", [order.id for order in created],
                     ["state", "client_order_ref", "date_order", "amount_untaxed", "partner_id"])
    assert [(row["state"], row["client_order_ref"]) for row in rows] == [("sale", d.amazon_order_id) for d in drafts]
    # And each keeps its own purchase date, though Odoo's confirmation set it to now
    assert [row["date_order"] for row in rows] == [f"2026-11-02 {8 + n:02d}:15:30" for n in range(3)]
    assert [row["amount_untaxed"] for row in rows] == [14.9, 24.8, 34.7]
    assert len({row["partner_id"][0] for row in rows}) == 3


def test_the_customers_of_a_batch_are_found_or_created_once_each(odoo, unique):
    # Given a known customer, and a batch with it, a new customer twice and another new one
    known = find_or_create_customers(odoo, [buyer(unique, 0)])[0]
    # When the batch's customers are looked up
    refs = find_or_create_customers(odoo, [buyer(unique, 1), buyer(unique, 0), buyer(unique, 1), buyer(unique, 2)])
    # Then the known one is reused and the new one created once, with its delivery address
    assert (refs[1].partner_id, refs[1].delivery_id, refs[1].partner_created) == (
        known.partner_id, known.delivery_id, False)
    assert refs[0].partner_id == refs[2].partner_id and refs[0].delivery_id == refs[2].delivery_id
    assert refs[0].partner_created and not refs[2].partner_created and refs[3].partner_created
    delivery = odoo.read("res.partner", [refs[3].delivery_id], ["type", "parent_id", "street"])[0]
    assert (delivery["type"], delivery["parent_id"][0], delivery["street"]) == (
        "delivery", refs[3].partner_id, "Hauptstrasse 2")


def test_a_new_customer_whose_email_a_batch_spells_two_ways_is_created_once(odoo, unique):
    # Given a batch with a new customer twice, the second time with a name before the e-mail, in capitals
    plain = buyer(unique, 1)
    spelled = CustomerData(name=plain.name, email=f"{plain.name} <{plain.email.upper()}>", address=plain.address)
    # When the batch's customers are looked up
    refs = find_or_create_customers(odoo, [plain, spelled])
    # Then one contact is created, and the second order has it
    assert refs[0].partner_created and not refs[1].partner_created
    assert (refs[1].partner_id, refs[1].delivery_id) == (refs[0].partner_id, refs[0].delivery_id)


def test_a_batch_of_fba_orders_is_delivered_at_once_from_the_fba_location(
        odoo, unique, products, fba_location, new_amazon_order_id):
    # Given three confirmed orders, Amazon holding their goods on the FBA location
    for product in products.values():
        stock.set_location_quantity(odoo, product_id=product, location_id=fba_location, quantity=10)
    created = create_confirmed_sale_orders(
        odoo, [draft(unique, new_amazon_order_id(), buyer(unique, n), mugs=n + 1) for n in range(3)])
    before = odoo.round_trips
    # When they are delivered together
    outcome = deliver_orders_at_once(odoo, {order.id: fba_location for order in created})
    # Then in 5 calls (moves, unreserve, write, validate, read back), every delivery is done from the FBA location
    assert odoo.round_trips - before <= 5
    pickings = odoo.read("stock.picking", list(outcome.picking_ids), ["state", "location_id"])
    assert len(pickings) == 3 and {(p["state"], p["location_id"][0]) for p in pickings} == {("done", fba_location)}
    statuses = odoo.read("sale.order", [order.id for order in created], ["delivery_status"])
    assert {row["delivery_status"] for row in statuses} == {"full"}
    # And the goods left the FBA location: 1 + 2 + 3 mugs and 3 cups
    mugs = odoo.read("product.product", [products["mug"]], ["qty_available"], context={"location": fba_location})
    cups = odoo.read("product.product", [products["cup"]], ["qty_available"], context={"location": fba_location})
    assert (mugs[0]["qty_available"], cups[0]["qty_available"]) == (4, 7)
    # And delivering again finds nothing open
    assert deliver_orders_at_once(odoo, {order.id: fba_location for order in created}).picking_ids == ()


def test_a_batched_create_odoo_refuses_leaves_none_of_its_orders(odoo, unique, products, new_amazon_order_id):
    # Given two orders, one naming a customer Odoo does not have
    good, bad = new_amazon_order_id(), new_amazon_order_id()
    partner = find_or_create_customers(odoo, [buyer(unique, 0)])[0].partner_id
    lines = [(0, 0, {"product_id": products["mug"], "product_uom_qty": 1, "price_unit": 5})]
    # When they are created in one call
    with pytest.raises(PermanentError):
        odoo.create("sale.order", [{"partner_id": partner, "client_order_ref": good, "order_line": lines},
                                   {"partner_id": 2_000_000_000, "client_order_ref": bad, "order_line": lines}])
    # Then neither exists: the batch is one transaction, so retrying its orders one by one creates nothing twice
    assert orders.find_sale_orders(odoo, [good, bad]) == {}


def test_orders_of_two_fba_locations_are_delivered_together_each_from_its_own(
        odoo, unique, warehouse, products, fba_location, new_amazon_order_id):
    # Given two orders of one account's FBA location and one of another's
    other = stock.ensure_fba_location(odoo, name=f"Amazon FBA {unique} EU", warehouse=warehouse)
    created = create_confirmed_sale_orders(
        odoo, [draft(unique, new_amazon_order_id(), buyer(unique, n), mugs=n + 1) for n in range(3)])
    locations = {created[0].id: fba_location, created[1].id: other, created[2].id: fba_location}
    # When they are delivered together
    outcome = deliver_orders_at_once(odoo, locations)
    # Then each delivery is done from its order's location
    pickings = odoo.read("stock.picking", list(outcome.picking_ids), ["state", "location_id", "sale_id"])
    assert {row["sale_id"][0]: (row["state"], row["location_id"][0]) for row in pickings} == {
        order_id: ("done", location) for order_id, location in locations.items()}
    mugs = odoo.read("product.product", [products["mug"]], ["qty_available"], context={"location": other})
    assert mugs[0]["qty_available"] == -2


def test_the_gift_messages_of_many_orders_are_written_in_two_calls_and_never_twice(
        odoo, unique, products, new_amazon_order_id):
    # Given two confirmed orders
    created = create_confirmed_sale_orders(
        odoo, [draft(unique, new_amazon_order_id(), buyer(unique, n)) for n in range(2)])
    texts = {created[0].id: "Gift message: Happy <birthday> & more", created[1].id: "Gift message: Congratulations"}
    before = odoo.round_trips
    # When their gift messages are put on their deliveries, twice
    written = add_delivery_notes(odoo, texts)
    assert odoo.round_trips - before == 2
    assert add_delivery_notes(odoo, texts) == []
    # Then each delivery's note holds its own message, escaped, once
    pickings = odoo.read("stock.picking", written, ["note", "sale_id"])
    notes = {row["sale_id"][0]: row["note"] for row in pickings}
    assert "Happy &lt;birthday&gt; &amp; more" in notes[created[0].id] and "Congratulations" in notes[created[1].id]
    assert notes[created[0].id].count("Happy") == 1
