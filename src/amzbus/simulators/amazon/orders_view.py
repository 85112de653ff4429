"""An order as Orders API v2026-01-01 returns it, with the datasets asked for in ``includedData``.

What Amazon withholds, the simulator withholds too: no prices while PENDING (and never for an order
cancelled before it became eligible), no delivery address before UNSHIPPED (FBA: only city, region,
postal code and country, once shipped), no buyer e-mail for FBA or before UNSHIPPED, no buyer name in
North America (removed there in 2024), no phone for FBA.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from .clock import iso
from .money import money
from .orders_model import CANCELLED, Order, OrderItem, Package
from .orders_proceeds import item_proceeds, order_proceeds

INCLUDED_DATA = ("BUYER", "RECIPIENT", "PROCEEDS", "EXPENSE", "PROMOTION", "CANCELLATION", "FULFILLMENT",
                 "PACKAGES", "TAX", "PAYMENT", "FULFILLMENT_ORDERS")
SHOWS_ADDRESS = ("UNSHIPPED", "PARTIALLY_SHIPPED", "SHIPPED")


def render_order(order: Order, included: frozenset[str]) -> dict[str, Any]:
    marketplace = order.marketplace
    body: dict[str, Any] = {
        "orderId": order.order_id,
        "createdTime": iso(order.created),
        "lastUpdatedTime": iso(order.last_updated),
        "programs": list(order.programs),
        "salesChannel": {"channelName": "AMAZON", "marketplaceId": marketplace.marketplace_id,
                         "marketplaceName": marketplace.name},
    }
    if order.replaced_order_id:
        body["associatedOrders"] = [{"orderId": order.replaced_order_id, "associationType": "REPLACEMENT_ORIGINAL_ID"}]
    _add(body, "buyer", _buyer(order) if "BUYER" in included else None)
    _add(body, "recipient", _recipient(order) if "RECIPIENT" in included else None)
    _add(body, "proceeds", order_proceeds(order) if "PROCEEDS" in included and order.priced else None)
    _add(body, "tax", _order_tax(order) if "TAX" in included else None)
    if "FULFILLMENT" in included:
        body["fulfillment"] = _order_fulfillment(order)
    body["orderItems"] = [_item(order, item, included) for item in order.items]
    if "PACKAGES" in included and not order.is_fba and order.packages:
        body["packages"] = [_package(order, p) for p in order.packages]
    return body


def _add(body: dict[str, Any], key: str, value: Any) -> None:
    if value:
        body[key] = value


def _buyer(order: Order) -> dict[str, str]:
    buyer = order.buyer
    fields = {"buyerName": buyer.name, "buyerCompanyName": buyer.company_name,
              "buyerPurchaseOrderNumber": buyer.purchase_order_number}
    if not order.is_fba and order.status in SHOWS_ADDRESS:
        fields["buyerEmail"] = buyer.email
    return {k: v for k, v in fields.items() if v}


def _recipient(order: Order) -> dict[str, Any] | None:
    if order.status not in SHOWS_ADDRESS:
        return None
    a = order.address
    if order.is_fba:
        fields = {"city": a.city, "stateOrRegion": a.state_or_region, "postalCode": a.postal_code,
                  "countryCode": a.country_code}
    else:
        fields = {"name": a.name, "companyName": a.company_name, "addressLine1": a.line1, "addressLine2": a.line2,
                  "city": a.city, "stateOrRegion": a.state_or_region, "postalCode": a.postal_code,
                  "countryCode": a.country_code, "phone": a.phone, "addressType": a.address_type}
    return {"deliveryAddress": {k: v for k, v in fields.items() if v}}


def _order_tax(order: Order) -> dict[str, Any] | None:
    if not order.buyer.vat_number:
        return None
    return {"taxRegistrations": [{"entityType": "BUYER", "legalName": order.buyer.company_name,
                                  "taxRegistrationType": "VAT", "taxRegistrationNumber": order.buyer.vat_number}]}


def _order_fulfillment(order: Order) -> dict[str, Any]:
    window_start = order.created
    return {
        "fulfillmentStatus": order.status,
        "fulfilledBy": order.fulfilled_by,
        "fulfillmentServiceLevel": order.service_level,
        "shipByWindow": {"earliestDateTime": iso(window_start), "latestDateTime": iso(
            window_start.replace(hour=23, minute=59, second=59) + timedelta(days=2))},
    }


def _item(order: Order, item: OrderItem, included: frozenset[str]) -> dict[str, Any]:
    product: dict[str, Any] = {"asin": item.asin, "title": item.title, "sellerSku": item.sku,
                               "condition": {"conditionType": "NEW", "conditionSubtype": "NEW"}}
    currency = order.marketplace.currency
    if order.priced:
        price: dict[str, Any] = {"unitPrice": money(item.unit_price, currency)}
        if item.price_designation:
            price["priceDesignation"] = item.price_designation
        product["price"] = price
    body: dict[str, Any] = {"orderItemId": item.order_item_id, "quantityOrdered": item.quantity, "product": product}
    _add(body, "proceeds", item_proceeds(item, currency) if "PROCEEDS" in included and order.priced else None)
    if "PROMOTION" in included and item.promotion_ids and order.priced:
        body["promotion"] = {"breakdowns": [{"promotionId": pid} for pid in item.promotion_ids]}
    _add(body, "cancellation", _cancellation(order) if "CANCELLATION" in included else None)
    if "FULFILLMENT" in included:
        body["fulfillment"] = _item_fulfillment(order, item)
    if "TAX" in included and not order.marketplace.tax_included and order.priced:
        body["tax"] = {"taxCollections": [{"model": "MARKETPLACE_FACILITATOR", "responsibleParty": "Amazon Services, Inc."}]}
    return body


def _cancellation(order: Order) -> dict[str, Any] | None:
    result: dict[str, Any] = {}
    if order.buyer_cancel_reason:
        result["cancellationRequest"] = {"requester": "BUYER", "cancelReason": order.buyer_cancel_reason}
    if order.status == CANCELLED:
        result["cancellationExecution"] = {"cancelledBy": order.cancelled_by, "cancelReason": order.cancel_reason}
    return result or None


def _item_fulfillment(order: Order, item: OrderItem) -> dict[str, Any]:
    unfulfilled = 0 if order.status == CANCELLED else item.quantity_unshipped
    body: dict[str, Any] = {"quantityFulfilled": item.quantity_shipped, "quantityUnfulfilled": unfulfilled}
    if order.priced and (item.gift_wrap_level or item.gift_message):
        option = {"giftMessage": item.gift_message, "giftWrapLevel": item.gift_wrap_level}
        body["packing"] = {"giftOption": {k: v for k, v in option.items() if v}}
    return body


def _package(order: Order, package: Package) -> dict[str, Any]:
    body = {
        "packageReferenceId": package.package_reference_id,
        "createdTime": iso(package.created),
        "packageStatus": {"status": "SHIPPED"},
        "carrier": package.carrier_name or package.carrier_code,
        "shipTime": iso(package.ship_date),
        "trackingNumber": package.tracking_number,
        "packageItems": [{"orderItemId": oid, "quantity": qty} for oid, qty in package.items],
    }
    if package.shipping_method:
        body["shippingService"] = package.shipping_method
    return body
