"""Notifications API v1: the SQS destination (grantless, once per application) and the account's
ORDER_CHANGE subscription (payload version 1.0), each found before it is created, so that setting up
twice changes nothing (reference/spapi.md §1.8).

Destinations are the application's, reached with a grantless LWA token (``client_credentials``, scope
``sellingpartnerapi::notifications``); subscriptions are the seller's (the account's refresh token),
except deleteSubscriptionById, which the model declares grantless.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sp_api.api.notifications.notifications import Notifications
from sp_api.base import ApiResponse, fill_query_params, sp_endpoint

from .errors import AmazonRejected, AmazonUnavailable
from .library import ObservedResponses
from .session import AccountSession

ORDER_CHANGE = "ORDER_CHANGE"
PAYLOAD_VERSION = "1.0"


class NotificationsApi(ObservedResponses, Notifications):
    """The library's Notifications client, plus deleteSubscriptionById with a grantless token."""

    method = "GET"  # the library logs ``self.method`` before its first request sets it

    @sp_endpoint("/notifications/v1/subscriptions/{}/{}", method="DELETE")
    def delete_subscription_grantless(self, notification_type: str, subscription_id: str, **kwargs) -> ApiResponse:
        return self._request_grantless_operation(
            fill_query_params(kwargs.pop("path"), notification_type, subscription_id), params=kwargs)


@dataclass(frozen=True)
class Destination:
    destination_id: str
    name: str
    arn: str | None


@dataclass(frozen=True)
class Subscription:
    subscription_id: str
    destination_id: str
    payload_version: str


@dataclass(frozen=True)
class SetupResult:
    destination: Destination
    subscription: Subscription
    created_destination: bool
    created_subscription: bool


class NotificationsSection:
    def __init__(self, session: AccountSession) -> None:
        self._session = session

    @property
    def _api(self) -> NotificationsApi:
        return self._session.api(NotificationsApi)

    def destinations(self) -> list[Destination]:
        response = self._session.call("getDestinations", lambda: self._api.get_destinations())
        payload = response.payload if isinstance(response.payload, list) else []
        return [_destination(item) for item in payload if isinstance(item, dict)]

    def ensure_destination(self, *, name: str, arn: str) -> tuple[Destination, bool]:
        """The application's destination for ``arn`` (created when none exists); True when created."""
        for destination in self.destinations():
            if destination.arn == arn:
                return destination, False
        response = self._session.call("createDestination", lambda: self._api.create_destination(name=name, arn=arn))
        return _destination(_payload(response, "createDestination")), True

    def delete_destination(self, destination_id: str) -> None:
        self._session.call("deleteDestination", lambda: self._api.delete_destination(destination_id))

    def subscription(self, notification_type: str = ORDER_CHANGE) -> Subscription | None:
        """The account's subscription to ``notification_type`` (``None`` when it has none)."""
        try:
            response = self._session.call("getSubscription", lambda: self._api.get_subscription(
                notification_type, payloadVersion=PAYLOAD_VERSION))
        except AmazonRejected as error:
            if error.status == 404:
                return None
            raise
        return _subscription(_payload(response, "getSubscription"))

    def ensure_subscription(self, destination_id: str, *,
                            notification_type: str = ORDER_CHANGE) -> tuple[Subscription, bool]:
        """The account's subscription to ``destination_id`` (created when none exists); True when created.

        A subscription to another destination is refused with its id: ``teardown`` removes it first.
        """
        existing = self.subscription(notification_type)
        if existing is not None:
            if existing.destination_id != destination_id:
                raise AmazonRejected(
                    f"account {self._session.account.name} is already subscribed to {notification_type} on "
                    f"destination {existing.destination_id} (subscription {existing.subscription_id}); run "
                    "`amzbus notifications teardown` for it first", code="AlreadySubscribed", status=409,
                    operation="createSubscription")
            return existing, False
        response = self._session.call("createSubscription", lambda: self._api.create_subscription(
            notification_type, destination_id=destination_id, payload_version=PAYLOAD_VERSION))
        return _subscription(_payload(response, "createSubscription")), True

    def setup(self, *, name: str, arn: str) -> SetupResult:
        destination, new_destination = self.ensure_destination(name=name, arn=arn)
        subscription, new_subscription = self.ensure_subscription(destination.destination_id)
        return SetupResult(destination, subscription, new_destination, new_subscription)

    def delete_subscription(self, subscription: Subscription, *, notification_type: str = ORDER_CHANGE) -> None:
        self._session.call("deleteSubscriptionById", lambda: self._api.delete_subscription_grantless(
            notification_type, subscription.subscription_id))


def _payload(response: Any, operation: str) -> dict[str, Any]:
    payload = getattr(response, "payload", None)
    if not isinstance(payload, dict):
        raise AmazonUnavailable(f"Amazon {operation} answered without a payload", code="UnexpectedResponse",
                                status=200, operation=operation)
    return payload


def _destination(item: dict[str, Any]) -> Destination:
    sqs = (item.get("resource") or {}).get("sqs") or {}
    return Destination(destination_id=str(item.get("destinationId")), name=str(item.get("name")), arn=sqs.get("arn"))


def _subscription(item: dict[str, Any]) -> Subscription:
    return Subscription(subscription_id=str(item.get("subscriptionId")), destination_id=str(item.get("destinationId")),
                        payload_version=str(item.get("payloadVersion")))
