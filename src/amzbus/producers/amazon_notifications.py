"""The Amazon push stream: ORDER_CHANGE notifications (SQS) -> getOrder -> the same events the poll publishes.

``NotificationHandler.handle(body)`` decides what one notification asks for and does it:

| notification | outcome |
|---|---|
| not JSON, or fails Amazon's published schema | ``dead_letter``: the raw message goes to the dead letters |
| another notification type, an unconfigured seller or marketplace, orders flow off | ``ignored`` |
| Pending (or FBA not yet shipped: the poll would publish nothing either) | ``nothing`` |
| Unshipped, PartiallyShipped, Shipped, Canceled | getOrder (v2026, the shared limiter) -> ``order_envelope`` -> publish: ``published`` (or ``nothing`` when the order, as Amazon has it now, is not eligible) |

The event comes from ``order_envelope``, the poll's own mapping, so its id is the poll's: a notification and a
poll (or two copies of a notification, or an old one arriving late) collapse onto one event downstream; what is
published is always the order as Amazon has it now, so order of arrival does not matter. An order that cannot be
mapped is handed to ``map_amazon_order``, like the poll does. Errors propagate: the reader keeps the SQS message
(a retryable one) or dead-letters it (a permanent one).

``register`` declares ``handle_amazon_notification(body, reason)``: a notification handed over to the bus. Its
first attempt raises ``reason`` (so the raw message is dead-lettered with it); a replay handles the body again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping

import structlog
from dramatiq.middleware import CurrentMessage

from ..bus.errors import PermanentError
from ..bus.marketplaces import MarketplaceCatalog
from ..bus.settings import AccountSettings
from ..connectors.amazon import OrderMappingError, order_envelope
from ..connectors.amazon.order_change import decode_body, is_order_change, parse_order_change
from ..schemas import Envelope

log = structlog.get_logger(__name__)
STREAM = "amazon:notifications"
DEAD_LETTER_TASK = "handle_amazon_notification"


@dataclass(frozen=True)
class Outcome:
    kind: str  # published | nothing | ignored
    account: str | None = None
    order_id: str | None = None
    envelope: Envelope | None = None
    reason: str = ""


class NotificationHandler:
    """Parameters (keyword-only):
      accounts: the configured accounts; only their sellers' notifications are handled.
      clients: ``AmazonClient`` by account name (getOrder, paced by the shared limiter).
      publish: ``bus.publish``; returns once the broker holds the event.
      hand_over_unmappable: called with (account, raw order) for an order the mapping refuses.
    """

    def __init__(self, *, accounts: tuple[AccountSettings, ...], clients: Mapping[str, Any],
                 publish: Callable[[Envelope], Any], hand_over_unmappable: Callable[[str, dict], None],
                 marketplaces: MarketplaceCatalog) -> None:
        self._by_seller = {a.seller_id: a for a in accounts if a.flow_enabled("orders")}
        self._clients, self._publish, self._hand_over = clients, publish, hand_over_unmappable
        self._marketplaces = marketplaces

    def handle(self, text: str) -> Outcome:
        """Handle one message body; ``MalformedNotification`` (permanent) when it is not a valid ORDER_CHANGE."""
        body = decode_body(text)
        if not is_order_change(body):
            return Outcome("ignored", reason=f"notification type {str(body.get('NotificationType'))[:40]!r}")
        change = parse_order_change(body)
        account = self._by_seller.get(change.seller_id)
        if account is None:
            return Outcome("ignored", order_id=change.order_id, reason="seller not configured (or orders flow off)")
        if change.marketplace_id not in {m.marketplace_id for m in account.marketplaces}:
            return Outcome("ignored", account.name, change.order_id, reason="marketplace not configured")
        if not change.worth_fetching:
            return Outcome("nothing", account.name, change.order_id,
                           reason=f"{change.fulfillment_type} {change.order_status}: nothing to publish yet")
        return self._fetch_and_publish(account.name, change.order_id)

    def _fetch_and_publish(self, account: str, order_id: str) -> Outcome:
        order = self._clients[account].orders.get_order(order_id)
        try:
            envelope = order_envelope(order, account=account, marketplaces=self._marketplaces)
        except OrderMappingError as error:
            log.warning("order_unmappable", account=account, order_id=order_id, reason=str(error), source="push")
            self._hand_over(account, order)
            return Outcome("nothing", account, order_id, reason="unmappable: handed to map_amazon_order")
        if envelope is None:
            return Outcome("nothing", account, order_id, reason="not eligible as Amazon has it now")
        self._publish(envelope)
        return Outcome("published", account, order_id, envelope)


def register(bus, runtime) -> None:
    """Declare ``handle_amazon_notification``: where notifications that cannot be handled are dead-lettered."""

    def handle_amazon_notification(body: str, reason: str) -> None:
        message = CurrentMessage.get_current_message()
        if message is None or not message.options.get("replay_count"):
            raise PermanentError(reason, code="NotificationRefused")
        outcome = notification_handler(runtime).handle(body)
        log.info("notification_replayed", outcome=outcome.kind, order_id=outcome.order_id, reason=outcome.reason)

    bus.declare_task(DEAD_LETTER_TASK, handle_amazon_notification, queue="polls")


def notification_handler(runtime) -> NotificationHandler:
    """The handler wired from the runtime (the configured accounts, their clients, the bus)."""
    return NotificationHandler(
        accounts=runtime.settings.accounts, clients=runtime.amazon_clients, publish=runtime.bus.publish,
        hand_over_unmappable=lambda name, order: runtime.bus.send_task("map_amazon_order", name, order),
        marketplaces=runtime.settings.marketplaces)
