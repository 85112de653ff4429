"""Validated outgoing deliveries of sale orders, read incrementally for Amazon shipment confirmations.

Keyset pagination on ``(write_date, id)``: Odoo reads ``write_date`` as a naive UTC string with
second precision, so deliveries sharing a second are told apart by id and none is skipped. Rows
committed late with an earlier ``write_date`` (long transactions) are the caller's to catch, by
starting from a cursor moved back by an overlap window. A delivery written again (tracking number
added later...) comes back with its new ``write_date``. Deliveries leaving excluded locations (the
FBA one: Amazon ships those) are left out.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Sequence

from .client import OdooClient
from .domains import all_of, any_of
from .field_values import many2one_id, many2one_name, text_or_none
from .values import DeliveredLine, DeliveryCursor, ValidatedDelivery

ODOO_DATETIME = "%Y-%m-%d %H:%M:%S"
PICKING_READ_FIELDS = ("name", "sale_id", "carrier_id", "carrier_tracking_ref", "date_done", "write_date")
MOVE_READ_FIELDS = ("picking_id", "sale_line_id", "product_id", "quantity")


@dataclass(frozen=True)
class DeliveryBatch:
    deliveries: tuple[ValidatedDelivery, ...]
    cursor: DeliveryCursor  # where the next read starts (unchanged when nothing was found)


def read_validated_deliveries(client: OdooClient, *, since: DeliveryCursor = DeliveryCursor(), limit: int = 100,
                              exclude_location_ids: Sequence[int] = ()) -> DeliveryBatch:
    """Up to ``limit`` deliveries validated (state done) after ``since``, in (write_date, id) order, with their lines.

    Odoo stores ``write_date`` with microseconds but reads it back by the second, so a page
    never ends inside a second: a full page drops its last second (read again next time), and a page
    that is all one second is read again by id.
    """
    base = _base_terms(exclude_location_ids)
    pickings = client.search_read("stock.picking", all_of([*base, _after(since)]), PICKING_READ_FIELDS,
                                  limit=limit, order="write_date asc, id asc")
    if len(pickings) == limit:
        last_second = pickings[-1]["write_date"]
        earlier = [picking for picking in pickings if picking["write_date"] < last_second]
        after_id = since.id if last_second == since.write_date else 0
        pickings = earlier or client.search_read("stock.picking", all_of([*base, _within(last_second, after_id)]),
                                                 PICKING_READ_FIELDS, limit=limit, order="id asc")
    if not pickings:
        return DeliveryBatch((), since)
    pickings = sorted(pickings, key=lambda picking: (picking["write_date"], picking["id"]))
    return DeliveryBatch(_deliveries(client, pickings), DeliveryCursor(pickings[-1]["write_date"], pickings[-1]["id"]))


def delivery_domain(since: DeliveryCursor, exclude_location_ids: Sequence[int] = ()) -> list[Any]:
    """Validated outgoing deliveries of sale orders after the cursor."""
    return all_of([*_base_terms(exclude_location_ids), _after(since)])


def _base_terms(exclude_location_ids: Sequence[int]) -> list[Any]:
    terms: list[Any] = [("picking_type_code", "=", "outgoing"), ("state", "=", "done"), ("sale_id", "!=", False)]
    if exclude_location_ids:
        terms.append(("location_id", "not in", list(exclude_location_ids)))
    return terms


def _after(cursor: DeliveryCursor) -> list[Any]:
    """Written in a later second than the cursor's, or in the same second with a greater id."""
    return any_of([("write_date", ">=", _next_second(cursor.write_date)), _within(cursor.write_date, cursor.id)])


def _within(second: str, after_id: int) -> list[Any]:
    return all_of([("write_date", ">=", second), ("write_date", "<", _next_second(second)), ("id", ">", after_id)])


def _next_second(second: str) -> str:
    return (datetime.strptime(second, ODOO_DATETIME) + timedelta(seconds=1)).strftime(ODOO_DATETIME)


def _deliveries(client: OdooClient, pickings: list[dict]) -> tuple[ValidatedDelivery, ...]:
    lines = _lines_by_picking(client, [picking["id"] for picking in pickings])
    order_ids = sorted({many2one_id(picking["sale_id"]) for picking in pickings} - {None})
    refs = {row["id"]: text_or_none(row["client_order_ref"])
            for row in client.read("sale.order", order_ids, ["client_order_ref"])} if order_ids else {}
    return tuple(_delivery(picking, refs, lines.get(picking["id"], ())) for picking in pickings)


def _lines_by_picking(client: OdooClient, picking_ids: list[int]) -> dict[int, tuple[DeliveredLine, ...]]:
    moves = client.search_read("stock.move", [("picking_id", "in", picking_ids), ("state", "=", "done")],
                               MOVE_READ_FIELDS, order="id")
    line_ids = sorted({many2one_id(move["sale_line_id"]) for move in moves} - {None})
    product_ids = sorted({many2one_id(move["product_id"]) for move in moves} - {None})
    line_names = ({row["id"]: row["name"] for row in client.read("sale.order.line", line_ids, ["name"])}
                  if line_ids else {})
    codes = {row["id"]: text_or_none(row["default_code"])
             for row in client.read("product.product", product_ids, ["default_code"])} if product_ids else {}
    totals: dict[tuple[int, int | None, int], float] = defaultdict(float)
    for move in moves:
        totals[(many2one_id(move["picking_id"]), many2one_id(move["sale_line_id"]), many2one_id(move["product_id"]))] \
            += move["quantity"]
    grouped: dict[int, list[DeliveredLine]] = defaultdict(list)
    for (picking_id, line_id, product_id), quantity in totals.items():
        grouped[picking_id].append(DeliveredLine(line_id, line_names.get(line_id), product_id, codes.get(product_id),
                                                 quantity))
    return {picking_id: tuple(lines) for picking_id, lines in grouped.items()}


def _delivery(picking: dict, refs: dict[int, str | None], lines: Sequence[DeliveredLine]) -> ValidatedDelivery:
    order_id = many2one_id(picking["sale_id"])
    return ValidatedDelivery(
        picking_id=picking["id"], name=picking["name"], sale_order_id=order_id, amazon_order_id=refs.get(order_id),
        carrier_id=many2one_id(picking.get("carrier_id")), carrier_name=many2one_name(picking.get("carrier_id")),
        tracking_ref=text_or_none(picking.get("carrier_tracking_ref")),
        date_done=text_or_none(picking.get("date_done")), write_date=picking["write_date"], lines=tuple(lines))
