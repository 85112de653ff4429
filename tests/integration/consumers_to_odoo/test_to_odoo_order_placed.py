"""apply_order_placed against the Odoo simulator over HTTP (JSON-RPC), with the real Redis for locks and warnings."""

from __future__ import annotations

import pytest

from amzbus.bus.errors import PermanentError, RetryableError
from amzbus.bus.offer_table import Offer
from amzbus.consumers.fallback_products import FallbackProductLog
from amzbus.consumers.to_odoo import Outcome
from amzbus.schemas import Buyer
from amzbus.simulators.odoo.exceptions import ValidationError
from amzbus.simulators.odoo.models.partner import Partner
from to_odoo_testing import item, placed, simulator, us_address, world  # noqa: F401  (fixtures)


def test_an_order_creates_one_confirmed_sale_order_with_its_lines_and_amazons_total(world):
    # Given a US order: 3 mugs for 10.00 (cents that do not divide), a promoted gift-wrapped tea, shipping, taxes
    envelope = placed(item("MUG-RED", quantity=3, price="10.00", tax="0.83", shipping="4.99", shipping_tax="0.41"),
                      item("TEA-GREEN", price="19.99", promotion="2.00", tax="1.48", gift_wrap="3.99",
                           gift_wrap_level="Classic", gift_message="Happy birthday!"),
                      total="39.69")
    # When it is applied
    assert world.handlers.apply_order_placed(envelope) is Outcome.CREATED
    # Then one confirmed sale order, in USD, for the account's team, totals Amazon's 39.69
    order = world.the_sale_order(envelope.payload.order_id)
    assert order["state"] == "sale" and order["amount_total"] == 39.69
    assert order["origin"] == f"Amazon {envelope.payload.order_id}"
    assert order["team_id"][1] == "Amazon North America" and order["currency_id"][1] == "USD"
    assert order["partner_id"][1] == "Jane Doe"
    lines = [(line["name"], line["product_uom_qty"], line["price_unit"], line["discount"], line["tax_id"])
             for line in world.lines(order["id"])]
    assert lines == [
        ("[MUG-RED] Red mug", 3.0, 3.33, 0.0, []),
        ("[TEA-GREEN] Green tea", 1.0, 19.99, 10.01, []),
        ("Gift wrap (Classic) for [TEA-GREEN]", 1.0, 3.99, 0.0, []),
        ("Shipping (Standard)", 1.0, 4.99, 0.0, []),
        ("Sales tax collected by Amazon", 1.0, 2.72, 0.0, []),
        ("Rounding: what Odoo's unit prices and discounts cannot carry exactly", 1.0, 0.01, 0.0, []),
        ("Gift message: Happy birthday!", 0.0, 0.0, 0.0, []),
    ]
    # And its delivery waits in the warehouse with the gift message for the packer
    (picking,) = world.pickings(order["id"])
    assert picking["state"] != "done" and picking["location_id"][1] == "WH/Stock"
    assert "Gift message: Happy birthday!" in picking["note"]


def test_an_eu_order_is_in_euros_with_its_vat_included_prices(world):
    # Given a German order: prices include VAT, no tax line
    envelope = placed(item("MUG-BLUE", quantity=2, price="49.80", currency="EUR", tax="7.95", shipping="4.99"),
                      total="54.79", account="eu-main")
    # When it is applied
    world.handlers.apply_order_placed(envelope)
    # Then
    order = world.the_sale_order(envelope.payload.order_id)
    assert order["amount_total"] == 54.79 and order["currency_id"][1] == "EUR"
    assert order["pricelist_id"][1].startswith("Amazon EUR") and order["team_id"][1] == "Amazon Europe"
    assert [line["name"] for line in world.lines(order["id"])] == ["[MUG-BLUE] Blue mug", "Shipping (Standard)"]


