"""Orders API v0 ``confirmShipment``: validated like Amazon, 204 on success, the order moves to
PARTIALLY_SHIPPED or SHIPPED and the package appears in ``packages``."""

from __future__ import annotations

from werkzeug.wrappers import Response

from .call import Call
from .orders_api import ORDER_ID
from .orders_model import Package
from .responses import empty_response, errors_response, invalid_input, not_found
from .shipment_validation import ShipmentRejected, check_against_order, parse_shipment


def confirm_shipment(call: Call) -> Response:
    order_id = call.path_args[0]
    if not ORDER_ID.match(order_id):
        raise invalid_input(f"Invalid orderId {order_id!r}: an Amazon order id has the 3-7-7 format.")
    order = call.state.orders.get(order_id)
    if order is None or order.seller_id != call.account.seller_id:
        raise not_found(f"Order {order_id} was not found.")
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
