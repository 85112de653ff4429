"""A validated Odoo delivery of an FBM order -> ``ShipmentConfirmed`` (pure), or why it cannot be one yet.

Each delivered line is the sale line ``[SKU] title`` the order import made from one Amazon item, so its
SKU names the Amazon order item (the product's internal reference is the fallback, for a line renamed in
Odoo). Quantities are what the delivery moved; a backorder is a delivery of its own, so each package
carries only its own items. A line that is no item of the Amazon order makes the delivery unconfirmable
(``NotConfirmable``), as do a missing tracking number or carrier.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import datetime, timezone
from typing import Mapping

from ..bus.carriers import amazon_carrier
from ..bus.fbm_orders import FbmOrder
from ..connectors.odoo.values import ValidatedDelivery
from ..schemas import ShipmentConfirmed, ShippedItem

SKU_IN_LINE = re.compile(r"^\[(?P<sku>[^\]]+)\]")
ODOO_DATETIME = "%Y-%m-%d %H:%M:%S"


class NotConfirmable(Exception):
    """The delivery cannot be confirmed as it is (the reason names what is missing)."""


def delivery_to_event(delivery: ValidatedDelivery, order: FbmOrder, *,
                      carrier_table: Mapping[str, str] = {}) -> ShipmentConfirmed:
    if not delivery.tracking_ref:
        raise NotConfirmable("no tracking number: add it to the delivery in Odoo and it will be confirmed")
    if not delivery.carrier_name:
        raise NotConfirmable("no carrier: set the delivery's carrier in Odoo and it will be confirmed")
    carrier = amazon_carrier(delivery.carrier_name, carrier_table)
    items = shipped_items(delivery, order)
    if not items:
        raise NotConfirmable("nothing delivered that is an item of the Amazon order")
    return ShipmentConfirmed(
        amazon_order_id=order.amazon_order_id, picking_id=delivery.picking_id, delivery_reference=delivery.name,
        carrier_code=carrier.code, carrier_name=carrier.name, tracking_number=delivery.tracking_ref,
        ship_date=_ship_date(delivery), items=items, shipping_method=None)


def shipped_items(delivery: ValidatedDelivery, order: FbmOrder) -> tuple[ShippedItem, ...]:
    """Amazon order item id and quantity of each delivered line (same SKU twice: first items first)."""
    left = {item.order_item_id: item.quantity for item in order.items}
    by_sku = defaultdict(list)
    for item in order.items:
        by_sku[item.sku].append(item.order_item_id)
    shipped: dict[str, int] = defaultdict(int)
    for line in delivery.lines:
        quantity = int(round(line.quantity))
        if quantity <= 0:
            continue
        sku = _sku(line.sale_line_name, line.product_code, by_sku)
        if sku is None:
            raise NotConfirmable(f"the delivered line {line.sale_line_name or line.product_code!r} is not an item "
                                 f"of Amazon order {order.amazon_order_id}")
        ids = by_sku[sku]
        for item_id in ids:
            take = min(quantity, left[item_id]) if item_id != ids[-1] else quantity
            if take > 0:
                shipped[item_id] += take
                left[item_id] -= take
                quantity -= take
    return tuple(ShippedItem(item_id, quantity) for item_id, quantity in shipped.items())


def _sku(line_name: str | None, product_code: str | None, by_sku) -> str | None:
    match = SKU_IN_LINE.match(line_name or "")
    if match and match["sku"] in by_sku:
        return match["sku"]
    return product_code if product_code in by_sku else None


def _ship_date(delivery: ValidatedDelivery) -> datetime:
    """When Odoo validated it (``date_done``, naive UTC), else when it was written."""
    raw = delivery.date_done or delivery.write_date
    return datetime.strptime(raw[:19], ODOO_DATETIME).replace(tzinfo=timezone.utc)
