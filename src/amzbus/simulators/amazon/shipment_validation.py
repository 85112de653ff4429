"""confirmShipment's request checks, with Amazon's messages where they are known.

Known from Amazon: ``Missing request parameter: X.``; ``The input you have submitted is not valid. Please
check the fields with invalid type [packageDetail.packageReferenceId].`` (a number instead of a string);
``PackageReferenceId: is invalid, must be a positive numeric value.``; a second confirmation of a package,
or of an order already shipped, is refused with "Failed to create package due to not finding a matching
package or order already fulfilled." (issue amzn/selling-partner-api-models#5037).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .clock import parse_iso
from .orders_model import Order

ALREADY_FULFILLED = ("Failed to create package due to not finding a matching package or order already fulfilled.",
                     "ErrorMessage(errorCode=GeneralError, errorDescription=Unable to find package to update for "
                     "order (), errorMetric=PackageToUpdateNotFound, packageIndex=null)")


@dataclass(frozen=True)
class ShipmentRequest:
    package_reference_id: str
    carrier_code: str
    carrier_name: str | None
    shipping_method: str | None
    tracking_number: str
    ship_date: datetime
    items: tuple[tuple[str, int], ...]


class ShipmentRejected(Exception):
    def __init__(self, errors: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(message for message, _ in errors))
        self.errors = errors


def parse_shipment(body: dict[str, Any], order: Order) -> ShipmentRequest:
    errors: list[tuple[str, str]] = []
    marketplace_id = body.get("marketplaceId")
    if not marketplace_id:
        errors.append(("Missing request parameter: marketplaceId.", ""))
    elif marketplace_id != order.marketplace.marketplace_id:
        errors.append((f"Invalid marketplaceId {marketplace_id!r} for order {order.order_id}.", ""))
    detail = body.get("packageDetail")
    if not isinstance(detail, dict):
        raise ShipmentRejected(errors + [("Missing request parameter: packageDetail.", "")])
    request = _package(detail, errors)
    if errors:
        raise ShipmentRejected(errors)
    return request


def _package(detail: dict[str, Any], errors: list[tuple[str, str]]) -> ShipmentRequest | None:
    reference = _text(detail, "packageReferenceId", errors)
    if reference is not None and not (reference.isdigit() and int(reference) > 0):
        errors.append(("PackageReferenceId: is invalid, must be a positive numeric value.", ""))
    carrier_code = _text(detail, "carrierCode", errors)
    carrier_name = detail.get("carrierName") or None
    if carrier_code == "Other" and not carrier_name:
        errors.append(("Missing request parameter: packageDetail.carrierName (required when carrierCode is Other).", ""))
    tracking = _text(detail, "trackingNumber", errors)
    ship_date = _ship_date(detail, errors)
    items = _items(detail.get("orderItems"), errors)
    if errors:
        return None
    return ShipmentRequest(reference, carrier_code, carrier_name, detail.get("shippingMethod") or None, tracking,
                           ship_date, items)


def _text(detail: dict[str, Any], key: str, errors: list[tuple[str, str]]) -> str | None:
    value = detail.get(key)
    if value is None or value == "":
        errors.append((f"Missing request parameter: packageDetail.{key}.", ""))
        return None
    if not isinstance(value, str):
        errors.append((_invalid_type(f"packageDetail.{key}"), ""))
        return None
    return value


def _ship_date(detail: dict[str, Any], errors: list[tuple[str, str]]) -> datetime | None:
    raw = _text(detail, "shipDate", errors)
    if raw is None:
        return None
    parsed = parse_iso(raw)
    if parsed is None or len(raw.strip()) == 10:
        errors.append(("Invalid Input", f"packageDetail.shipDate must be an ISO 8601 date-time, not {raw!r}."))
    return parsed


def _items(raw: Any, errors: list[tuple[str, str]]) -> tuple[tuple[str, int], ...]:
    if not raw:
        errors.append(("Missing request parameter: packageDetail.orderItems.", ""))
        return ()
    if not isinstance(raw, list):
        errors.append((_invalid_type("packageDetail.orderItems"), ""))
        return ()
    totals: dict[str, int] = {}
    for index, entry in enumerate(raw):
        item_id = entry.get("orderItemId") if isinstance(entry, dict) else None
        quantity = entry.get("quantity") if isinstance(entry, dict) else None
        if not isinstance(item_id, str) or not item_id:
            errors.append((_invalid_type(f"packageDetail.orderItems[{index}].orderItemId"), ""))
        elif isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
            errors.append((f"Invalid quantity for order item {item_id}: must be a positive integer.", ""))
        else:
            totals[item_id] = totals.get(item_id, 0) + quantity
    return tuple(totals.items())


def _invalid_type(field: str) -> str:
    return f"The input you have submitted is not valid. Please check the fields with invalid type [{field}]."


def check_against_order(request: ShipmentRequest, order: Order) -> list[tuple[str, str]]:
    """What the order's state refuses: wrong channel or status, a package sent twice, unknown or excess items."""
    if order.is_fba:
        return [(f"Order {order.order_id} is fulfilled by Amazon; only merchant-fulfilled orders can be confirmed.", "")]
    if order.status == "CANCELLED":
        return [(f"Order {order.order_id} is cancelled and cannot be shipped.", "")]
    if order.status == "PENDING":
        return [(f"Order {order.order_id} is pending and is not ready for shipment.", "")]
    if order.status == "SHIPPED" or any(p.package_reference_id == request.package_reference_id for p in order.packages):
        return [ALREADY_FULFILLED]
    errors = []
    for item_id, quantity in request.items:
        item = order.item(item_id)
        if item is None:
            errors.append((f"Invalid orderItemId {item_id!r}: it is not an item of order {order.order_id}.", ""))
        elif quantity > item.quantity_unshipped:
            errors.append((f"Quantity {quantity} for order item {item_id} exceeds the quantity not yet shipped "
                           f"({item.quantity_unshipped}).", ""))
    return errors
