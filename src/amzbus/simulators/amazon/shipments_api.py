"""Orders API v0 ``confirmShipment``: validated like Amazon, 204 on success, the order moves to
PARTIALLY_SHIPPED or SHIPPED and the package appears in ``packages``."""

from __future__ import annotations

from werkzeug.wrappers import Response

from .call import Call
from .orders_api import seller_order
from .orders_model import Package
from .responses import empty_response, errors_response
from .shipment_validation import ShipmentRejected, check_against_order, parse_shipment


def confirm_shipment(call: Call) -> Response:
    order = seller_order(call)
    try:
        request = parse_shipment(call.json_body(), order)
    except ShipmentRejected as rejected:
        return _rejected(rejected.errors)
    refused = check_against_order(request, order)
    if refused:
        return _rejected(refused)
    package = Package(request.package_reference_id, request.carrier_code, request.carrier_name,
                      request.shipping_method, request.tracking_number, request.ship_date, call.now, request.items)
    call.state.record_shipment(order, package, at=call.now)
    return empty_response(204)


def _rejected(errors: list[tuple[str, str]]) -> Response:
    return errors_response(400, [("InvalidInput", message, details) for message, details in errors])
