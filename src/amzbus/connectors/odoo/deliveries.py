"""Delivering a sale order's goods at once (FBA orders, FBM orders already shipped from Seller Central).

The open outgoing pickings of the order get their quantities set (the full demand, or the given
quantities per product) and are validated through ``validation.validate_pickings``. For an FBA
order the goods leave the FBA location: the pickings are unreserved, then their source location
and their moves' are set to it, in the same write as the quantities.

Reading validated deliveries for Amazon is in ``shipments``.
"""

from __future__ import annotations

from typing import Any, Mapping

import structlog

from .client import OdooClient
from .field_values import declared, many2one_id
from .import_turns import ImportTurns
from .shipments import DeliveryBatch, read_validated_deliveries  # noqa: F401  (reading them back lives there)
from .validation import validate_pickings
from .values import ValidationOutcome

log = structlog.get_logger(__name__)

PICKING_FIELDS = ("location_id", "move_ids", "carrier_tracking_ref", "carrier_id")
MOVE_FIELDS = ("quantity", "picked", "location_id")
OPEN_STATES = ("draft", "waiting", "confirmed", "assigned")


def deliver_fba_order(client: OdooClient, sale_order_id: int, *, fba_location_id: int,
                      skip_sms: bool = True, turns: ImportTurns = ImportTurns()) -> ValidationOutcome:
    """Deliver the whole order from the FBA location now; nothing open to deliver is a normal (empty) return."""
    return deliver_sale_order(client, sale_order_id, from_location_id=fba_location_id, create_backorder=False,
                              skip_sms=skip_sms, turns=turns)


def deliver_sale_order(client: OdooClient, sale_order_id: int, *,
                       quantities_by_product: Mapping[int, float] | None = None, from_location_id: int | None = None,
                       create_backorder: bool = True, skip_sms: bool = True,
                       picking_values: Mapping[str, Any] | None = None,
                       turns: ImportTurns = ImportTurns()) -> ValidationOutcome:
    """Set quantities on the order's open deliveries and validate them.

    ``quantities_by_product`` (product id -> quantity) delivers part of the order (None: everything);
    ``from_location_id`` moves the goods out of another location (e.g. the FBA one);
    ``create_backorder`` keeps what was not delivered for later (False cancels it);
    ``picking_values`` are written on the deliveries in the same call (e.g. ``carrier_tracking_ref``);
    ``turns``: the stock is moved in the ``deliveries`` turn (``import_turns``).
    """
    pickings = client.search_read("stock.picking", [("sale_id", "=", sale_order_id),
                                                    ("picking_type_code", "=", "outgoing"),
                                                    ("state", "in", list(OPEN_STATES))], ["name"], order="id")
    if not pickings:
        log.info("odoo_nothing_to_deliver", sale_order_id=sale_order_id)
        return ValidationOutcome(())
    picking_ids = [picking["id"] for picking in pickings]
    open_moves = [("picking_id", "in", picking_ids), ("state", "not in", ["done", "cancel"])]
    moves = client.search_read("stock.move", open_moves, ["picking_id", "product_id", "product_uom_qty"], order="id")
    quantities = _allocate(moves, quantities_by_product)
    with turns.deliveries:
        if from_location_id:
            client.execute("stock.picking", "do_unreserve", picking_ids)
        for picking_id in picking_ids:
            commands = [(1, move["id"], _move_values(quantities[move["id"]], from_location_id))
                        for move in moves if many2one_id(move["picking_id"]) == picking_id]
            vals: dict[str, Any] = {**(picking_values or {}), "move_ids": commands}
            if from_location_id:
                vals["location_id"] = from_location_id
            client.write("stock.picking", [picking_id], declared(PICKING_FIELDS, vals))
        return validate_pickings(client, picking_ids, create_backorder=create_backorder, skip_sms=skip_sms)


def _allocate(moves: list[dict], quantities_by_product: Mapping[int, float] | None) -> dict[int, float]:
    """Each move's quantity: its demand, or its share of the product's given quantity (first moves first)."""
    if quantities_by_product is None:
        return {move["id"]: move["product_uom_qty"] for move in moves}
    remaining = dict(quantities_by_product)
    allocated = {}
    for move in moves:
        product = many2one_id(move["product_id"])
        allocated[move["id"]] = min(move["product_uom_qty"], max(remaining.get(product, 0), 0))
        remaining[product] = remaining.get(product, 0) - allocated[move["id"]]
    return allocated


def _move_values(quantity: float, location_id: int | None) -> dict[str, Any]:
    vals: dict[str, Any] = {"quantity": quantity, "picked": quantity > 0}
    if location_id:
        vals["location_id"] = location_id
    return declared(MOVE_FIELDS, vals)
