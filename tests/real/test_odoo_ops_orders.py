"""Sale orders: created with all their lines and confirmed in a bounded number of round trips, found by Amazon
order id, cancelled (or refused when goods left), and noted on the chatter."""

from dataclasses import replace
from datetime import datetime, timezone
from decimal import Decimal

import pytest

from amzbus.bus.errors import PermanentError
from amzbus.connectors.odoo import chatter, orders
from amzbus.connectors.odoo.deliveries import deliver_sale_order
from amzbus.connectors.odoo.products import ProductFallbacks
from amzbus.connectors.odoo.values import (AddressData, CancelOutcome, CustomerData, LineKind, SaleLineDraft,
                                           SaleOrderDraft)

LINE_READ = ["product_id", "name", "product_uom_qty", "price_unit", "discount", "display_type"]


@pytest.fixture
def catalog(make_product, unique):
    """Two storable products in stock, a shipping product for the "Expedited" level, and fallbacks."""
    return {"mug": make_product(f"MUG-{unique}", on_hand=50), "cup": make_product(f"CUP-{unique}", on_hand=50),
            "ship": make_product(f"Expedited-{unique}"),
            "fallbacks": ProductFallbacks(item=f"AMZ-SALE-{unique}", shipping=f"AMZ-SHIP-{unique}",
                                          gift_wrap=f"AMZ-GIFT-{unique}")}


def customer(unique, suffix=""):
    return CustomerData(name=f"Jane {unique}{suffix}", email=f"{unique}{suffix}@marketplace.amazon.de",
                        address=AddressData(name=f"Jane {unique}{suffix}", street="Hauptstrasse 1", city="Berlin",
                                            zip="10115", country_code="DE", state_code="BE", phone="+49 30 1"))


PURCHASED = datetime(2026, 11, 2, 9, 30, 15, tzinfo=timezone.utc)


def draft(unique, amazon_order_id, *, buyer=None, notes=("Happy birthday, Max!",), team=None):
    return SaleOrderDraft(
        amazon_order_id=amazon_order_id, currency="EUR", customer=buyer or customer(unique), notes=notes,
        sales_team=team or f"Amazon {unique}", date_order=PURCHASED,
        lines=(SaleLineDraft(f"MUG-{unique}", f"[MUG-{unique}] Mug", Decimal("2"), Decimal("9.90"),
                             discount=Decimal("10")),
               SaleLineDraft(f"CUP-{unique}", f"[CUP-{unique}] Cup", Decimal("1"), Decimal("5")),
               SaleLineDraft(f"Expedited-{unique}", "Shipping", Decimal("1"), Decimal("4.50"), kind=LineKind.SHIPPING),
               SaleLineDraft(f"Classic-{unique}", "Gift wrap", Decimal("1"), Decimal("2"), kind=LineKind.GIFT_WRAP)))


def test_an_amazon_order_becomes_a_confirmed_sale_order_with_all_its_lines(odoo, unique, catalog, amazon_order_id):
    # Given an Amazon order with two items, shipping, gift wrap and a gift message, in euros
    # When it is created and confirmed
    created = orders.create_confirmed_sale_order(odoo, draft(unique, amazon_order_id), fallbacks=catalog["fallbacks"])
    # Then the sale order is confirmed, carries Amazon's id and a recognisable origin, in euros, for the team
    order = odoo.read("sale.order", [created.id], ["state", "client_order_ref", "origin", "partner_id", "date_order",
                                                   "partner_shipping_id", "pricelist_id", "team_id", "order_line"])[0]
    assert (order["state"], order["client_order_ref"], order["origin"]) == (
        "sale", amazon_order_id, f"Amazon {amazon_order_id}")
    # And its order date is Amazon's purchase date, not the time Odoo confirmed it
    assert order["date_order"] == "2026-11-02 09:30:15"
    assert (order["partner_id"][0], order["partner_shipping_id"][0]) == (
        created.customer.partner_id, created.customer.delivery_id)
    currency = odoo.read("product.pricelist", [order["pricelist_id"][0]], ["currency_id"])[0]["currency_id"]
    assert currency[1] == "EUR" or odoo.read("res.currency", [currency[0]], ["name"])[0]["name"] == "EUR"
    assert odoo.read("crm.team", [order["team_id"][0]], ["name"])[0]["name"] == f"Amazon {unique}"
    # And its lines are the items, shipping, the gift-wrap fallback and the gift message as a note line
    lines = sorted(odoo.read("sale.order.line", order["order_line"], LINE_READ), key=lambda line: line["id"])
    products = [line["product_id"] and line["product_id"][0] for line in lines]
    gift_wrap = created.products[(LineKind.GIFT_WRAP, f"Classic-{unique}")]
    assert products == [catalog["mug"], catalog["cup"], catalog["ship"], gift_wrap.product_id, False]
    assert gift_wrap.matched_by == "fallback"
    assert (lines[0]["product_uom_qty"], lines[0]["price_unit"], lines[0]["discount"]) == (2, 9.9, 10)
    assert (lines[4]["display_type"], lines[4]["name"]) == ("line_note", "Happy birthday, Max!")


