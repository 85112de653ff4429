"""Notifications API v1: SQS destinations (the application's, grantless) and ORDER_CHANGE subscriptions (the
seller's), as the model declares them (models/notifications-api-model/notifications.json).

An application is an LWA client id; a grantless token carries it (``Call.account`` is then the account that
owns the client id). Errors: an unknown destination or subscription is 404; a second destination for the same
queue, or a second subscription to the same type, is 409 Conflict; a malformed ARN is 400.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field

from werkzeug.wrappers import Response

from .call import Call
from .responses import ApiError, invalid_input, json_response, not_found

SQS_ARN = re.compile(r"^arn:aws:sqs:\S+:\S+:\S+")
SUPPORTED_TYPES = ("ORDER_CHANGE",)


@dataclass
class NotificationStore:
    """destinations: application -> {id: {name, arn}}; subscriptions: (seller, type) -> subscription JSON."""

    destinations: dict[str, dict[str, dict]] = field(default_factory=dict)
    subscriptions: dict[tuple[str, str], dict] = field(default_factory=dict)

    def destination(self, destination_id: str) -> dict | None:
        for owned in self.destinations.values():
            if destination_id in owned:
                return owned[destination_id]
        return None

    def subscribed(self, seller_id: str, notification_type: str = "ORDER_CHANGE") -> tuple[dict, dict] | None:
        """The seller's subscription and its destination, when both exist."""
        subscription = self.subscriptions.get((seller_id, notification_type))
        destination = subscription and self.destination(subscription["destinationId"])
        return (subscription, destination) if destination else None


def _destination_json(destination_id: str, destination: dict) -> dict:
    return {"destinationId": destination_id, "name": destination["name"], "resource": {"sqs": {"arn": destination["arn"]}}}


def _application(call: Call) -> str:
    return call.account.lwa_client_id


def get_destinations(call: Call) -> Response:
    owned = call.state.notifications.destinations.get(_application(call), {})
    return json_response({"payload": [_destination_json(i, d) for i, d in owned.items()]})


def create_destination(call: Call) -> Response:
    body = call.json_body()
    name, spec = body.get("name"), body.get("resourceSpecification")
    arn = ((spec or {}).get("sqs") or {}).get("arn") if isinstance(spec, dict) else None
    if not isinstance(name, str) or not name or len(name) > 256:
        raise invalid_input("name is required (at most 256 characters).")
    if not isinstance(arn, str) or not SQS_ARN.match(arn):
        raise invalid_input("resourceSpecification.sqs.arn must be an SQS queue ARN (arn:aws:sqs:...).")
    owned = call.state.notifications.destinations.setdefault(_application(call), {})
    if any(d["arn"] == arn for d in owned.values()):
        raise ApiError(409, "Conflict", "A destination for this resource already exists.")
    destination_id = str(uuid.uuid4())
    owned[destination_id] = {"name": name, "arn": arn}
    return json_response({"payload": _destination_json(destination_id, owned[destination_id])})


def delete_destination(call: Call) -> Response:
    (destination_id,) = call.path_args
    owned = call.state.notifications.destinations.get(_application(call), {})
    if owned.pop(destination_id, None) is None:
        raise not_found(f"No destination {destination_id}.")
    return json_response({})


def _type(call: Call) -> str:
    notification_type = call.path_args[0]
    if notification_type not in SUPPORTED_TYPES:
        raise invalid_input(f"notificationType {notification_type!r} is not supported by this simulator.")
    return notification_type


def get_subscription(call: Call) -> Response:
    subscription = call.state.notifications.subscriptions.get((call.account.seller_id, _type(call)))
    if subscription is None:
        raise not_found("The resource specified does not exist.")
    return json_response({"payload": subscription})


def create_subscription(call: Call) -> Response:
    notification_type, body = _type(call), call.json_body()
    store = call.state.notifications
    destination_id, version = body.get("destinationId"), body.get("payloadVersion")
    if not isinstance(destination_id, str) or not isinstance(version, str):
        raise invalid_input("destinationId and payloadVersion are required.")
    if version != "1.0":
        raise invalid_input(f"payloadVersion {version!r} is not supported for {notification_type} (1.0).")
    if store.destinations.get(_application(call), {}).get(destination_id) is None:
        raise not_found(f"No destination {destination_id} for this application.")
    key = (call.account.seller_id, notification_type)
    if key in store.subscriptions:
        raise ApiError(409, "Conflict", "Subscription for specified notification type and destination exists.")
    store.subscriptions[key] = {"subscriptionId": str(uuid.uuid4()), "payloadVersion": version,
                                "destinationId": destination_id}
    return json_response({"payload": store.subscriptions[key]})


def delete_subscription_by_id(call: Call) -> Response:
    notification_type, subscription_id = _type(call), call.path_args[1]
    store = call.state.notifications
    for key, subscription in list(store.subscriptions.items()):
        owner = call.state.accounts.by_seller(key[0])
        if (key[1] == notification_type and subscription["subscriptionId"] == subscription_id
                and owner is not None and owner.lwa_client_id == _application(call)):
            del store.subscriptions[key]
            return json_response({})
    raise not_found(f"No subscription {subscription_id}.")