def test_applying_the_same_order_twice_creates_one_sale_order(world, simulator):
    # Given an order already applied
    envelope = placed(item("MUG-RED", price="12.00", gift_message="For you"), total="12.00")
    world.handlers.apply_order_placed(envelope)
    # When it is applied again (a retry, a replay, a re-poll)
    outcome = world.handlers.apply_order_placed(envelope)
    # Then nothing new is created, and the gift message is not repeated on the delivery
    assert outcome is Outcome.ALREADY_APPLIED
    assert len(world.sale_orders(envelope.payload.order_id)) == 1
    assert simulator.state.calls.count("sale.order", "create") == 1
    (picking,) = world.pickings(world.the_sale_order(envelope.payload.order_id)["id"])
    assert picking["note"].count("For you") == 1


def test_an_fba_order_is_delivered_at_once_from_the_accounts_fba_location(world):
    # Given an FBA order Amazon shipped
    envelope = placed(item("MUG-RED", quantity=2, price="20.00", tax="1.65"), total="21.65", channel="FBA",
                      status="SHIPPED")
    # When it is applied
    world.handlers.apply_order_placed(envelope)
    # Then its delivery is done, out of the account's FBA location (created under the warehouse)
    order = world.the_sale_order(envelope.payload.order_id)
    assert order["delivery_status"] == "full"
    (picking,) = world.pickings(order["id"])
    assert picking["state"] == "done" and picking["location_id"][1] == "Amazon FBA/Amazon FBA US"
    # And applying it again delivers nothing more
    assert world.handlers.apply_order_placed(envelope) is Outcome.ALREADY_APPLIED
    assert len(world.pickings(order["id"])) == 1


def test_an_fbm_order_shipped_outside_odoo_is_validated_at_once(world):
    # Given an FBM order Amazon reports as shipped the first time the bus sees it (shipped from Seller Central)
    envelope = placed(item("MUG-BLUE", quantity=2, price="30.00", tax="2.48", shipped=2), total="32.48",
                      status="SHIPPED")
    # When it is applied
    world.handlers.apply_order_placed(envelope)
    # Then the sale is in Odoo and its delivery was validated from the warehouse, with a word on why
    order = world.the_sale_order(envelope.payload.order_id)
    (picking,) = world.pickings(order["id"])
    assert picking["state"] == "done" and picking["location_id"][1] == "WH/Stock"
    assert order["delivery_status"] == "full"
    assert any("shipped from Seller Central" in body for body in world.messages("sale.order", order["id"]))


def test_a_partly_shipped_fbm_order_validates_what_was_shipped_and_keeps_the_rest_to_ship(world):
    # Given 3 mugs of which Amazon says 1 was shipped already, and a tea not shipped
    envelope = placed(item("MUG-RED", quantity=3, price="30.00", shipped=1), item("TEA-GREEN", price="5.00"),
                      total="35.00", status="PARTIALLY_SHIPPED")
    # When it is applied
    world.handlers.apply_order_placed(envelope)
    # Then one delivery is done and a backorder holds the rest
    order = world.the_sale_order(envelope.payload.order_id)
    states = sorted(picking["state"] for picking in world.pickings(order["id"]))
    assert len(states) == 2 and states.count("done") == 1
    assert order["delivery_status"] == "partial"


def test_a_north_american_fba_order_without_names_gets_a_customer_all_the_same(world):
    # Given two FBA orders without a buyer name: one with a named address, one with none at all
    named = placed(item("MUG-RED", price="9.99"), total="9.99", channel="FBA", status="SHIPPED", buyer=Buyer(),
                   ship_to=us_address(name="J. Smith"))
    anonymous = placed(item("MUG-RED", price="9.99"), total="9.99", channel="FBA", status="SHIPPED", buyer=Buyer(),
                       ship_to=us_address(name=None, zip_code="10001"))
    # When they are applied
    world.handlers.apply_order_placed(named)
    world.handlers.apply_order_placed(anonymous)
    # Then their customers are named after the address, or generically
    assert world.the_sale_order(named.payload.order_id)["partner_id"][1] == "J. Smith"
    assert world.the_sale_order(anonymous.payload.order_id)["partner_id"][1] == "Amazon customer Amazon.com"