def test_a_known_customer_with_known_products_costs_at_most_5_round_trips(odoo, unique, catalog,
                                                                         new_amazon_order_id):
    # Given a first order has warmed the reference caches (currency, pricelist, team, countries, products)
    fallbacks = catalog["fallbacks"]
    orders.create_confirmed_sale_order(odoo, draft(unique, new_amazon_order_id()), fallbacks=fallbacks)
    # When the same buyer orders again
    before = odoo.round_trips
    orders.create_confirmed_sale_order(odoo, draft(unique, new_amazon_order_id()), fallbacks=fallbacks)
    # Then creating, confirming and keeping the purchase date took at most 5 round trips
    assert odoo.round_trips - before <= 5


def test_a_new_customer_costs_at_most_7_round_trips(odoo, unique, catalog, new_amazon_order_id):
    fallbacks = catalog["fallbacks"]
    orders.create_confirmed_sale_order(odoo, draft(unique, new_amazon_order_id()), fallbacks=fallbacks)
    before = odoo.round_trips
    created = orders.create_confirmed_sale_order(
        odoo, draft(unique, new_amazon_order_id(), buyer=customer(unique, "-new")), fallbacks=fallbacks)
    assert created.customer.partner_created
    assert odoo.round_trips - before <= 7


def test_a_sale_order_is_found_by_its_amazon_order_id(odoo, unique, catalog, amazon_order_id, new_amazon_order_id):
    # Given an order created for an Amazon order
    created = orders.create_confirmed_sale_order(odoo, draft(unique, amazon_order_id), fallbacks=catalog["fallbacks"])
    # When it is looked up by Amazon order id
    found = orders.find_sale_order(odoo, amazon_order_id)
    # Then it is found, and an unknown id finds nothing
    assert (found.id, found.state, found.amazon_order_id) == (created.id, "sale", amazon_order_id)
    assert orders.find_sale_order(odoo, new_amazon_order_id()) is None
    assert set(orders.find_sale_orders(odoo, [amazon_order_id, new_amazon_order_id()])) == {amazon_order_id}


def test_a_draft_left_by_a_failed_attempt_can_be_confirmed(odoo, unique, catalog, amazon_order_id):
    partner = odoo.create_one("res.partner", {"name": f"Draft {unique}"})
    line = {"product_id": catalog["mug"], "product_uom_qty": 1, "price_unit": 3}
    order_id = odoo.create_one("sale.order", {"partner_id": partner, "client_order_ref": amazon_order_id,
                                              "order_line": [(0, 0, line)]})
    assert orders.confirm_sale_order(odoo, order_id, date_order=PURCHASED) is True
    assert orders.confirm_sale_order(odoo, order_id) is False
    found = orders.find_sale_order(odoo, amazon_order_id)
    assert (found.state, found.date_order) == ("sale", "2026-11-02 09:30:15")


def test_a_cancelled_amazon_order_cancels_the_sale_order_and_its_delivery(odoo, unique, catalog, amazon_order_id):
    # Given a confirmed order with its delivery waiting
    created = orders.create_confirmed_sale_order(odoo, draft(unique, amazon_order_id), fallbacks=catalog["fallbacks"])
    # When it is cancelled, twice
    first = orders.cancel_sale_order(odoo, created.id)
    second = orders.cancel_sale_order(odoo, created.id)
    # Then the order and its delivery are cancelled, and the second time says it already was
    assert (first, second) == (CancelOutcome.CANCELLED, CancelOutcome.ALREADY_CANCELLED)
    order = odoo.read("sale.order", [created.id], ["state", "picking_ids"])[0]
    assert order["state"] == "cancel"
    assert {p["state"] for p in odoo.read("stock.picking", order["picking_ids"], ["state"])} == {"cancel"}


def test_a_locked_order_is_unlocked_to_be_cancelled(odoo, unique, catalog, amazon_order_id):
    created = orders.create_confirmed_sale_order(odoo, draft(unique, amazon_order_id), fallbacks=catalog["fallbacks"])
    odoo.execute("sale.order", "action_lock", [created.id])
    assert orders.cancel_sale_order(odoo, created.id) is CancelOutcome.CANCELLED
    assert orders.find_sale_order(odoo, amazon_order_id).state == "cancel"


