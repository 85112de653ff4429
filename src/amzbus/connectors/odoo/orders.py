"""Sale orders: create and confirm one per Amazon order, find it by Amazon order id.

The Amazon order id goes to ``client_order_ref`` (no unique constraint in Odoo: callers look the
order up with ``find_sale_order`` first, under a lock) and ``origin`` reads ``Amazon <order id>``.
The order and all its lines (products, shipping, gift wrap, note lines) are created in one call;
with warm reference caches a known customer costs 5 round trips (partner search, product search,
create, confirm, order date), a new one 7 (plus partner create and read).

The order date is Amazon's purchase date, as sellers report sales by it (Odoo's own connector keeps it
too): Odoo's ``action_confirm`` sets ``date_order`` to the confirmation time, so the purchase date is
written back right after confirming (a confirmed order accepts it).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import Any, Iterable, Mapping

import structlog

from . import references
from .client import OdooClient
from .field_values import declared, number
from .import_context import IMPORT_CONTEXT
from .import_turns import ImportTurns
from .partners import CustomerRef, find_or_create_customer
from .replacements import link_replacement, replacement_note
from .products import OfferLookup, ProductFallbacks, ProductKey, ProductMatch, resolve_products
from .errors import OdooPermanentError
from .values import CancelOutcome, SaleLineDraft, SaleOrderDraft, SaleOrderRef

log = structlog.get_logger(__name__)

SALE_ORDER_FIELDS = ("partner_id", "partner_invoice_id", "partner_shipping_id", "client_order_ref", "origin",
                     "pricelist_id", "team_id", "user_id", "warehouse_id", "date_order", "order_line")
SALE_LINE_FIELDS = ("product_id", "name", "product_uom_qty", "price_unit", "discount", "tax_id", "tax_ids",
                    "display_type", "sequence")
SALE_ORDER_READ_FIELDS = ("name", "state", "client_order_ref", "delivery_status", "locked", "date_order")
ODOO_DATETIME = "%Y-%m-%d %H:%M:%S"
DELIVERED_STATUSES = ("partial", "full")
NO_CANCEL_WIZARD = {"disable_cancel_warning": True}


@dataclass(frozen=True)
class CreatedSaleOrder:
    id: int
    customer: CustomerRef
    products: Mapping[ProductKey, ProductMatch]


def create_confirmed_sale_order(client: OdooClient, draft: SaleOrderDraft, *, offer_lookup: OfferLookup | None = None,
                                fallbacks: ProductFallbacks = ProductFallbacks(),
                                default_sales_team: str | None = None,
                                turns: ImportTurns = ImportTurns()) -> CreatedSaleOrder:
    """Find or create the customer, match the products, create the order with its lines and confirm it.

    ``default_sales_team`` names the ``crm.team`` when the draft names none (None: Odoo's default); ``turns``:
    what imports running at the same time in this process do in turn (``import_turns``).
    Does not look for an existing order: call ``find_sale_order`` first. A replacement (``draft.replaces``) names
    the original Amazon order and links its sale order (``replacements``).
    """
    original = find_sale_order(client, draft.replaces) if draft.replaces else None
    if draft.replaces:
        draft = replace(draft, notes=(replacement_note(draft.replaces, original), *draft.notes))
    with turns.customers:
        customer = find_or_create_customer(client, draft.customer)
    products = resolve_products(client, [(line.kind, line.reference) for line in draft.lines],
                                offer_lookup=offer_lookup, fallbacks=fallbacks)
    team_name = draft.sales_team or default_sales_team
    vals = sale_order_values(draft, customer, products,
                             pricelist_id=references.pricelist_id(client, draft.currency),
                             team_id=references.team_id(client, team_name) if team_name else None,
                             tax_field=tax_field_name(client))
    try:
        order_id = client.create_one("sale.order", vals, context=IMPORT_CONTEXT)
    except OdooPermanentError:
        client.cache.clear()  # a cached product, pricelist or team may be gone: a replay looks them up again
        raise
    with turns.confirmations:
        client.execute("sale.order", "action_confirm", [order_id], context=IMPORT_CONTEXT)
    keep_order_date(client, order_id, draft.date_order)
    if draft.replaces:
        link_replacement(client, sale_order_id=order_id, amazon_order_id=draft.amazon_order_id,
                         replaced_amazon_order_id=draft.replaces, original=original)
    log.info("odoo_sale_order_created", sale_order_id=order_id, amazon_order_id=draft.amazon_order_id,
             partner_created=customer.partner_created, lines=len(draft.lines))
    return CreatedSaleOrder(order_id, customer, products)


def confirm_sale_order(client: OdooClient, order_id: int, *, date_order: datetime | None = None,
                       turns: ImportTurns = ImportTurns()) -> bool:
    """Confirm a draft order (e.g. one created by an attempt that failed before confirming), keeping ``date_order``
    (None: Odoo's confirmation time); False if it was not a quotation any more."""
    state = client.read("sale.order", [order_id], ["state"])[0]["state"]
    if state not in ("draft", "sent"):
        return False
    with turns.confirmations:
        client.execute("sale.order", "action_confirm", [order_id], context=IMPORT_CONTEXT)
    keep_order_date(client, order_id, date_order)
    return True


def keep_order_date(client: OdooClient, order_id: int, date_order: datetime | None) -> bool:
    """Write ``date_order`` (Amazon's purchase date) on the order; ``action_confirm`` had set it to now. False when
    there is none to keep."""
    if date_order is None:
        return False
    client.write("sale.order", [order_id], {"date_order": odoo_datetime(date_order)})
    return True


def sale_order_values(draft: SaleOrderDraft, customer: CustomerRef, products: Mapping[ProductKey, ProductMatch], *,
                      pricelist_id: int, team_id: int | None, tax_field: str = "tax_id") -> dict[str, Any]:
    """The ``sale.order`` create values: the order, one line per draft line, one note line per note."""
    lines = [(0, 0, _line_values(line, products[(line.kind, line.reference)].product_id, tax_field))
             for line in draft.lines]
    lines += [(0, 0, declared(SALE_LINE_FIELDS, {"display_type": "line_note", "name": note}))
              for note in draft.notes if note and note.strip()]
    vals: dict[str, Any] = {
        "partner_id": customer.partner_id, "partner_invoice_id": customer.partner_id,
        "partner_shipping_id": customer.delivery_id, "client_order_ref": draft.amazon_order_id,
        "origin": draft.origin, "pricelist_id": pricelist_id, "order_line": lines,
    }
    optional = {"team_id": team_id, "user_id": draft.salesperson_id, "warehouse_id": draft.warehouse_id,
                "date_order": odoo_datetime(draft.date_order) if draft.date_order else None}
    vals.update({key: value for key, value in optional.items() if value is not None})
    return declared(SALE_ORDER_FIELDS, vals)


def _line_values(line: SaleLineDraft, product_id: int, tax_field: str) -> dict[str, Any]:
    # The discount is always written, 0 included: otherwise a pricelist with discount rules would add its own
    # and the total would no longer be Amazon's.
    vals: dict[str, Any] = {"product_id": product_id, "name": line.name, "product_uom_qty": number(line.quantity),
                            "price_unit": number(line.price_unit), "discount": number(line.discount or 0)}
    if line.tax_ids is not None:
        vals[tax_field] = [(6, 0, list(line.tax_ids))]
    return declared(SALE_LINE_FIELDS, vals)


def tax_field_name(client: OdooClient) -> str:
    """``sale.order.line.tax_id`` became ``tax_ids`` in Odoo 19."""
    return "tax_ids" if (client.server_major_version or 18) >= 19 else "tax_id"


def find_sale_order(client: OdooClient, amazon_order_id: str) -> SaleOrderRef | None:
    """The sale order of an Amazon order (the oldest one not cancelled, else the oldest), or None."""
    return find_sale_orders(client, [amazon_order_id]).get(amazon_order_id)


def find_sale_orders(client: OdooClient, amazon_order_ids: Iterable[str]) -> dict[str, SaleOrderRef]:
    """Sale orders by Amazon order id, in one search; ids without an order are absent."""
    wanted = sorted(set(amazon_order_ids))
    if not wanted:
        return {}
    rows = client.search_read("sale.order", [("client_order_ref", "in", wanted)], SALE_ORDER_READ_FIELDS, order="id")
    found: dict[str, SaleOrderRef] = {}
    for row in rows:
        ref = sale_order_ref(row)
        current = found.get(ref.amazon_order_id or "")
        if ref.amazon_order_id in wanted and (current is None or (current.state == "cancel" and ref.state != "cancel")):
            found[ref.amazon_order_id] = ref
    if len(rows) > len(found):
        log.warning("odoo_duplicate_sale_orders", amazon_order_ids=sorted(found), extra_orders=len(rows) - len(found))
    return found


def sale_order_ref(row: Mapping[str, Any]) -> SaleOrderRef:
    return SaleOrderRef(id=row["id"], name=row.get("name") or "", state=row.get("state") or "",
                        amazon_order_id=row.get("client_order_ref") or None,
                        delivery_status=row.get("delivery_status") or None, locked=bool(row.get("locked")),
                        date_order=row.get("date_order") or None)


def odoo_datetime(moment: datetime) -> str:
    """Odoo's naive UTC datetime string (second precision)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment.strftime(ODOO_DATETIME)


def cancel_sale_order(client: OdooClient, order_id: int) -> CancelOutcome:
    """Cancel the order (and its open deliveries); a locked order is unlocked first.

    Refuses with a PermanentError when something was already delivered; cancelling twice is a normal return.
    """
    order = sale_order_ref(client.read("sale.order", [order_id], SALE_ORDER_READ_FIELDS)[0])
    if order.state == "cancel":
        return CancelOutcome.ALREADY_CANCELLED
    if order.delivery_status in DELIVERED_STATUSES:
        raise OdooPermanentError(
            f"sale order {order.name} (Amazon {order.amazon_order_id}) cannot be cancelled: it was already "
            f"{'partially ' if order.delivery_status == 'partial' else ''}delivered", code="odoo_order_delivered",
            model="sale.order", method="action_cancel")
    if order.locked:
        client.execute("sale.order", "action_unlock", [order_id])
    result = client.execute("sale.order", "action_cancel", [order_id], context=NO_CANCEL_WIZARD)
    if isinstance(result, dict) and result.get("res_model") == "sale.order.cancel":
        wizard_context = {**(result.get("context") or {}), **NO_CANCEL_WIZARD}
        wizard_id = client.create_one("sale.order.cancel", {"order_id": order_id}, context=wizard_context)
        client.execute("sale.order.cancel", "action_cancel", [wizard_id], context=wizard_context)
    log.info("odoo_sale_order_cancelled", sale_order_id=order_id, amazon_order_id=order.amazon_order_id)
    return CancelOutcome.CANCELLED
