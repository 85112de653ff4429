"""Events about Amazon orders: OrderPlaced and OrderCancelled (Amazon -> Odoo)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from marshmallow import Schema, fields, post_load, validate

from .money import Money, money_field

CHANNELS = ("FBA", "FBM")
ELIGIBLE_STATUSES = ("UNSHIPPED", "PARTIALLY_SHIPPED", "SHIPPED")


@dataclass(frozen=True)
class Buyer:
    name: str | None = None
    email: str | None = None
    company_name: str | None = None


@dataclass(frozen=True)
class Address:
    name: str | None = None
    address_lines: tuple[str, ...] = ()
    city: str | None = None
    state_or_region: str | None = None
    postal_code: str | None = None
    country_code: str | None = None
    phone: str | None = None
    company_name: str | None = None


@dataclass(frozen=True)
class OrderItem:
    order_item_id: str
    sku: str
    quantity: int
    item_price: Money
    asin: str | None = None
    title: str | None = None
    quantity_shipped: int = 0
    item_tax: Money | None = None
    shipping_price: Money | None = None
    shipping_tax: Money | None = None
    shipping_discount: Money | None = None
    promotion_discount: Money | None = None
    promotion_ids: tuple[str, ...] = ()
    gift_wrap_price: Money | None = None
    gift_wrap_tax: Money | None = None
    gift_wrap_level: str | None = None
    gift_message: str | None = None


@dataclass(frozen=True)
class Package:
    """A package Amazon reports as shipped (an FBM order shipped outside Odoo): carrier, tracking number, ship time."""

    carrier: str | None = None
    tracking_number: str | None = None
    ship_time: datetime | None = None
    shipping_service: str | None = None
    reference: str | None = None  # Amazon's packageReferenceId


@dataclass(frozen=True)
class OrderPlaced:
    """An Amazon order became eligible for Odoo (FBM unshipped/partially shipped/shipped, FBA shipped)."""

    event_type = "OrderPlaced"
    source = "amazon"

    order_id: str
    channel: str
    status: str
    purchase_date: datetime
    last_updated: datetime
    currency: str
    prices_include_tax: bool
    items: tuple[OrderItem, ...]
    order_total: Money | None = None
    buyer: Buyer = Buyer()
    ship_to: Address | None = None
    ship_service_level: str | None = None
    is_business: bool = False
    is_prime: bool = False
    is_replacement: bool = False
    replaced_order_id: str | None = None
    packages: tuple[Package, ...] = ()

    def identity(self, account: str) -> str:
        return f"OrderPlaced:{account}:{self.order_id}"

    def lock_key(self, account: str) -> str:
        return f"order:{account}:{self.order_id}"


@dataclass(frozen=True)
class OrderCancelled:
    """An Amazon order was cancelled."""

    event_type = "OrderCancelled"
    source = "amazon"

    order_id: str
    reason: str | None = None

    def identity(self, account: str) -> str:
        return f"OrderCancelled:{account}:{self.order_id}"

    def lock_key(self, account: str) -> str:
        return f"order:{account}:{self.order_id}"


AMAZON_ORDER_ID = validate.Regexp(r"^\d{3}-\d{7}-\d{7}$", error="Not an Amazon order id (3-7-7 digits).")
_text = dict(allow_none=True, load_default=None)


class BuyerSchema(Schema):
    name = fields.String(**_text)
    email = fields.String(**_text)
    company_name = fields.String(**_text)

    @post_load
    def make(self, data, **kwargs):
        return Buyer(**data)


class AddressSchema(Schema):
    name = fields.String(**_text)
    address_lines = fields.List(fields.String(), load_default=())
    city = fields.String(**_text)
    state_or_region = fields.String(**_text)
    postal_code = fields.String(**_text)
    country_code = fields.String(allow_none=True, load_default=None, validate=validate.Length(equal=2))
    phone = fields.String(**_text)
    company_name = fields.String(**_text)

    @post_load
    def make(self, data, **kwargs):
        return Address(**{**data, "address_lines": tuple(data["address_lines"])})


class OrderItemSchema(Schema):
    order_item_id = fields.String(required=True, validate=validate.Length(min=1))
    sku = fields.String(required=True, validate=validate.Length(min=1))
    quantity = fields.Integer(required=True, strict=True, validate=validate.Range(min=1))
    quantity_shipped = fields.Integer(strict=True, load_default=0, validate=validate.Range(min=0))
    item_price = money_field(required=True)
    asin = fields.String(**_text)
    title = fields.String(**_text)
    promotion_ids = fields.List(fields.String(), load_default=())
    gift_wrap_level = fields.String(**_text)
    gift_message = fields.String(**_text)
    item_tax = money_field(**_text)
    shipping_price = money_field(**_text)
    shipping_tax = money_field(**_text)
    shipping_discount = money_field(**_text)
    promotion_discount = money_field(**_text)
    gift_wrap_price = money_field(**_text)
    gift_wrap_tax = money_field(**_text)

    @post_load
    def make(self, data, **kwargs):
        return OrderItem(**{**data, "promotion_ids": tuple(data["promotion_ids"])})


class PackageSchema(Schema):
    carrier = fields.String(**_text)
    tracking_number = fields.String(**_text)
    ship_time = fields.AwareDateTime(allow_none=True, load_default=None)
    shipping_service = fields.String(**_text)
    reference = fields.String(**_text)

    @post_load
    def make(self, data, **kwargs):
        return Package(**data)


class OrderPlacedSchema(Schema):
    order_id = fields.String(required=True, validate=AMAZON_ORDER_ID)
    channel = fields.String(required=True, validate=validate.OneOf(CHANNELS))
    status = fields.String(required=True, validate=validate.OneOf(ELIGIBLE_STATUSES))
    purchase_date = fields.AwareDateTime(required=True)
    last_updated = fields.AwareDateTime(required=True)
    currency = fields.String(required=True, validate=validate.Regexp(r"^[A-Z]{3}$"))
    prices_include_tax = fields.Boolean(required=True)
    items = fields.List(fields.Nested(OrderItemSchema), required=True, validate=validate.Length(min=1))
    order_total = money_field(**_text)
    buyer = fields.Nested(BuyerSchema, load_default=lambda: Buyer())
    ship_to = fields.Nested(AddressSchema, **_text)
    ship_service_level = fields.String(**_text)
    is_business = fields.Boolean(load_default=False)
    is_prime = fields.Boolean(load_default=False)
    is_replacement = fields.Boolean(load_default=False)
    replaced_order_id = fields.String(**_text)
    packages = fields.List(fields.Nested(PackageSchema), load_default=())

    @post_load
    def make(self, data, **kwargs):
        return OrderPlaced(**{**data, "items": tuple(data["items"]), "packages": tuple(data["packages"])})


class OrderCancelledSchema(Schema):
    order_id = fields.String(required=True, validate=AMAZON_ORDER_ID)
    reason = fields.String(**_text)

    @post_load
    def make(self, data, **kwargs):
        return OrderCancelled(**data)
