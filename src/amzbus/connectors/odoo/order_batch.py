"""Many sale orders in a few calls: create and confirm them together, keep their dates, deliver FBA ones at once.

``create_confirmed_sale_orders`` does for many drafts what ``orders.create_confirmed_sale_order`` does for one,
with the same values (``orders.sale_order_values``): the customers in one search (``partner_batch``), the
products in one, every order in one ``create``, one ``action_confirm`` on all their ids, and Amazon's purchase
dates written back in one ``load`` (``action_confirm`` sets ``date_order`` to now; ``load`` writes a different
value per record in one call). Each of these calls is one transaction in Odoo: a refusal leaves nothing half
applied by that call, and the caller retries the orders one by one to find the one Odoo refuses.

``deliver_orders_at_once`` delivers whole orders, each from its location (its account's FBA one), in a fixed
number of calls: the open moves of every order in one search, the pickings unreserved in one call, moved to
the location with their quantities in one ``write`` per location (move commands by id, as ``deliveries`` does
for one picking), then one validation (``validation.validate_pickings``: ``button_validate`` and a read back).

Cost of a batch of known customers, warm caches: 6 calls (order lookup by the caller, partners, create,
confirm, dates, totals read back by the caller); new customers add 2; FBA deliveries 5 more (6 with orders of
several FBA locations, plus one per further location).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Mapping, Sequence

import structlog

from . import references
from .client import OdooClient
from .bulk_write import write_each
from .errors import OdooPermanentError
from .field_values import many2one_id
from .import_context import IMPORT_CONTEXT
from .import_turns import ImportTurns
from .orders import CreatedSaleOrder, odoo_datetime, sale_order_values, tax_field_name
from .partner_batch import find_or_create_customers
from .products import OfferLookup, ProductFallbacks, ProductKey, ProductMatch, resolve_products
from .validation import validate_pickings
from .values import SaleOrderDraft, ValidationOutcome

log = structlog.get_logger(__name__)

OPEN_PICKING_STATES = ("draft", "waiting", "confirmed", "assigned")


def create_confirmed_sale_orders(client: OdooClient, drafts: Sequence[SaleOrderDraft], *,
                                 offer_lookups: Sequence[OfferLookup | None] | None = None,
                                 fallbacks: ProductFallbacks = ProductFallbacks(),
                                 default_sales_team: str | None = None,
                                 turns: ImportTurns = ImportTurns()) -> list[CreatedSaleOrder]:
    """Create and confirm one sale order per draft (none of them may exist yet: look them up first), in order.

    ``offer_lookups``: each draft's SKU lookup (its account's offers), aligned with ``drafts`` (None: none).
    ``turns``: what imports running at the same time in this process do in turn (``import_turns``)."""
    if not drafts:
        return []
    with turns.customers:
        customers = find_or_create_customers(client, [draft.customer for draft in drafts])
    products = _products(client, drafts, offer_lookups or [None] * len(drafts), fallbacks)
    tax_field = tax_field_name(client)
    vals_list = []
    for draft, customer, matches in zip(drafts, customers, products):
        team_name = draft.sales_team or default_sales_team
        vals_list.append(sale_order_values(draft, customer, matches,
                                           pricelist_id=references.pricelist_id(client, draft.currency),
                                           team_id=references.team_id(client, team_name) if team_name else None,
                                           tax_field=tax_field))
    try:
        ids = client.create("sale.order", vals_list, context=IMPORT_CONTEXT)
    except OdooPermanentError:
        client.cache.clear()  # a cached product, pricelist or team may be gone: the retries look them up again
        raise
    with turns.confirmations:
        client.execute("sale.order", "action_confirm", ids, context=IMPORT_CONTEXT)
    keep_order_dates(client, {order_id: draft.date_order for order_id, draft in zip(ids, drafts)})
    log.info("odoo_sale_orders_created", sale_order_ids=ids, orders=len(ids),
             partners_created=sum(customer.partner_created for customer in customers))
    return [CreatedSaleOrder(order_id, customer, matches)
            for order_id, customer, matches in zip(ids, customers, products)]


def _products(client: OdooClient, drafts: Sequence[SaleOrderDraft], offer_lookups: Sequence[OfferLookup | None],
              fallbacks: ProductFallbacks) -> list[dict[ProductKey, ProductMatch]]:
    """Each draft's products, resolved once per lookup (one search at most each; none once cached)."""
    by_lookup: dict[int, list[int]] = defaultdict(list)
    for index, lookup in enumerate(offer_lookups):
        by_lookup[id(lookup)].append(index)
    products: list[dict[ProductKey, ProductMatch]] = [{} for _ in drafts]
    for indexes in by_lookup.values():
        keys = [(line.kind, line.reference) for index in indexes for line in drafts[index].lines]
        found = resolve_products(client, keys, offer_lookup=offer_lookups[indexes[0]], fallbacks=fallbacks)
        for index in indexes:
            products[index] = {(line.kind, line.reference): found[(line.kind, line.reference)]
                               for line in drafts[index].lines}
    return products


