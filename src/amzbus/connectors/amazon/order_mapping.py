"""An Amazon order (Orders API v2026-01-01 JSON) -> the canonical event it stands for, or nothing.

Pure: no I/O, no clock, no logging. Which statuses produce what (reference/connector-behaviour.md):

| fulfilled by | status | event |
|---|---|---|
| any | ``PENDING``, ``PENDING_AVAILABILITY``, ``UNFULFILLABLE`` | none (no prices, no address yet) |
| any | ``CANCELLED`` | ``OrderCancelled`` |
| merchant (FBM) | ``UNSHIPPED``, ``PARTIALLY_SHIPPED``, ``SHIPPED`` | ``OrderPlaced`` |
| Amazon (FBA) | ``SHIPPED`` | ``OrderPlaced`` |
| Amazon (FBA) | ``UNSHIPPED``, ``PARTIALLY_SHIPPED`` | none (created once Amazon has shipped) |

A missing or malformed field, or a marketplace the catalog does not know, raises ``OrderMappingError``.
Buyer name and e-mail are optional: North-American FBA orders carry none.
"""

from __future__ import annotations

import re
from typing import Any, Mapping

from amzbus.bus.marketplaces import Marketplace, MarketplaceCatalog
from amzbus.schemas import Address, Buyer, Envelope, OrderCancelled, OrderPlaced, Package, envelop

from .order_fields import OrderMappingError, OrderNode
from .order_item_mapping import item_from_json

__all__ = ["order_to_event", "order_envelope", "OrderMappingError", "FULFILLMENT_STATUSES", "CHANNELS"]

AMAZON_ORDER_ID = re.compile(r"^\d{3}-\d{7}-\d{7}$")
FULFILLMENT_STATUSES = ("PENDING_AVAILABILITY", "PENDING", "UNSHIPPED", "PARTIALLY_SHIPPED", "SHIPPED",
                        "CANCELLED", "UNFULFILLABLE")
CHANNELS = {"MERCHANT": "FBM", "AMAZON": "FBA"}
PLACED_STATUSES = {"FBM": ("UNSHIPPED", "PARTIALLY_SHIPPED", "SHIPPED"), "FBA": ("SHIPPED",)}


def order_to_event(order_json: Mapping[str, Any], *,
                   marketplaces: MarketplaceCatalog) -> OrderPlaced | OrderCancelled | None:
    """The event a v2026-01-01 order stands for (``None``: nothing to tell Odoo yet)."""
    order = _root(order_json)
    marketplace = order_marketplace(order, marketplaces)
    fulfillment = order.child("fulfillment", required=True)
    status = fulfillment.text("fulfillmentStatus", required=True)
    if status not in FULFILLMENT_STATUSES:
        fulfillment.fail("fulfillmentStatus", f"unknown status {status!r}")
    if status == "CANCELLED":
        return OrderCancelled(order_id=order.order_id, reason=_cancel_reason(order))
    channel = _channel(fulfillment)
    if status not in PLACED_STATUSES[channel]:
        return None
    return _order_placed(order, marketplace, channel, status)


def order_envelope(order_json: Mapping[str, Any], *, account: str, marketplaces: MarketplaceCatalog) -> Envelope | None:
    """The event of an order in its envelope: the order's marketplace, ``occurred_at`` its ``lastUpdatedTime``."""
    event = order_to_event(order_json, marketplaces=marketplaces)
    if event is None:
        return None
    order = _root(order_json)
    return envelop(event, account=account, marketplace_id=order_marketplace(order, marketplaces).marketplace_id,
                   occurred_at=order.timestamp("lastUpdatedTime"))


def order_marketplace(order: OrderNode, marketplaces: MarketplaceCatalog) -> Marketplace:
    channel = order.child("salesChannel", required=True)
    marketplace_id = channel.text("marketplaceId", required=True)
    marketplace = marketplaces.find(marketplace_id)
    if marketplace is None:
        channel.fail("marketplaceId", f"unknown marketplace {marketplace_id!r} (add it under [[marketplaces]])")
    return marketplace


def _root(order_json: Mapping[str, Any]) -> OrderNode:
    if not isinstance(order_json, Mapping):
        raise OrderMappingError(None, "order", f"must be an object, not {type(order_json).__name__}")
    raw_id = order_json.get("orderId")
    order_id = raw_id if isinstance(raw_id, str) and AMAZON_ORDER_ID.match(raw_id) else None
    order = OrderNode(order_id, order_json)
    if order_id is None:
        order.text("orderId", required=True)
        order.fail("orderId", "is not an Amazon order id (3-7-7 digits)")
    return order


