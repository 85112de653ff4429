"""Prices and discounts Odoo can store, and the subtotal Odoo computes from them."""

from decimal import Decimal

from amzbus.connectors.odoo.line_pricing import Precision, odoo_subtotal, price_line

D = Decimal


def test_a_price_that_divides_by_the_quantity_is_exact():
    priced = price_line(D("49.80"), 2)
    assert (priced.price_unit, priced.discount, priced.subtotal, priced.remainder) == (D("24.90"), 0, D("49.80"), 0)


def test_a_price_that_does_not_divide_leaves_a_remainder_for_the_rounding_line():
    priced = price_line(D("10.00"), 3)
    assert (priced.price_unit, priced.subtotal, priced.remainder) == (D("3.33"), D("9.99"), D("0.01"))


def test_a_reduction_becomes_the_storable_discount_that_gives_the_exact_amount():
    priced = price_line(D("19.99"), 1, reduction=D("2.00"))
    assert (priced.discount, priced.subtotal, priced.remainder) == (D("10.01"), D("17.99"), 0)


def test_a_reduction_can_also_absorb_the_cents_that_do_not_divide():
    # 10.00 for 3 with 1.00 off: 3.33 x 3 x (1 - 9.91 %) = 9.0000... -> 9.00
    priced = price_line(D("10.00"), 3, reduction=D("1.00"))
    assert priced.subtotal == D("9.00") and priced.remainder == 0


def test_a_full_reduction_is_a_hundred_percent_discount():
    priced = price_line(D("4.99"), 1, reduction=D("4.99"))
    assert (priced.discount, priced.subtotal, priced.remainder) == (D("100.00"), 0, 0)


def test_a_reduction_larger_than_the_price_leaves_a_negative_remainder():
    priced = price_line(D("4.99"), 1, reduction=D("6.00"))
    assert (priced.discount, priced.subtotal, priced.remainder) == (D("100.00"), 0, D("-1.01"))


def test_odoo_rounds_each_subtotal_half_up_to_the_currency():
    assert odoo_subtotal(D("0.125"), D(1), D(0)) == D("0.13")
    assert odoo_subtotal(D("333.33"), D(3), D(0), currency_digits=0) == D("1000")


def test_currencies_without_cents_round_to_whole_units():
    assert Precision().for_currency("JPY").currency_digits == 0
    assert Precision().for_currency("EUR").currency_digits == 2
