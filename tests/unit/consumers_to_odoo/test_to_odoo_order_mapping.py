"""OrderPlaced -> SaleOrderDraft, field by field; the Odoo total always equals Amazon's to the cent."""

from __future__ import annotations

import dataclasses
import math
import random
from decimal import Decimal

import pytest

from amzbus.connectors.odoo.order_mapping import (ADJUSTMENT_PRODUCT_CODE, ROUNDING_LINE_NAME, TAX_PRODUCT_CODE,
                                                  UNITEMISED_LINE_NAME, OrderMappingError, event_to_sale_order_draft)
from amzbus.connectors.odoo.values import LineKind
from amzbus.schemas import Address, Buyer, Money
from to_odoo_orders import account, address, amazon_total, item, marketplace, order


def mapped(event, *, code: str | None = None):
    code = code or {"USD": "US", "CAD": "CA", "MXN": "MX", "EUR": "DE", "GBP": "UK"}.get(event.currency, "US")
    return event_to_sale_order_draft(event, marketplace=marketplace(code), account=account(marketplace=code))


def odoo_float_total(draft, *, currency_digits: int = 2) -> float:
    """The total as Odoo 18 computes it: floats, each line rounded half up (float_round with its epsilon)."""
    def float_round(value: float) -> float:
        normalized = value * 10 ** currency_digits
        if normalized == 0:
            return 0.0
        sign = math.copysign(1.0, normalized)
        normalized += sign * 2 ** (math.log(abs(normalized), 2) - 52)
        return sign * math.floor(abs(normalized) + 0.5) / 10 ** currency_digits
    return sum(float_round(float(line.price_unit) * (1 - float(line.discount) / 100) * float(line.quantity))
               for line in draft.lines)


def lines_of(result, kind=None, reference=None):
    return [line for line in result.draft.lines
            if (kind is None or line.kind is kind) and (reference is None or line.reference == reference)]


def test_an_eu_order_keeps_its_tax_included_prices_and_has_no_tax_line():
    # Given a German order of two mugs at 24.90 each (VAT included) with shipping
    event = order(item("MUG-RED", quantity=2, price="49.80", tax="7.95", shipping="4.99", currency="EUR",
                       title="Red  mug"), marketplace="DE", service_level="Expedited")
    # When it is mapped
    result = mapped(event)
    # Then the item line says "[SKU] title" with the unit price as Amazon shows it, untaxed in Odoo
    item_line, shipping_line = result.draft.lines
    assert (item_line.reference, item_line.name, item_line.quantity, item_line.price_unit, item_line.kind) == \
        ("MUG-RED", "[MUG-RED] Red mug", Decimal(2), Decimal("24.90"), LineKind.ITEM)
    assert item_line.tax_ids == () and item_line.discount == 0
    assert (shipping_line.reference, shipping_line.name, shipping_line.price_unit, shipping_line.kind) == \
        ("Expedited", "Shipping (Expedited)", Decimal("4.99"), LineKind.SHIPPING)
    assert not lines_of(result, reference=TAX_PRODUCT_CODE)
    assert result.amazon_total == result.expected_total == Decimal("54.79")
    assert result.draft.currency == "EUR" and result.draft.sales_team == "Amazon EU"


def test_a_north_american_order_carries_the_tax_amazon_collected_on_one_line():
    # Given a US order with item, shipping and gift-wrap taxes on top of the prices
    event = order(item("MUG-RED", price="20.00", tax="1.65", shipping="4.99", shipping_tax="0.41",
                       gift_wrap="3.99", gift_wrap_tax="0.33", gift_wrap_level="Classic"),
                  item("MUG-BLUE", price="15.00", tax="1.24"))
    # When it is mapped
    result = mapped(event)
    # Then one untaxed line carries every tax, and the total is Amazon's
    (tax_line,) = lines_of(result, reference=TAX_PRODUCT_CODE)
    assert (tax_line.name, tax_line.quantity, tax_line.price_unit, tax_line.tax_ids) == \
        ("Sales tax collected by Amazon", Decimal(1), Decimal("3.63"), ())
    assert result.amazon_total == result.expected_total == Decimal("47.61")
    assert math.isclose(odoo_float_total(result.draft), 47.61, abs_tol=1e-9)


