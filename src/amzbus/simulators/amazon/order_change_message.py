"""An ORDER_CHANGE notification as Amazon sends it to SQS (payload version 1.0,
schemas/notifications/OrderChangeNotification.json): an order-level ``OrderStatusChange`` (a buyer's
cancellation is a ``BuyerRequestedChange``), the Summary in the v0 spelling (``Unshipped``, ``AFN``/``MFN``)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from .clock import iso
from .orders_model import Order

V0_STATUSES = {"PENDING_AVAILABILITY": "PendingAvailability", "PENDING": "Pending", "UNSHIPPED": "Unshipped",
               "PARTIALLY_SHIPPED": "PartiallyShipped", "SHIPPED": "Shipped", "CANCELLED": "Canceled",
               "UNFULFILLABLE": "Unfulfillable"}
PROGRAMS = {"AMAZON_BUSINESS": "Business", "PRIME": "Prime", "PREMIUM": "Premium", "IBA": "IBA",
            "REPLACEMENT": "Replacement"}


def summary_status(order: Order) -> str:
    return V0_STATUSES[order.status]


def _iso_millis(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def order_change_message(order: Order, *, subscription_id: str, application_id: str, at: datetime) -> dict[str, Any]:
    buyer_cancel = order.buyer_cancel_reason is not None
    summary: dict[str, Any] = {
        "MarketplaceId": order.marketplace.marketplace_id,
        "OrderStatus": summary_status(order),
        "PurchaseDate": iso(order.created),
        "DestinationPostalCode": order.address.postal_code,
        "FulfillmentType": "AFN" if order.is_fba else "MFN",
        "OrderType": "StandardOrder",
        "NumberOfItemsShipped": sum(item.quantity_shipped for item in order.items),
        "NumberOfItemsUnshipped": sum(item.quantity_unshipped for item in order.items),
        "OrderPrograms": [PROGRAMS[p] for p in order.programs if p in PROGRAMS],
        "OrderItems": [{"OrderItemId": item.order_item_id, "SellerSKU": item.sku, "SupplySourceId": None,
                        "Quantity": item.quantity, "QuantityShipped": item.quantity_shipped,
                        "IsBuyerRequestedCancel": buyer_cancel} for item in order.items],
    }
    return {
        "NotificationVersion": "1.0",
        "NotificationType": "ORDER_CHANGE",
        "PayloadVersion": "1.0",
        "EventTime": _iso_millis(at),
        "Payload": {"OrderChangeNotification": {
            "NotificationLevel": "OrderLevel",
            "SellerId": order.seller_id,
            "AmazonOrderId": order.order_id,
            "OrderChangeType": "BuyerRequestedChange" if buyer_cancel else "OrderStatusChange",
            "OrderChangeTrigger": {"TimeOfOrderChange": _iso_millis(order.last_updated),
                                   "ChangeReason": order.buyer_cancel_reason or "Order status changed"},
            "Summary": summary,
        }},
        "NotificationMetadata": {"ApplicationId": application_id, "SubscriptionId": subscription_id,
                                 "PublishTime": _iso_millis(at), "NotificationId": str(uuid.uuid4())},
    }