def _channel(fulfillment: OrderNode) -> str:
    fulfilled_by = fulfillment.text("fulfilledBy", required=True)
    if fulfilled_by not in CHANNELS:
        fulfillment.fail("fulfilledBy", f"must be AMAZON or MERCHANT, not {fulfilled_by!r}")
    return CHANNELS[fulfilled_by]


def _order_placed(order: OrderNode, marketplace: Marketplace, channel: str, status: str) -> OrderPlaced:
    proceeds = order.child("proceeds")
    order_total = proceeds.money("grandTotal") if proceeds else None
    currency = order_total.currency if order_total else marketplace.currency
    items = tuple(item_from_json(item, currency=currency) for item in order.children("orderItems", required=True))
    if not items:
        order.fail("orderItems", "is empty")
    programs = set(order.texts("programs"))
    replaced_order_id = _replaced_order_id(order)
    return OrderPlaced(
        order_id=order.order_id,
        channel=channel,
        status=status,
        purchase_date=order.timestamp("createdTime"),
        last_updated=order.timestamp("lastUpdatedTime"),
        currency=currency,
        prices_include_tax=marketplace.tax_included,
        items=items,
        order_total=order_total,
        buyer=_buyer(order),
        ship_to=_ship_to(order),
        ship_service_level=order.child("fulfillment").text("fulfillmentServiceLevel"),
        is_business="AMAZON_BUSINESS" in programs,
        is_prime="PRIME" in programs,
        is_replacement=replaced_order_id is not None,
        replaced_order_id=replaced_order_id,
        packages=_packages(order) if channel == "FBM" else (),
    )


def _buyer(order: OrderNode) -> Buyer:
    buyer = order.child("buyer")
    if buyer is None:
        return Buyer()
    return Buyer(name=buyer.text("buyerName"), email=buyer.text("buyerEmail"),
                 company_name=buyer.text("buyerCompanyName"))


def _ship_to(order: OrderNode) -> Address | None:
    recipient = order.child("recipient")
    address = recipient.child("deliveryAddress") if recipient else None
    if address is None:
        return None
    country = address.text("countryCode")
    if country is not None and (len(country) != 2 or not country.isalpha()):
        address.fail("countryCode", "is not a two-letter ISO 3166 country code")
    lines = (address.text("addressLine1"), address.text("addressLine2"), address.text("addressLine3"))
    return Address(
        name=address.text("name"),
        address_lines=tuple(line for line in lines if line),
        city=address.text("city"),
        state_or_region=address.text("stateOrRegion"),
        postal_code=address.text("postalCode"),
        country_code=country.upper() if country else None,
        phone=address.text("phone"),
        company_name=address.text("companyName"),
    )


def _packages(order: OrderNode) -> tuple[Package, ...]:
    """The packages Amazon reports for an FBM order (shipped from Seller Central when the bus first sees it)."""
    return tuple(Package(carrier=package.text("carrier"), tracking_number=package.text("trackingNumber"),
                         ship_time=package.timestamp("shipTime") if package.text("shipTime") else None,
                         shipping_service=package.text("shippingService"),
                         reference=package.text("packageReferenceId"))
                 for package in order.children("packages"))


def _replaced_order_id(order: OrderNode) -> str | None:
    for associated in order.children("associatedOrders"):
        if associated.text("associationType") == "REPLACEMENT_ORIGINAL_ID":
            return associated.text("orderId", required=True)
    return None


def _cancel_reason(order: OrderNode) -> str | None:
    """Who cancelled and why, from the first item that says (``AMAZON: out of stock``)."""
    for item in order.children("orderItems"):
        cancellation = item.child("cancellation")
        execution = cancellation.child("cancellationExecution") if cancellation else None
        request = cancellation.child("cancellationRequest") if cancellation else None
        if execution and (execution.text("cancelReason") or execution.text("cancelledBy")):
            by, reason = execution.text("cancelledBy"), execution.text("cancelReason")
            return ": ".join(part for part in (by, reason) if part)
        if request and request.text("cancelReason"):
            return ": ".join(part for part in (request.text("requester"), request.text("cancelReason")) if part)
    return None
