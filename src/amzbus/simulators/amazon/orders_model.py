"""Orders as the simulator keeps them: money in Decimal, statuses in Amazon's v2026 words.

Totals are consistent by construction, to the cent: an item's total is its line price + shipping + gift
wrap - promotion discount - shipping discount (+ taxes in North America, where they are not included), and
the order's total is the sum of its items' totals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from .marketplaces import MARKETPLACES, SimMarketplace
from .money import ZERO

PENDING, UNSHIPPED, PARTIALLY_SHIPPED, SHIPPED, CANCELLED = (
    "PENDING", "UNSHIPPED", "PARTIALLY_SHIPPED", "SHIPPED", "CANCELLED")
STATUSES = ("PENDING_AVAILABILITY", PENDING, UNSHIPPED, PARTIALLY_SHIPPED, SHIPPED, CANCELLED, "UNFULFILLABLE")
MERCHANT, AMAZON = "MERCHANT", "AMAZON"


@dataclass
class Address:
    name: str | None
    line1: str | None
    city: str
    state_or_region: str | None
    postal_code: str
    country_code: str
    line2: str | None = None
    company_name: str | None = None
    phone: str | None = None
    address_type: str = "RESIDENTIAL"


@dataclass
class Buyer:
    name: str | None = None
    email: str | None = None
    company_name: str | None = None
    purchase_order_number: str | None = None
    vat_number: str | None = None


@dataclass
class OrderItem:
    order_item_id: str
    sku: str
    asin: str
    title: str
    quantity: int
    unit_price: Decimal
    shipping: Decimal = ZERO
    shipping_discount: Decimal = ZERO
    promotion_discount: Decimal = ZERO
    gift_wrap: Decimal = ZERO
    gift_wrap_level: str | None = None
    gift_message: str | None = None
    promotion_ids: tuple[str, ...] = ()
    item_tax: Decimal = ZERO
    shipping_tax: Decimal = ZERO
    gift_wrap_tax: Decimal = ZERO
    price_designation: str | None = None
    quantity_shipped: int = 0
    reserved: int = 0

    @property
    def line_price(self) -> Decimal:
        return self.unit_price * self.quantity

    @property
    def discount(self) -> Decimal:
        return self.promotion_discount + self.shipping_discount

    @property
    def tax(self) -> Decimal:
        return self.item_tax + self.shipping_tax + self.gift_wrap_tax

    @property
    def total(self) -> Decimal:
        return self.line_price + self.shipping + self.gift_wrap - self.discount + self.tax

    @property
    def quantity_unshipped(self) -> int:
        return self.quantity - self.quantity_shipped


@dataclass
class Package:
    package_reference_id: str
    carrier_code: str
    carrier_name: str | None
    shipping_method: str | None
    tracking_number: str
    ship_date: datetime
    created: datetime
    items: tuple[tuple[str, int], ...]


@dataclass
class Order:
    order_id: str
    seller_id: str
    marketplace_code: str
    fulfilled_by: str
    created: datetime
    items: list[OrderItem]
    buyer: Buyer
    address: Address
    service_level: str = "STANDARD"
    programs: tuple[str, ...] = ()
    replaced_order_id: str | None = None
    status: str = PENDING
    last_updated: datetime | None = None
    priced: bool = False
    cancelled_by: str | None = None
    cancel_reason: str | None = None
    buyer_cancel_reason: str | None = None
    packages: list[Package] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.last_updated = self.last_updated or self.created

    @property
    def marketplace(self) -> SimMarketplace:
        return MARKETPLACES[self.marketplace_code]

    @property
    def total(self) -> Decimal:
        return sum((item.total for item in self.items), ZERO)

    @property
    def is_fba(self) -> bool:
        return self.fulfilled_by == AMAZON

    def item(self, order_item_id: str) -> OrderItem | None:
        return next((item for item in self.items if item.order_item_id == order_item_id), None)

    def touch(self, at: datetime) -> None:
        """Every change moves ``lastUpdatedTime`` forward, at least by a second."""
        self.last_updated = max(at, self.last_updated + timedelta(seconds=1))
