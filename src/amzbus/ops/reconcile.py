"""Reconciliation: does Odoo hold exactly what the Amazon orders call for?

For every Amazon order: eligible (FBM unshipped/partially shipped/shipped, FBA shipped) -> exactly one
confirmed sale order with the same quantities per SKU and the same total to the cent; cancelled ->
none, or a cancelled one; anything else (pending, FBA not yet shipped) -> none.

Given ``created_after_id`` (the highest sale order id before the run), the sale orders of these Amazon
orders are told apart: created by this run (a higher id), or found from before. Amazon order ids are unique
for ever, so a sale order from before for an order of this run means the run did not make its own (e.g. a
repeated simulator seed against the same Odoo): each is a problem, and a run that expected sale orders and
created none does not reconcile.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterable

from ..bus.marketplaces import MarketplaceCatalog
from ..connectors.amazon import order_to_event
from ..schemas import OrderCancelled, OrderPlaced

CENT = Decimal("0.01")


@dataclass
class Reconciliation:
    amazon_orders: int = 0
    eligible: int = 0
    cancelled: int = 0
    cancelled_in_odoo: int = 0  # cancelled on Amazon after their sale order was created
    not_yet_eligible: int = 0
    sale_orders: int = 0
    missing: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)
    not_cancelled: list[str] = field(default_factory=list)
    not_confirmed: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    wrong_totals: list[str] = field(default_factory=list)
    wrong_lines: list[str] = field(default_factory=list)
    created_by_run: int = 0                                        # sale orders with an id above created_after_id
    from_before: list[str] = field(default_factory=list)           # Amazon order ids whose sale order predates the run

    @property
    def problems(self) -> int:
        return sum(len(getattr(self, name)) for name in PROBLEMS)

    @property
    def created_none_expected(self) -> bool:
        """The run expected sale orders and created none of them."""
        return self.eligible > 0 and self.created_by_run == 0

    @property
    def ok(self) -> bool:
        return self.problems == 0 and not self.created_none_expected

    @property
    def final(self) -> bool:
        """Waiting cannot change the verdict: reconciled, or only problems the bus never undoes are left (sale orders
        from before, duplicates, wrong totals or lines), nothing missing or left to confirm or cancel."""
        pending = ("missing", "unexpected", "not_cancelled", "not_confirmed")
        return self.ok or not any(getattr(self, name) for name in pending)


PROBLEMS = ("missing", "unexpected", "not_cancelled", "not_confirmed", "duplicates", "wrong_totals", "wrong_lines",
            "from_before")


def reconcile(amazon_orders: Iterable[dict], odoo_client, *, marketplaces: MarketplaceCatalog,
              created_after_id: int | None = None) -> Reconciliation:
    """``amazon_orders``: v2026 order JSON (as getOrder returns it), one per Amazon order; ``created_after_id``:
    the highest sale order id before the run (None: every sale order counts as created by it)."""
    result = Reconciliation()
    expected = {}
    for order in amazon_orders:
        result.amazon_orders += 1
        expected[order["orderId"]] = order_to_event(order, marketplaces=marketplaces)
    sale_orders, lines = _odoo_orders(odoo_client, list(expected))
    result.sale_orders = sum(len(found) for found in sale_orders.values())
    for order_id, event in expected.items():
        found = sale_orders.get(order_id, [])
        new = [so for so in found if created_after_id is None or so["id"] > created_after_id]
        result.created_by_run += len(new)
        if len(new) < len(found):
            result.from_before.append(order_id)
        if len(found) > 1:
            result.duplicates.append(order_id)
        if isinstance(event, OrderPlaced):
            result.eligible += 1
            _check_placed(result, order_id, event, found, lines)
        elif isinstance(event, OrderCancelled):
            result.cancelled += 1
            if any(so["state"] != "cancel" for so in found):
                result.not_cancelled.append(order_id)
            elif found:
                result.cancelled_in_odoo += 1
        else:
            result.not_yet_eligible += 1
            if found:
                result.unexpected.append(order_id)
    return result


def _check_placed(result: Reconciliation, order_id: str, event: OrderPlaced, found: list[dict],
                  lines: dict[int, list[dict]]) -> None:
    if not found:
        result.missing.append(order_id)
        return
    sale_order = found[0]
    if sale_order["state"] != "sale":
        result.not_confirmed.append(order_id)
    total = event.order_total.amount if event.order_total else None
    if total is None or Decimal(str(sale_order["amount_total"])).quantize(CENT) != total.quantize(CENT):
        result.wrong_totals.append(f"{order_id}: Amazon {total} {event.currency}, Odoo {sale_order['amount_total']}")
    wanted: dict[str, int] = defaultdict(int)
    for item in event.items:
        wanted[item.sku] += item.quantity
    got: dict[str, float] = defaultdict(float)
    for line in lines.get(sale_order["id"], []):
        for sku in wanted:
            if line["name"].startswith(f"[{sku}]"):
                got[sku] += line["product_uom_qty"]
    if any(abs(got[sku] - quantity) > 1e-9 for sku, quantity in wanted.items()):
        result.wrong_lines.append(f"{order_id}: Amazon {dict(wanted)}, Odoo {dict(got)}")


def _odoo_orders(client, order_ids: list[str]) -> tuple[dict[str, list[dict]], dict[int, list[dict]]]:
    by_ref: dict[str, list[dict]] = defaultdict(list)
    lines: dict[int, list[dict]] = defaultdict(list)
    if not order_ids:
        return by_ref, lines
    rows = client.execute("sale.order", "search_read", [("client_order_ref", "in", order_ids)],
                          fields=["client_order_ref", "state", "amount_total"])
    for row in rows:
        by_ref[row["client_order_ref"]].append(row)
    if rows:
        for line in client.execute("sale.order.line", "search_read",
                                   [("order_id", "in", [r["id"] for r in rows]), ("display_type", "=", False)],
                                   fields=["order_id", "name", "product_uom_qty"]):
            lines[line["order_id"][0]].append(line)
    return by_ref, lines


def last_sale_order_id(client) -> int:
    """The highest sale order id in Odoo (0: none): what a run creates comes after it (ids only grow)."""
    found = client.execute("sale.order", "search", [], limit=1, order="id desc")
    return found[0] if found else 0
