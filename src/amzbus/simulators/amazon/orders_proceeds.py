"""``proceeds`` of an order and of its items (Orders API v2026-01-01), consistent to the cent.

Per item: ``ITEM`` (unit price x quantity), ``SHIPPING``, ``GIFT_WRAP``, ``DISCOUNT`` (negative; detailed as
``ITEM`` promotion and ``SHIPPING`` discount) and, in North America only, ``TAX`` (detailed as ``ITEM``,
``SHIPPING``, ``GIFT_WRAP``). In the EU and the UK prices include VAT and there is no ``TAX`` entry.
``proceedsTotal`` is the sum of the item's breakdowns; the order's breakdowns sum each type over the items,
and ``grandTotal`` is the sum of the items' totals (so also of the order's breakdowns).
"""

from __future__ import annotations

from collections import OrderedDict
from decimal import Decimal
from typing import Any

from .money import ZERO, money
from .orders_model import Order, OrderItem


def item_breakdowns(item: OrderItem) -> list[tuple[str, Decimal, list[tuple[str, Decimal]]]]:
    """(type, subtotal, [(subtype, value)]) for one item, in Amazon's order of types."""
    rows: list[tuple[str, Decimal, list[tuple[str, Decimal]]]] = [("ITEM", item.line_price, [])]
    if item.shipping:
        rows.append(("SHIPPING", item.shipping, []))
    if item.gift_wrap:
        rows.append(("GIFT_WRAP", item.gift_wrap, []))
    if item.discount:
        details = [(k, -v) for k, v in (("ITEM", item.promotion_discount), ("SHIPPING", item.shipping_discount)) if v]
        rows.append(("DISCOUNT", -item.discount, details))
    if item.tax:
        details = [(k, v) for k, v in (("ITEM", item.item_tax), ("SHIPPING", item.shipping_tax),
                                       ("GIFT_WRAP", item.gift_wrap_tax)) if v]
        rows.append(("TAX", item.tax, details))
    return rows


def item_proceeds(item: OrderItem, currency: str) -> dict[str, Any]:
    breakdowns = []
    for kind, subtotal, details in item_breakdowns(item):
        entry: dict[str, Any] = {"type": kind, "subtotal": money(subtotal, currency)}
        if details:
            entry["detailedBreakdowns"] = [{"subtype": k, "value": money(v, currency)} for k, v in details]
        breakdowns.append(entry)
    return {"proceedsTotal": money(item.total, currency), "breakdowns": breakdowns}


def order_proceeds(order: Order) -> dict[str, Any]:
    currency = order.marketplace.currency
    sums: OrderedDict[str, Decimal] = OrderedDict()
    for item in order.items:
        for kind, subtotal, _ in item_breakdowns(item):
            sums[kind] = sums.get(kind, ZERO) + subtotal
    return {
        "grandTotal": money(order.total, currency),
        "breakdowns": [{"type": kind, "subtotal": money(total, currency)} for kind, total in sums.items()],
    }