def test_gift_wrap_is_a_line_and_the_gift_message_a_note_and_the_delivery_note():
    # Given an FBM item gift-wrapped with a message
    event = order(item("MUG-RED", price="20.00", gift_wrap="5.99", gift_wrap_level="Premium",
                       gift_message="Happy birthday! 🎂"))
    # When it is mapped
    result = mapped(event)
    # Then
    (wrap,) = lines_of(result, kind=LineKind.GIFT_WRAP)
    assert (wrap.reference, wrap.name, wrap.quantity, wrap.price_unit) == \
        ("Premium", "Gift wrap (Premium) for [MUG-RED]", Decimal(1), Decimal("5.99"))
    assert result.draft.notes == ("Gift message: Happy birthday! 🎂",)
    assert result.delivery.mode == "await_shipment"
    assert result.delivery.note == "Gift message: Happy birthday! 🎂"
    assert result.expected_total == Decimal("25.99")


def test_different_gift_messages_name_their_items():
    event = order(item("MUG-RED", gift_message="For Ann"), item("MUG-BLUE", gift_message="For Bob"))
    assert mapped(event).draft.notes == ("Gift message for [MUG-RED]: For Ann", "Gift message for [MUG-BLUE]: For Bob")


def test_a_promotion_is_a_discount_on_the_line_it_applies_to():
    # Given two items, one with a 10 % promotion
    event = order(item("MUG-RED", quantity=2, price="40.00", promotion="4.00"), item("MUG-BLUE", price="9.99"))
    # When it is mapped
    result = mapped(event)
    # Then the promoted line has the discount, the other none, and no rounding is needed
    red, blue = lines_of(result, kind=LineKind.ITEM)  # no adjustment line: none is needed
    assert (red.price_unit, red.discount) == (Decimal("20.00"), Decimal("10.00"))
    assert blue.discount == 0
    assert result.rounding == 0 and not lines_of(result, reference=ADJUSTMENT_PRODUCT_CODE)
    assert result.expected_total == result.amazon_total == Decimal("45.99")


def test_a_promotion_that_is_no_round_percentage_still_gives_the_exact_total():
    # Given 2.00 off 19.99 (10.005 %, which Odoo cannot store)
    result = mapped(order(item(price="19.99", promotion="2.00")))
    # Then a storable discount is chosen that gives 17.99 exactly, without a rounding line
    (line,) = lines_of(result, reference="MUG-RED")
    assert line.discount == Decimal("10.01")
    assert result.expected_total == Decimal("17.99") and result.rounding == 0
    assert math.isclose(odoo_float_total(result.draft), 17.99, abs_tol=1e-9)


def test_a_shipping_discount_is_a_discount_on_the_shipping_line():
    event = order(item("MUG-RED", shipping="4.99", shipping_discount="4.99"), item("MUG-BLUE", shipping="2.99"))
    (shipping,) = lines_of(mapped(event), kind=LineKind.SHIPPING)
    assert shipping.price_unit == Decimal("7.98")
    assert shipping.discount == Decimal("62.53")  # 4.99 of 7.98, rounded to what gives 2.99 exactly
    assert mapped(event).expected_total == Decimal("22.99")


def test_cents_that_do_not_divide_by_the_quantity_go_to_one_rounding_line():
    # Given 3 units for 10.00 in all
    result = mapped(order(item("MUG-RED", quantity=3, price="10.00")))
    # Then the item stays one line at 3.33, and a rounding line carries the missing cent
    (line,) = lines_of(result, reference="MUG-RED")
    assert (line.quantity, line.price_unit, line.discount) == (Decimal(3), Decimal("3.33"), Decimal(0))
    (rounding,) = lines_of(result, reference=ADJUSTMENT_PRODUCT_CODE)
    assert (rounding.name, rounding.quantity, rounding.price_unit, rounding.tax_ids) == \
        (ROUNDING_LINE_NAME, Decimal(1), Decimal("0.01"), ())
    assert result.rounding == Decimal("0.01")
    assert result.expected_total == result.amazon_total == Decimal("10.00")
    assert math.isclose(odoo_float_total(result.draft), 10.00, abs_tol=1e-9)