def keep_order_dates(client: OdooClient, dates: Mapping[int, datetime | None]) -> None:
    """Write each order's ``date_order`` (Amazon's purchase date) in one call; orders without one are left."""
    write_each(client, "sale.order", "date_order",
               {order_id: odoo_datetime(moment) for order_id, moment in dates.items() if moment is not None})


def deliver_orders_at_once(client: OdooClient, locations: Mapping[int, int], *, skip_sms: bool = True,
                           turns: ImportTurns = ImportTurns()) -> ValidationOutcome:
    """Deliver every open outgoing move of the orders, in full, each order from its location (``locations``: sale
    order id -> source location id, e.g. its account's FBA location); no backorder. The stock is moved in the
    ``deliveries`` turn (``import_turns``)."""
    moves = client.search_read("stock.move", [("picking_id.sale_id", "in", sorted(locations)),
                                              ("picking_id.picking_type_code", "=", "outgoing"),
                                              ("picking_id.state", "in", list(OPEN_PICKING_STATES)),
                                              ("state", "not in", ["done", "cancel"])],
                               ["picking_id", "product_uom_qty"], order="id")
    if not moves:
        return ValidationOutcome(())
    by_location = _moves_by_location(client, moves, locations)
    with turns.deliveries:
        client.execute("stock.picking", "do_unreserve", sorted({many2one_id(move["picking_id"]) for move in moves}))
        for location_id, location_moves in by_location.items():
            commands = [(1, move["id"], {"quantity": move["product_uom_qty"], "picked": move["product_uom_qty"] > 0,
                                         "location_id": location_id}) for move in location_moves]
            # One write for all the location's pickings: each move command is applied by id, whatever its picking.
            client.write("stock.picking", sorted({many2one_id(move["picking_id"]) for move in location_moves}),
                         {"location_id": location_id, "move_ids": commands}, context=IMPORT_CONTEXT)
        return validate_pickings(client, sorted({many2one_id(move["picking_id"]) for move in moves}),
                                 create_backorder=False, skip_sms=skip_sms, context=IMPORT_CONTEXT)


def _moves_by_location(client: OdooClient, moves: list[dict], locations: Mapping[int, int]) -> dict[int, list[dict]]:
    """The moves grouped by the source location of their order (read through the pickings' ``sale_id``)."""
    picking_ids = sorted({many2one_id(move["picking_id"]) for move in moves})
    if len(set(locations.values())) == 1:
        return {next(iter(locations.values())): moves}
    order_of = {row["id"]: many2one_id(row["sale_id"])
                for row in client.read("stock.picking", picking_ids, ["sale_id"])}
    grouped: dict[int, list[dict]] = defaultdict(list)
    for move in moves:
        grouped[locations[order_of[many2one_id(move["picking_id"])]]].append(move)
    return grouped


def sale_order_totals(client: OdooClient, sale_order_ids: Sequence[int]) -> dict[int, float]:
    """``amount_total`` of each order, in one read."""
    return {row["id"]: row["amount_total"] for row in client.read("sale.order", list(sale_order_ids),
                                                                   ["amount_total"])}
