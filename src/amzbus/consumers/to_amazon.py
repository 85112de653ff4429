"""Consumers that apply Odoo events to Amazon (queue ``to_amazon``): ``confirm_shipment``, ``push_stock``.

``confirm_shipment`` (ShipmentConfirmed): under the order's lock, a package already in ``ConfirmedPackages``
is a no-op (a replay, a re-read delivery); otherwise v0 confirmShipment, and Amazon's "already
shipped/fulfilled" answer counts as confirmed. Amazon's refusals (an invalid tracking number, more units than
ordered) are ``AmazonRejected``: dead-lettered with Amazon's message, replayable once fixed. A 429 is
``AmazonThrottled``: retried after the limiter's delay, never dead-lettered (the limiter paces calls first).

``push_stock`` (StockChanged): see ``stock_push``.
"""

from __future__ import annotations

import structlog

from ..bus.app import Consumer
from ..bus.errors import ConfigError, PermanentError
from ..bus.shipment_state import ConfirmedPackages
from ..schemas import Envelope
from .to_odoo import _built_once

log = structlog.get_logger(__name__)

QUEUE = "to_amazon"
LOCK_TIMEOUT_SECONDS = 60.0
LOCK_WAIT_SECONDS = 5.0


class ToAmazon:
    """``clients``: the ``AmazonClient`` of each account, by name (``runtime.amazon_clients``)."""

    def __init__(self, *, clients, settings, locks, confirmed: ConfirmedPackages,
                 lock_timeout_seconds: float = LOCK_TIMEOUT_SECONDS,
                 lock_wait_seconds: float = LOCK_WAIT_SECONDS) -> None:
        self.clients, self.settings, self.locks, self.confirmed = clients, settings, locks, confirmed
        self._lock_timeout, self._lock_wait = lock_timeout_seconds, lock_wait_seconds

    @classmethod
    def from_runtime(cls, runtime, **options) -> "ToAmazon":
        confirmed = ConfirmedPackages(runtime.redis, namespace=runtime.namespace)
        return cls(clients=runtime.amazon_clients, settings=runtime.settings, locks=runtime.locks, confirmed=confirmed,
                   **options)

    def confirm_shipment(self, envelope: Envelope) -> str:
        event, account = envelope.payload, envelope.account
        context = {"account": account, "amazon_order_id": event.amazon_order_id, "picking_id": event.picking_id,
                   "delivery": event.delivery_reference}
        with self.locks.hold(envelope.key, timeout=self._lock_timeout, wait=self._lock_wait):
            if self.confirmed.is_confirmed(account, event.picking_id):
                log.info("shipment_confirmed_already", outcome="no_op", **context)
                return "already_applied"
            if not envelope.marketplace_id:
                raise PermanentError(f"ShipmentConfirmed {envelope.event_id} has no marketplace",
                                     code="no_marketplace")
            outcome = self._client(envelope).shipments.confirm_shipment(event, marketplace_id=envelope.marketplace_id)
            self.confirmed.record(account, event.picking_id, amazon_order_id=event.amazon_order_id,
                                  outcome=outcome.value)
        log.info("shipment_confirmed", outcome=outcome.value, carrier_code=event.carrier_code, **context)
        return outcome.value

    def _client(self, envelope: Envelope):
        client = self.clients.get(envelope.account)
        if client is None:
            raise ConfigError(f"{envelope.event_type} {envelope.event_id}: no account named {envelope.account!r} "
                              "is configured")
        return client


def register(bus, runtime) -> None:
    """Subscribe ``confirm_shipment`` (ShipmentConfirmed) on ``to_amazon``."""
    handlers = _built_once(lambda: ToAmazon.from_runtime(runtime))
    bus.subscribe(Consumer("confirm_shipment", "ShipmentConfirmed", QUEUE,
                           lambda envelope: handlers().confirm_shipment(envelope)))
