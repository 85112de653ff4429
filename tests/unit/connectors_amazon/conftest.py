"""Builders of Orders API v2026-01-01 order JSON, shaped like the published model's example."""

from __future__ import annotations

import pytest


def money(amount: str, currency: str = "USD") -> dict:
    return {"amount": amount, "currencyCode": currency}


def breakdown(kind: str, amount: str, currency: str = "USD", **details: str) -> dict:
    """A proceeds breakdown; ``details`` become detailedBreakdowns (``ITEM="1.00"``)."""
    entry = {"type": kind, "subtotal": money(amount, currency)}
    if details:
        entry["detailedBreakdowns"] = [{"subtype": k, "value": money(v, currency)} for k, v in details.items()]
    return entry


def order_item(*, item_id="10000000000001", sku="SKU-RED-MUG", asin="B000000001", title="Red mug",
               quantity=1, unit_price="10.00", currency="USD", breakdowns=None, promotion_ids=(),
               gift_message=None, gift_wrap_level=None, quantity_fulfilled=0, cancellation=None) -> dict:
    item = {
        "orderItemId": item_id,
        "quantityOrdered": quantity,
        "programs": [],
        "product": {
            "asin": asin, "title": title, "sellerSku": sku,
            "condition": {"conditionType": "NEW", "conditionSubtype": "NEW"},
            "price": {"unitPrice": money(unit_price, currency)},
        },
        "fulfillment": {"quantityFulfilled": quantity_fulfilled, "quantityUnfulfilled": quantity - quantity_fulfilled},
    }
    if breakdowns is not None:
        item["proceeds"] = {"breakdowns": breakdowns}
    if promotion_ids:
        item["promotion"] = {"breakdowns": [{"promotionId": p} for p in promotion_ids]}
    if gift_message or gift_wrap_level:
        item["fulfillment"]["packing"] = {"giftOption": {k: v for k, v in
                                                         (("giftMessage", gift_message), ("giftWrapLevel", gift_wrap_level)) if v}}
    if cancellation:
        item["cancellation"] = cancellation
    return item


def amazon_order(*, order_id="113-0000001-0000001", status="UNSHIPPED", fulfilled_by="MERCHANT",
                 marketplace_id="ATVPDKIKX0DER", grand_total="12.34", currency="USD", items=None,
                 buyer=None, address=None, programs=(), associated_orders=(), service_level="STANDARD") -> dict:
    order = {
        "orderId": order_id,
        "orderAliases": [],
        "createdTime": "2026-11-20T10:30:00Z",
        "lastUpdatedTime": "2026-11-20T14:45:00Z",
        "programs": list(programs),
        "associatedOrders": list(associated_orders),
        "salesChannel": {"channelName": "AMAZON", "marketplaceId": marketplace_id, "marketplaceName": "Amazon"},
        "fulfillment": {"fulfillmentStatus": status, "fulfilledBy": fulfilled_by,
                        "fulfillmentServiceLevel": service_level},
        "orderItems": items if items is not None else [order_item(currency=currency, breakdowns=[
            breakdown("ITEM", "10.00", currency), breakdown("SHIPPING", "2.00", currency),
            breakdown("TAX", "0.34", currency, ITEM="0.30", SHIPPING="0.04")])],
    }
    if grand_total is not None:
        order["proceeds"] = {"grandTotal": money(grand_total, currency),
                             "breakdowns": [{"type": "ITEM", "subtotal": money(grand_total, currency)}]}
    if buyer is not None:
        order["buyer"] = buyer
    if address is not None:
        order["recipient"] = {"deliveryAddress": address}
    return order


US_ADDRESS = {
    "name": "Jane Doe", "companyName": "Doe Ltd", "addressLine1": "123 Main Street", "addressLine2": "Suite 456",
    "addressLine3": "", "city": "Seattle", "districtOrCounty": "King County", "stateOrRegion": "WA",
    "municipality": "", "postalCode": "98101", "countryCode": "US", "phone": "555-123-4567",
    "addressType": "RESIDENTIAL",
}


@pytest.fixture
def build():
    """The builders, as one namespace: ``build.order(...)``, ``build.item(...)``, ``build.money(...)``."""

    class Builders:
        order = staticmethod(amazon_order)
        item = staticmethod(order_item)
        money = staticmethod(money)
        breakdown = staticmethod(breakdown)
        us_address = dict(US_ADDRESS)

    return Builders
