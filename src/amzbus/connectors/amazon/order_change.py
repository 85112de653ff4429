"""An ORDER_CHANGE notification (the body of an SQS message) -> ``OrderChange``, or ``MalformedNotification``.

Pure: no I/O but reading the schema once. The body is validated against Amazon's published JSON schema
(``models/OrderChangeNotification.json``, vendored under the Apache License 2.0, see ``models/NOTICE``).

What a notification asks of the bus is decided from its ``Summary`` (reference: spapi.md §1.8), with the
same eligibility as the poll (``order_mapping.PLACED_STATUSES``): a cancellation, an FBM order that can
ship, or an FBA order Amazon has shipped is worth a getOrder; a pending order, or an FBA order not yet
shipped, is not (the poll would publish nothing for it either).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from jsonschema import Draft7Validator

from amzbus.bus.errors import PermanentError

NOTIFICATION_TYPE = "ORDER_CHANGE"
# Summary.OrderStatus (v0 spelling) -> the v2026 status the poll's eligibility rules speak
SUMMARY_STATUSES = {"Pending": "PENDING", "PendingAvailability": "PENDING_AVAILABILITY", "Unshipped": "UNSHIPPED",
                    "PartiallyShipped": "PARTIALLY_SHIPPED", "Shipped": "SHIPPED", "Canceled": "CANCELLED",
                    "Unfulfillable": "UNFULFILLABLE", "InvoiceUnconfirmed": "PENDING"}
WORTH_FETCHING = {"MFN": ("UNSHIPPED", "PARTIALLY_SHIPPED", "SHIPPED", "CANCELLED"), "AFN": ("SHIPPED", "CANCELLED")}


class MalformedNotification(PermanentError):
    """The message is not an ORDER_CHANGE notification Amazon's schema accepts; the reason says where."""


@dataclass(frozen=True)
class OrderChange:
    notification_id: str
    seller_id: str
    order_id: str
    marketplace_id: str
    order_status: str  # as Amazon's Summary writes it (``Unshipped``)
    fulfillment_type: str  # AFN | MFN
    event_time: str
    change_type: str

    @property
    def status(self) -> str | None:
        """The status in the Orders API v2026 spelling (``None``: one this reader does not know)."""
        return SUMMARY_STATUSES.get(self.order_status)

    @property
    def worth_fetching(self) -> bool:
        """Whether the poll would publish an event for an order in this state (so getOrder is worth a token)."""
        return self.status in WORTH_FETCHING.get(self.fulfillment_type, ())


@lru_cache(maxsize=1)
def _validator() -> Draft7Validator:
    text = resources.files("amzbus.connectors.amazon").joinpath("models/OrderChangeNotification.json").read_text()
    return Draft7Validator(json.loads(text))


def is_order_change(body: Any) -> bool:
    """Whether a decoded message says it is an ORDER_CHANGE (other types may share the queue)."""
    return isinstance(body, dict) and body.get("NotificationType") == NOTIFICATION_TYPE


def decode_body(text: str) -> dict[str, Any]:
    """The JSON object of a message body, or ``MalformedNotification``."""
    try:
        body = json.loads(text)
    except (TypeError, ValueError) as error:
        raise MalformedNotification(f"the message body is not JSON ({error})", code="NotJson") from None
    if not isinstance(body, dict):
        raise MalformedNotification(f"the message body is a JSON {type(body).__name__}, not an object",
                                    code="NotAnObject")
    return body


def parse_order_change(body: dict[str, Any]) -> OrderChange:
    """Validate a decoded ORDER_CHANGE notification against Amazon's schema and read what the bus needs."""
    errors = sorted(_validator().iter_errors(body), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        where = "/".join(str(part) for part in first.absolute_path) or "(root)"
        raise MalformedNotification(f"ORDER_CHANGE notification fails Amazon's schema at {where}: "
                                    f"{first.message[:200]} ({len(errors)} error(s))", code="SchemaViolation")
    change = body["Payload"]["OrderChangeNotification"]
    summary = change["Summary"]
    return OrderChange(
        notification_id=body["NotificationMetadata"]["NotificationId"], seller_id=change["SellerId"],
        order_id=change["AmazonOrderId"], marketplace_id=summary["MarketplaceId"],
        order_status=summary["OrderStatus"], fulfillment_type=summary["FulfillmentType"],
        event_time=body["EventTime"], change_type=change["OrderChangeType"])