def test_an_unknown_sku_falls_back_to_the_generic_product_and_is_remembered_for_status(world):
    # Given an order with a SKU that neither the offer table nor Odoo knows
    envelope = placed(item("NEW-GADGET", price="15.00"), total="15.00")
    # When it is applied
    world.handlers.apply_order_placed(envelope)
    # Then the line is on the generic "Amazon sale" product, and the warning is kept by ids
    order = world.the_sale_order(envelope.payload.order_id)
    (line,) = world.lines(order["id"])
    assert line["product_id"][1] == "[AMAZON-SALE] Amazon sale" and line["name"] == "[NEW-GADGET] Something new"
    warnings = FallbackProductLog(world.runtime.redis, namespace=world.runtime.namespace).recent()
    assert [(w.account, w.amazon_order_id, w.sku) for w in warnings] == \
        [("na-main", envelope.payload.order_id, "NEW-GADGET")]


def test_an_offer_maps_a_sku_to_its_product(world):
    # Given an offer mapping the Amazon SKU to the Odoo product MUG-BLUE
    world.runtime.offer_table.set([Offer("na-main", "AMZ-BLUE-01", "MUG-BLUE")])
    envelope = placed(item("AMZ-BLUE-01", price="11.00"), total="11.00")
    # When the order is applied
    world.handlers.apply_order_placed(envelope)
    # Then the line sells that product, and nothing fell back
    (line,) = world.lines(world.the_sale_order(envelope.payload.order_id)["id"])
    assert line["product_id"][1] == "[MUG-BLUE] Blue mug"
    assert FallbackProductLog(world.runtime.redis, namespace=world.runtime.namespace).count() == 0


def test_an_order_left_unconfirmed_by_a_failed_attempt_is_confirmed_and_delivered_on_the_next(world, simulator):
    # Given an FBA order whose first attempt failed once the quotation was created (Odoo unavailable)
    simulator.state.faults.add(kind="http_503", target="sale.order", method="action_confirm", times=1)
    envelope = placed(item("MUG-RED", price="20.00"), total="20.00", channel="FBA", status="SHIPPED")
    with pytest.raises(RetryableError):
        world.handlers.apply_order_placed(envelope)
    assert world.the_sale_order(envelope.payload.order_id)["state"] == "draft"
    # When it is retried
    outcome = world.handlers.apply_order_placed(envelope)
    # Then the same order is confirmed and delivered, and no second one exists
    assert outcome is Outcome.COMPLETED
    order = world.the_sale_order(envelope.payload.order_id)
    assert (order["state"], order["delivery_status"]) == ("sale", "full")


def test_a_customer_address_odoo_refuses_is_a_permanent_error_with_odoos_message(world, monkeypatch):
    # Given an Odoo that refuses a postal code (as a localisation module's check would)
    original = Partner.after_create

    def refuse_zip(self, record_id, vals):
        original(self, record_id, vals)
        if self.table[record_id].get("zip") == "00000":
            raise ValidationError("The ZIP code 00000 is not valid for United States")
    monkeypatch.setattr(Partner, "after_create", refuse_zip)
    envelope = placed(item("MUG-RED", price="10.00"), total="10.00", ship_to=us_address(zip_code="00000"))
    # When the order is applied
    with pytest.raises(PermanentError) as refused:
        world.handlers.apply_order_placed(envelope)
    # Then the error names the order and carries Odoo's message, and nothing was created
    message = str(refused.value)
    assert f"Amazon order {envelope.payload.order_id} (account na-main)" in message
    assert "The ZIP code 00000 is not valid for United States" in message
    assert world.sale_orders(envelope.payload.order_id) == []


def test_an_order_held_by_another_worker_is_retried_later(world):
    # Given another worker holding the order's lock
    envelope = placed(item("MUG-RED", price="10.00"), total="10.00")
    other = world.runtime.locks.lock(envelope.key, timeout=10)
    assert other.acquire(blocking=False)
    try:
        # When the order is applied, Then it is a retryable error and nothing is created
        with pytest.raises(RetryableError, match="held by another worker"):
            world.handlers.apply_order_placed(envelope)
        assert world.sale_orders(envelope.payload.order_id) == []
    finally:
        other.release()
