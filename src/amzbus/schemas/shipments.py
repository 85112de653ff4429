"""ShipmentConfirmed: an FBM delivery validated in Odoo, to be confirmed to Amazon (Odoo -> Amazon)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from marshmallow import Schema, fields, post_load, validate

from .orders import AMAZON_ORDER_ID


@dataclass(frozen=True)
class ShippedItem:
    order_item_id: str
    quantity: int


@dataclass(frozen=True)
class ShipmentConfirmed:
    event_type = "ShipmentConfirmed"
    source = "odoo"

    amazon_order_id: str
    picking_id: int
    delivery_reference: str
    carrier_code: str
    carrier_name: str | None
    tracking_number: str
    ship_date: datetime
    items: tuple[ShippedItem, ...]
    shipping_method: str | None = None

    def identity(self, account: str) -> str:
        return f"ShipmentConfirmed:{account}:picking-{self.picking_id}"

    def lock_key(self, account: str) -> str:
        return f"order:{account}:{self.amazon_order_id}"


class ShippedItemSchema(Schema):
    order_item_id = fields.String(required=True, validate=validate.Length(min=1))
    quantity = fields.Integer(required=True, strict=True, validate=validate.Range(min=1))

    @post_load
    def make(self, data, **kwargs):
        return ShippedItem(**data)


class ShipmentConfirmedSchema(Schema):
    amazon_order_id = fields.String(required=True, validate=AMAZON_ORDER_ID)
    picking_id = fields.Integer(required=True, strict=True, validate=validate.Range(min=1))
    delivery_reference = fields.String(required=True, validate=validate.Length(min=1))
    carrier_code = fields.String(required=True, validate=validate.Length(min=1))
    carrier_name = fields.String(allow_none=True, load_default=None)
    tracking_number = fields.String(required=True, validate=validate.Length(min=1))
    ship_date = fields.AwareDateTime(required=True)
    items = fields.List(fields.Nested(ShippedItemSchema), required=True, validate=validate.Length(min=1))
    shipping_method = fields.String(allow_none=True, load_default=None)

    @post_load
    def make(self, data, **kwargs):
        return ShipmentConfirmed(**{**data, "items": tuple(data["items"])})
