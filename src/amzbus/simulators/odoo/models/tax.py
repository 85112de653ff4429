"""``account.tax`` and the line tax computation (percent and fixed taxes, price-included or not).

Amounts are rounded per line to the currency's rounding, half up (Odoo's default
``round_per_line``). With price-included taxes the line total is the price the customer paid and
the untaxed amount is what remains once the rounded tax is taken out, so totals match a marketplace
that shows tax-inclusive prices.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from ..orm import fields as f
from ..orm.model import Model
from ..orm.registry import register


@register
class Tax(Model):
    _name = "account.tax"
    _description = "Tax"
    _order = "sequence, id"

    name = f.Char("Tax Name", required=True)
    sequence = f.Integer("Sequence", default=1)
    amount = f.Float("Amount", default=0.0)
    amount_type = f.Selection([("group", "Group of Taxes"), ("fixed", "Fixed"), ("percent", "Percentage"),
                               ("division", "Percentage Tax Price Included")], "Tax Computation",
                              required=True, default="percent")
    type_tax_use = f.Selection([("sale", "Sales"), ("purchase", "Purchases"), ("none", "None")], "Tax Type",
                               required=True, default="sale")
    price_include_override = f.Selection([("tax_included", "Tax Included"), ("tax_excluded", "Tax Excluded")],
                                         "Included in Price")
    price_include = f.Boolean("Included in Price", compute="compute_price_include", inverse="set_price_include")
    description = f.Char("Label on Invoices")
    active = f.Boolean("Active", default=True)
    company_id = f.Many2one("res.company", "Company", required=True, default=1)
    country_id = f.Many2one("res.country", "Country")

    def compute_price_include(self, row: dict) -> bool:
        return row.get("price_include_override") == "tax_included"

    def set_price_include(self, ids: list[int], value) -> None:
        for tax_id in ids:
            self.update_row(tax_id, {"price_include_override": "tax_included" if value else "tax_excluded"})


def money(value, rounding: float = 0.01) -> Decimal:
    step = Decimal(str(rounding))
    return (Decimal(str(value)) / step).quantize(Decimal("1"), rounding=ROUND_HALF_UP) * step


def compute_line_amounts(tax_rows: list[dict], price_unit: float, quantity: float, discount: float,
                         rounding: float = 0.01) -> dict[str, float]:
    """``{"price_subtotal", "price_tax", "price_total"}`` of one order line."""
    gross = Decimal(str(price_unit)) * (1 - Decimal(str(discount or 0)) / 100) * Decimal(str(quantity))
    included = [t for t in tax_rows if t.get("price_include_override") == "tax_included"]
    excluded = [t for t in tax_rows if t not in included]
    included_fixed = sum((Decimal(str(t["amount"])) * Decimal(str(quantity))
                          for t in included if t["amount_type"] == "fixed"), Decimal(0))
    included_rate = sum((Decimal(str(t["amount"])) for t in included if t["amount_type"] != "fixed"), Decimal(0))
    base_unrounded = (gross - included_fixed) / (1 + included_rate / 100)
    included_tax = money(gross - base_unrounded, rounding) if included else Decimal(0)
    subtotal = money(gross, rounding) - included_tax
    excluded_tax = sum((_tax_amount(t, base_unrounded, quantity, rounding) for t in excluded), Decimal(0))
    tax = included_tax + excluded_tax
    return {"price_subtotal": float(subtotal), "price_tax": float(tax), "price_total": float(subtotal + tax)}


def _tax_amount(tax: dict, base: Decimal, quantity: float, rounding: float) -> Decimal:
    if tax["amount_type"] == "fixed":
        return money(Decimal(str(tax["amount"])) * Decimal(str(quantity)), rounding)
    return money(base * Decimal(str(tax["amount"])) / 100, rounding)