def test_rounding_can_be_negative():
    result = mapped(order(item(quantity=3, price="20.00")))  # 6.67 x 3 = 20.01
    assert result.rounding == Decimal("-0.01") and result.expected_total == Decimal("20.00")


@pytest.mark.parametrize("code,currency", [("US", "USD"), ("CA", "CAD"), ("MX", "MXN"), ("DE", "EUR"), ("UK", "GBP")])
def test_the_order_keeps_its_marketplace_currency(code, currency):
    # Given 3 units for 100.00 in the marketplace's currency
    event = order(item(quantity=3, price="100.00", currency=currency, tax="8.25", shipping="7.00"), marketplace=code)
    # When mapped
    result = mapped(event, code=code)
    # Then the order is in that currency, and its total is Amazon's
    assert result.draft.currency == currency
    assert result.expected_total == result.amazon_total


def test_a_currency_without_cents_is_rounded_to_whole_units():
    # Given a yen order (Odoo rounds JPY to 1): 1000 for 3 units
    event = order(item(quantity=3, price="1000", currency="JPY"), marketplace="US", total=None)
    event = event.__class__(**{**event.__dict__, "currency": "JPY", "prices_include_tax": True})
    result = mapped(event)
    # Then 333.33 x 3 = 999.99 rounds to 1000 already: no rounding line
    assert result.rounding == 0 and result.expected_total == Decimal("1000")


def test_amounts_in_another_currency_are_refused():
    event = order(item(currency="EUR"), marketplace="US")
    with pytest.raises(OrderMappingError, match="an amount is in EUR, the order in USD"):
        mapped(event)


def test_what_the_items_do_not_explain_of_amazons_total_is_its_own_line():
    # Given an order whose total has 1.50 more than its items (a charge the event does not itemise)
    result = mapped(order(item(price="10.00"), total="11.50"))
    (line,) = [line for line in result.draft.lines if line.name == UNITEMISED_LINE_NAME]
    assert (line.reference, line.price_unit) == (ADJUSTMENT_PRODUCT_CODE, Decimal("1.50"))
    assert result.unitemised == Decimal("1.50") and result.expected_total == Decimal("11.50")


def test_without_an_order_total_the_items_make_the_total():
    result = mapped(order(item(price="10.00", tax="0.80"), total=None))
    assert result.amazon_total == result.expected_total == Decimal("10.80")


def test_a_north_american_fba_order_without_a_buyer_name_is_named_after_the_shipping_address():
    event = order(item(), channel="FBA", status="SHIPPED", buyer=Buyer(), ship_to=address(name="J. Smith"))
    customer = mapped(event).draft.customer
    assert customer.name == "J. Smith" and customer.email is None
    assert customer.address.name == "J. Smith"


def test_without_any_name_the_customer_is_the_marketplaces_generic_customer():
    event = order(item(), channel="FBA", status="SHIPPED", buyer=Buyer(), ship_to=address(name=None))
    assert mapped(event).draft.customer.name == "Amazon customer Amazon.com"
    event = order(item(), channel="FBA", status="SHIPPED", buyer=Buyer(name="  "), ship_to=None)
    customer = mapped(event).draft.customer
    assert customer.name == "Amazon customer Amazon.com" and customer.address is None


def test_the_shipping_address_becomes_the_delivery_address():
    ship_to = Address(name="Jane  Doe", address_lines=("1 Main Street", "Apt 4", "Building B"), city="Springfield",
                      state_or_region="IL", postal_code="62701", country_code="US", phone="+1 555 0100")
    customer = mapped(order(item(), ship_to=ship_to)).draft.customer
    assert customer.name == "Jane Doe" and customer.email == "jane@marketplace.amazon.com"
    assert customer.phone == "+1 555 0100"
    a = customer.address
    assert (a.name, a.street, a.street2, a.city, a.zip, a.state_code, a.country_code) == \
        ("Jane Doe", "1 Main Street", "Apt 4, Building B", "Springfield", "62701", "IL", "US")


