"""Money as Amazon's models write it: ``{"amount": "12.50", "currencyCode": "EUR"}``, built from Decimal."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def cents(value: Decimal | int | str) -> Decimal:
    """Rounded to the cent, half up; never ``-0.00``."""
    rounded = Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)
    return ZERO if rounded == 0 else rounded


def money(amount: Decimal, currency: str) -> dict[str, str]:
    """The model's ``Money`` object: the amount as a decimal string with two places."""
    return {"amount": format(cents(amount), "f"), "currencyCode": currency}


def tax_on(amount: Decimal, rate: Decimal) -> Decimal:
    return cents(amount * rate)
