"""Orders API v0 confirmShipment: tell Amazon an FBM package has shipped, with carrier and tracking.

Confirming twice is not an error: Amazon's 400 answers saying the order or package is already
shipped / confirmed / fulfilled (for example "Failed to create package due to not finding a matching
package or order already fulfilled", amzn/selling-partner-api-models#5037) return ``ALREADY_CONFIRMED``.
"""

from __future__ import annotations

import enum
import re

import structlog

from amzbus.schemas import ShipmentConfirmed

from .errors import AmazonRejected
from .library import OrdersV0Api
from .orders import amazon_time
from .session import AccountSession

log = structlog.get_logger(__name__)
ALREADY_CONFIRMED_MESSAGE = re.compile(r"already\s+(been\s+)?(shipped|confirmed|fulfilled)", re.IGNORECASE)


class ShipmentConfirmation(str, enum.Enum):
    CONFIRMED = "confirmed"
    ALREADY_CONFIRMED = "already_confirmed"


def confirm_shipment_body(shipment: ShipmentConfirmed, *, marketplace_id: str) -> dict:
    """The ``ConfirmShipmentRequest``: the Odoo picking id is the (numeric, string-typed) package reference."""
    package = {
        "packageReferenceId": str(shipment.picking_id),
        "carrierCode": shipment.carrier_code,
        "trackingNumber": shipment.tracking_number,
        "shipDate": amazon_time(shipment.ship_date),
        "orderItems": [{"orderItemId": item.order_item_id, "quantity": item.quantity} for item in shipment.items],
    }
    if shipment.carrier_name:
        package["carrierName"] = shipment.carrier_name
    if shipment.shipping_method:
        package["shippingMethod"] = shipment.shipping_method
    return {"marketplaceId": marketplace_id, "packageDetail": package}


def is_already_confirmed(error: AmazonRejected) -> bool:
    return error.status == 400 and bool(ALREADY_CONFIRMED_MESSAGE.search(error.message or ""))


class ShipmentsSection:
    def __init__(self, session: AccountSession) -> None:
        self._session = session

    def confirm_shipment(self, shipment: ShipmentConfirmed, *, marketplace_id: str) -> ShipmentConfirmation:
        """Confirm one package of an FBM order; an "already confirmed" answer counts as success."""
        api = self._session.api(OrdersV0Api)
        body = confirm_shipment_body(shipment, marketplace_id=marketplace_id)
        try:
            self._session.call("confirmShipment", lambda: api.confirm_shipment(shipment.amazon_order_id, **body))
        except AmazonRejected as rejected:
            if not is_already_confirmed(rejected):
                raise
            log.info("shipment_already_confirmed", account=self._session.account.name,
                     order_id=shipment.amazon_order_id, picking_id=shipment.picking_id)
            return ShipmentConfirmation.ALREADY_CONFIRMED
        return ShipmentConfirmation.CONFIRMED
