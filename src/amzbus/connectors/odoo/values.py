"""Plain values the domain operations take and return (no Odoo ids inside unless named ``*_id``).

The consumers map canonical events onto these; the operations map these onto Odoo fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import Enum

GENERIC_CUSTOMER_NAME = "Amazon customer"


@dataclass(frozen=True)
class AddressData:
    """A postal address; ``state_code`` may be a code ("CA") or a name ("Bayern"); unknown ones are left out."""

    name: str | None = None
    street: str | None = None
    street2: str | None = None
    city: str | None = None
    zip: str | None = None
    state_code: str | None = None
    country_code: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class CustomerData:
    """The buyer. ``name`` may be empty (North-American FBA orders): the address name, else a generic name, is used."""

    name: str | None = None
    email: str | None = None
    phone: str | None = None
    address: AddressData | None = None
    company_name: str | None = None  # business orders: the buyer's company

    @property
    def display_name(self) -> str:
        return (self.name or (self.address.name if self.address else None) or GENERIC_CUSTOMER_NAME).strip()


class LineKind(str, Enum):
    ITEM = "item"            # reference = SKU
    SHIPPING = "shipping"    # reference = ship service level
    GIFT_WRAP = "gift_wrap"  # reference = gift-wrap level


@dataclass(frozen=True)
class SaleLineDraft:
    """One priced line. ``discount`` is a percentage (Odoo's); ``tax_ids`` None leaves Odoo's default taxes."""

    reference: str | None
    name: str
    quantity: Decimal
    price_unit: Decimal
    kind: LineKind = LineKind.ITEM
    discount: Decimal = Decimal(0)
    tax_ids: tuple[int, ...] | None = None


@dataclass(frozen=True)
class SaleOrderDraft:
    """A sale order to create and confirm; ``notes`` become note lines (gift messages...).

    ``date_order`` (Amazon's purchase date) is sent with the order and written back after confirming (Odoo's
    ``action_confirm`` sets it to the confirmation time).
    """

    amazon_order_id: str
    currency: str
    customer: CustomerData
    lines: tuple[SaleLineDraft, ...]
    notes: tuple[str, ...] = ()
    sales_team: str | None = None
    salesperson_id: int | None = None
    warehouse_id: int | None = None
    date_order: datetime | None = None
    replaces: str | None = None  # a replacement order: the original Amazon order id

    @property
    def origin(self) -> str:
        return amazon_origin(self.amazon_order_id)


def amazon_origin(amazon_order_id: str) -> str:
    """The sale order's Source Document, e.g. ``Amazon 123-1234567-1234567``."""
    return f"Amazon {amazon_order_id}"


@dataclass(frozen=True)
class SaleOrderRef:
    id: int
    name: str
    state: str
    amazon_order_id: str | None
    delivery_status: str | None = None
    locked: bool = False
    date_order: str | None = None  # Odoo's naive UTC "YYYY-MM-DD HH:MM:SS"


class CancelOutcome(str, Enum):
    CANCELLED = "cancelled"
    ALREADY_CANCELLED = "already_cancelled"


@dataclass(frozen=True)
class ValidationOutcome:
    """What validating pickings did: the wizards answered on the way and the backorders created."""

    picking_ids: tuple[int, ...]
    wizards: tuple[str, ...] = ()
    backorder_ids: tuple[int, ...] = ()


@dataclass(frozen=True, order=True)
class DeliveryCursor:
    """Where reading validated deliveries stopped: the last one's ``write_date`` (naive UTC) and id."""

    write_date: str = "1970-01-01 00:00:00"
    id: int = 0


@dataclass(frozen=True)
class DeliveredLine:
    sale_line_id: int | None
    sale_line_name: str | None
    product_id: int
    product_code: str | None
    quantity: float


@dataclass(frozen=True)
class ValidatedDelivery:
    picking_id: int
    name: str
    sale_order_id: int | None
    amazon_order_id: str | None
    carrier_id: int | None
    carrier_name: str | None
    tracking_ref: str | None
    date_done: str | None
    write_date: str
    lines: tuple[DeliveredLine, ...] = field(default=())


@dataclass(frozen=True)
class Warehouse:
    id: int
    code: str
    view_location_id: int
    stock_location_id: int
