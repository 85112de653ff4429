"""Prices Odoo can store for an Amazon amount, and the subtotal Odoo will compute from them (pure).

Odoo keeps ``price_unit`` with the "Product Price" precision and ``discount`` with the "Discount"
precision (2 digits each unless a database changed them), and computes a line's subtotal as
``price_unit x (1 - discount / 100) x quantity`` rounded half up to the currency's rounding, line by
line. An Amazon amount does not always survive that: 10.00 for 3 units is 3.33 x 3 = 9.99, and a 2.00
promotion on 19.99 is a discount of 10.005 %, which Odoo would store as 10.01 %.

``price_line`` picks the nearest storable unit price; when the line has a reduction it also tries the
discounts next to the exact one and keeps one that gives the wanted subtotal to the cent. What still
does not fit is returned as ``remainder``: the order mapping carries the sum of the remainders on one
rounding line, so that the order's total is exact while each Amazon item stays one Odoo line.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)
ZERO = Decimal(0)
NEIGHBOUR_STEPS = (0, 1, -1, 2, -2, 3, -3)

# ISO 4217 currencies without minor units (Odoo's rounding 1.0); every other currency has cents.
ZERO_DECIMAL_CURRENCIES = frozenset({"JPY", "KRW", "CLP", "ISK", "VND", "XAF", "XOF", "PYG", "UGX"})


@dataclass(frozen=True)
class Precision:
    """Odoo's decimal precisions: ``price_digits`` ("Product Price", default 2), ``discount_digits``
    ("Discount", default 2) and ``currency_digits`` (the currency's rounding, default 2: cents)."""

    price_digits: int = 2
    discount_digits: int = 2
    currency_digits: int = 2

    def for_currency(self, currency: str) -> "Precision":
        digits = 0 if currency.upper() in ZERO_DECIMAL_CURRENCIES else 2
        return Precision(self.price_digits, self.discount_digits, digits)


@dataclass(frozen=True)
class PricedLine:
    """What to send (``price_unit``, ``discount`` in %) and what Odoo will make of it."""

    quantity: Decimal
    price_unit: Decimal
    discount: Decimal
    subtotal: Decimal   # Odoo's price_subtotal for these values
    remainder: Decimal  # the wanted amount minus ``subtotal``: what a rounding line must carry


def quantize(value: Decimal, digits: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def odoo_subtotal(price_unit: Decimal, quantity: Decimal, discount: Decimal, *, currency_digits: int = 2) -> Decimal:
    """Odoo's line subtotal without taxes: rounded half up to the currency, as Odoo rounds per line."""
    return quantize(price_unit * (1 - discount / HUNDRED) * quantity, currency_digits)


def price_line(gross: Decimal, quantity: int | Decimal, *, reduction: Decimal = ZERO,
               precision: Precision = Precision()) -> PricedLine:
    """Unit price and discount for ``quantity`` units costing ``gross`` in all, less ``reduction``
    (a promotion, carried as a discount percentage on the same line)."""
    quantity = Decimal(quantity)
    wanted = gross - reduction
    price_unit = quantize(gross / quantity, precision.price_digits) if quantity else ZERO
    discount = _discount(price_unit * quantity, wanted, reduction, precision)
    subtotal = odoo_subtotal(price_unit, quantity, discount, currency_digits=precision.currency_digits)
    return PricedLine(quantity, price_unit, discount, subtotal, wanted - subtotal)


def _discount(line_amount: Decimal, wanted: Decimal, reduction: Decimal, precision: Precision) -> Decimal:
    """The storable discount (0-100 %) whose subtotal is ``wanted``, else the nearest one; 0 without a reduction."""
    if reduction <= 0 or line_amount <= 0:
        return ZERO
    exact = (1 - wanted / line_amount) * HUNDRED
    nearest = _clamp(quantize(exact, precision.discount_digits))
    step = Decimal(1).scaleb(-precision.discount_digits)
    for offset in NEIGHBOUR_STEPS:
        candidate = _clamp(nearest + offset * step)
        if odoo_subtotal(line_amount, Decimal(1), candidate, currency_digits=precision.currency_digits) == wanted:
            return candidate
    return nearest


def _clamp(discount: Decimal) -> Decimal:
    return min(max(discount, ZERO), HUNDRED)