def test_cancelling_an_order_whose_goods_left_is_refused_with_the_reason(odoo, unique, catalog, amazon_order_id):
    # Given an order of which one mug was delivered
    created = orders.create_confirmed_sale_order(odoo, draft(unique, amazon_order_id), fallbacks=catalog["fallbacks"])
    deliver_sale_order(odoo, created.id, quantities_by_product={catalog["mug"]: 1})
    # When Amazon cancels it, Then the cancellation is refused, saying why, and nothing changes
    with pytest.raises(PermanentError, match="already partially delivered") as refused:
        orders.cancel_sale_order(odoo, created.id)
    assert refused.value.code == "odoo_order_delivered" and amazon_order_id in str(refused.value)
    assert orders.find_sale_order(odoo, amazon_order_id).state == "sale"


def test_a_message_is_posted_on_the_sale_orders_chatter(odoo, unique, catalog, amazon_order_id):
    created = orders.create_confirmed_sale_order(odoo, draft(unique, amazon_order_id), fallbacks=catalog["fallbacks"])
    message_id = chatter.post_message(odoo, "sale.order", created.id, f"Amazon cancelled {amazon_order_id} <late>")
    message = odoo.read("mail.message", [message_id], ["body", "model", "res_id"])[0]
    assert (message["model"], message["res_id"]) == ("sale.order", created.id)
    assert f"Amazon cancelled {amazon_order_id} &lt;late&gt;" in message["body"]


def _messages(odoo, order_id):
    return [row["body"] for row in odoo.search_read("mail.message", [("model", "=", "sale.order"),
                                                                     ("res_id", "=", order_id)], ["body"])]


def test_a_replacement_names_the_original_amazon_order_and_links_both_sale_orders(odoo, unique, catalog,
                                                                                   new_amazon_order_id):
    # Given the sale order of an Amazon order
    original_id, replacement_id = new_amazon_order_id(), new_amazon_order_id()
    original = orders.create_confirmed_sale_order(odoo, draft(unique, original_id), fallbacks=catalog["fallbacks"])
    original_name = odoo.read("sale.order", [original.id], ["name"])[0]["name"]
    # When Amazon's free replacement of it is created
    free = replace(draft(unique, replacement_id, notes=()), replaces=original_id,
                   lines=(SaleLineDraft(f"MUG-{unique}", f"[MUG-{unique}] Mug", Decimal("1"), Decimal("0")),))
    created = orders.create_confirmed_sale_order(odoo, free, fallbacks=catalog["fallbacks"])
    # Then the replacement's sale order (total 0) says in a note line what it replaces, and its sale order
    order = odoo.read("sale.order", [created.id], ["amount_total", "order_line"])[0]
    notes = [line["name"] for line in odoo.read("sale.order.line", order["order_line"], LINE_READ)
             if line["display_type"] == "line_note"]
    assert order["amount_total"] == 0
    assert notes == [f"Free replacement of Amazon order {original_id} (its sale order is {original_name})"]
    # And each order's chatter links to the other
    link_to_original = f'data-oe-model="sale.order" data-oe-id="{original.id}"'
    link_to_replacement = f'data-oe-model="sale.order" data-oe-id="{created.id}"'
    assert any(link_to_original in body and original_id in body for body in _messages(odoo, created.id))
    assert any(link_to_replacement in body and replacement_id in body for body in _messages(odoo, original.id))


def test_a_replacement_of_an_order_odoo_does_not_have_says_so(odoo, unique, catalog, new_amazon_order_id):
    # Given an Amazon order Odoo has no sale order for (e.g. imported before the bus ran)
    missing_id = new_amazon_order_id()
    # When its replacement is created
    free = replace(draft(unique, new_amazon_order_id(), notes=()), replaces=missing_id,
                   lines=(SaleLineDraft(f"CUP-{unique}", f"[CUP-{unique}] Cup", Decimal("1"), Decimal("0")),))
    created = orders.create_confirmed_sale_order(odoo, free, fallbacks=catalog["fallbacks"])
    # Then its note line and chatter name the original and say Odoo has no sale order for it
    lines = odoo.read("sale.order.line", odoo.read("sale.order", [created.id], ["order_line"])[0]["order_line"],
                      LINE_READ)
    assert [line["name"] for line in lines if line["display_type"] == "line_note"] == [
        f"Free replacement of Amazon order {missing_id} (Odoo has no sale order for it)"]
    assert any(f"{missing_id}, which has no sale order in Odoo" in body for body in _messages(odoo, created.id))
