"""Consumers that apply Odoo events to Amazon (queue ``to_amazon``): ``confirm_shipment``, ``push_stock``.

``confirm_shipment`` (ShipmentConfirmed): under the order's lock, a package already in ``ConfirmedPackages``
is a no-op (a replay, a re-read delivery); otherwise v0 confirmShipment, and Amazon's "already
shipped/fulfilled" answer counts as confirmed. Amazon's refusals (an invalid tracking number, more units than
ordered) are ``AmazonRejected``: dead-lettered with Amazon's message, replayable once fixed. A 429 is
``AmazonThrottled``: retried after the limiter's delay, never dead-lettered (the limiter paces calls first).

``push_stock`` (StockChanged): see ``stock_push``. A SKU Amazon refused is handed to the task
``stock_sku_refused``, which dead-letters it alone with Amazon's issue text; its replay pushes the SKU's newest
quantity again (nothing if a newer one was applied meanwhile).
"""

from __future__ import annotations

import structlog
from dramatiq.middleware import CurrentMessage

from ..bus.app import Consumer
from ..bus.errors import ConfigError, PermanentError, RetryableError
from ..bus.shipment_state import ConfirmedPackages
from ..bus.stock_state import StockLedger
from ..schemas import Envelope
from .stock_push import StockPush
from .to_odoo import _built_once

log = structlog.get_logger(__name__)

QUEUE = "to_amazon"
LOCK_TIMEOUT_SECONDS = 60.0
LOCK_WAIT_SECONDS = 5.0


class ToAmazon:
    """``clients``: the ``AmazonClient`` of each account, by name (``runtime.amazon_clients``)."""

    def __init__(self, *, clients, settings, locks, confirmed: ConfirmedPackages, stock: StockPush,
                 lock_timeout_seconds: float = LOCK_TIMEOUT_SECONDS,
                 lock_wait_seconds: float = LOCK_WAIT_SECONDS) -> None:
        self.clients, self.settings, self.locks, self.confirmed = clients, settings, locks, confirmed
        self.stock = stock
        self._lock_timeout, self._lock_wait = lock_timeout_seconds, lock_wait_seconds

    @classmethod
    def from_runtime(cls, runtime, *, stock_options: dict | None = None, **options) -> "ToAmazon":
        """``stock_options``: ``StockPush`` options (``reject``: where refused SKUs go, default the
        ``stock_sku_refused`` task)."""
        confirmed = ConfirmedPackages(runtime.redis, namespace=runtime.namespace)
        stock_options = {"reject": lambda *refusal: runtime.bus.send_task("stock_sku_refused", *refusal),
                         **(stock_options or {})}
        stock = StockPush(ledger=StockLedger(runtime.redis, namespace=runtime.namespace), locks=runtime.locks,
                          settings=runtime.settings, **stock_options)
        return cls(clients=runtime.amazon_clients, settings=runtime.settings, locks=runtime.locks, confirmed=confirmed,
                   stock=stock, **options)

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

    def push_stock(self, envelope: Envelope) -> str:
        return self.stock.push(envelope, self._client(envelope))

    def flush_stock(self, account: str) -> str:
        return self.stock.flush(account, self._client_of(account, "flush_stock"))

    def stock_sku_refused(self, account: str, sku: str, version: int, quantity: int, issue: str, *,
                          replayed: bool) -> str:
        """First run: dead-letter the SKU with Amazon's issue. Replayed: push that quantity again, unless a newer
        one came meanwhile (refused again: a new dead letter)."""
        if not replayed:
            raise PermanentError(f"Amazon refused quantity {quantity} of SKU {sku} (account {account}, version "
                                 f"{version}): {issue}", code="stock_refused")
        if not self.stock.ledger.reopen(account, sku, version):
            log.info("stock_refusal_superseded", account=account, sku=sku, version=version)
            return "superseded"
        return self.stock.flush(account, self._client_of(account, "stock_sku_refused"))

    def _client(self, envelope: Envelope):
        return self._client_of(envelope.account, f"{envelope.event_type} {envelope.event_id}")

    def _client_of(self, account: str, what: str):
        client = self.clients.get(account)
        if client is None:
            raise ConfigError(f"{what}: no account named {account!r} is configured")
        return client


def register(bus, runtime) -> None:
    """Subscribe ``confirm_shipment`` (ShipmentConfirmed) and ``push_stock`` (StockChanged) on ``to_amazon``; declare
    the tasks ``flush_stock(account)`` (sent by every stock tick while SKUs are pending: a failure other than a
    throttle is left to the next one) and ``stock_sku_refused(account, sku, version, quantity, issue)``."""
    handlers = _built_once(lambda: ToAmazon.from_runtime(runtime))
    bus.subscribe(Consumer("confirm_shipment", "ShipmentConfirmed", QUEUE,
                           lambda envelope: handlers().confirm_shipment(envelope)))
    bus.subscribe(Consumer("push_stock", "StockChanged", QUEUE, lambda envelope: handlers().push_stock(envelope)))

    def stock_sku_refused(account: str, sku: str, version: int, quantity: int, issue: str) -> None:
        message = CurrentMessage.get_current_message()
        replayed = bool(message is not None and message.options.get("replay_count"))
        handlers().stock_sku_refused(account, sku, version, quantity, issue, replayed=replayed)

    def flush_stock(account: str) -> None:
        try:
            handlers().flush_stock(account)
        except RetryableError as error:
            if error.delay_seconds is not None:  # throttled: retried after the delay Amazon's plan asks for
                raise
            log.warning("stock_flush_failed_next_tick_retries", account=account, error=str(error))

    bus.declare_task("flush_stock", flush_stock, queue="polls")
    bus.declare_task("stock_sku_refused", stock_sku_refused, queue="polls")