def test_the_order_carries_its_amazon_id_purchase_date_and_the_accounts_sales_team():
    event = order(item())
    draft = mapped(event).draft
    assert draft.amazon_order_id == event.order_id and draft.origin == f"Amazon {event.order_id}"
    assert draft.date_order == event.purchase_date and draft.sales_team == "Amazon NA"
    assert draft.replaces is None


def test_a_replacement_order_carries_the_amazon_order_it_replaces():
    event = dataclasses.replace(order(item(price="0.00")), is_replacement=True, replaced_order_id="111-2222222-3333333")
    result = mapped(event)
    assert result.draft.replaces == "111-2222222-3333333" and result.amazon_total == 0


@pytest.mark.parametrize("channel,status,items,mode,shipped", [
    ("FBA", "SHIPPED", [item("A", quantity=2, shipped=2)], "fba", {}),
    ("FBM", "SHIPPED", [item("A", quantity=2, shipped=2)], "shipped", {}),
    ("FBM", "PARTIALLY_SHIPPED", [item("A", quantity=2, shipped=1), item("B")], "partly_shipped", {"A": 1}),
    ("FBM", "UNSHIPPED", [item("A", quantity=2)], "await_shipment", {}),
])
def test_the_delivery_plan_follows_the_channel_and_what_amazon_already_shipped(channel, status, items, mode, shipped):
    plan = mapped(order(*items, channel=channel, status=status)).delivery
    assert (plan.mode, dict(plan.shipped_quantities)) == (mode, shipped)


def test_random_orders_always_total_amazons_figure_to_the_cent():
    # Given many generated orders (quantities up to 7, promotions, shipping, gift wrap, taxes, all marketplaces)
    rng = random.Random(20261127)
    for _ in range(500):
        code = rng.choice(["US", "CA", "MX", "DE", "ES", "FR", "UK", "IT", "NL"])
        event = _random_order(rng, code)
        # When mapped
        result = mapped(event, code=code)
        # Then the totals agree, in decimal and as Odoo's floats compute them
        assert result.expected_total == result.amazon_total, event
        assert math.isclose(odoo_float_total(result.draft), float(result.amazon_total), abs_tol=1e-6), event
        assert all(line.tax_ids == () for line in result.draft.lines)
        assert all(line.price_unit == line.price_unit.quantize(Decimal("0.01")) for line in result.draft.lines)
        assert all(line.discount == line.discount.quantize(Decimal("0.01")) for line in result.draft.lines)


def _random_order(rng, code):
    place = marketplace(code)

    def cents(low, high):
        return f"{Decimal(rng.randint(low, high)) / 100:.2f}"
    items = []
    for index in range(rng.randint(1, 4)):
        quantity = rng.randint(1, 7)
        price = Decimal(cents(100, 20000)) * quantity
        promotion = cents(1, int(price * 100)) if rng.random() < 0.3 else None
        shipping = cents(0, 999) if rng.random() < 0.5 else None
        items.append(item(f"SKU-{index}", quantity=quantity, price=str(price), currency=place.currency,
                          promotion=promotion, shipping=shipping,
                          shipping_discount=shipping if shipping and rng.random() < 0.2 else None,
                          gift_wrap=cents(199, 599) if rng.random() < 0.2 else None,
                          tax=None if place.tax_included else cents(0, 3000)))
    return order(*items, marketplace=code)


def test_a_business_order_keeps_the_buyers_company_for_the_contact():
    from dataclasses import replace

    from amzbus.connectors.odoo.order_customer import customer_of
    from amzbus.schemas import Buyer
    from order_events import order_placed

    event = replace(order_placed(), is_business=True, buyer=Buyer(name="Max Mustermann", company_name="Firma GmbH"))
    assert customer_of(event, None).company_name == "Firma GmbH"
    assert customer_of(order_placed(), None).company_name is None
