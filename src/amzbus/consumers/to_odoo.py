"""Consumers that apply Amazon events to Odoo (queue ``to_odoo``): ``apply_order_placed``, ``apply_order_cancelled``,
``apply_fba_inventory`` (see ``fba_inventory``).

Both work under the order's lock (``envelope.key``, ``order:<account>:<order id>``) and look the sale order up
by Amazon order id first (``client_order_ref``), so applying an event twice changes nothing the second time.

``apply_order_placed``: nothing found -> customer, products, lines and totals from ``order_mapping``, one
``create`` and ``action_confirm``, then the delivery (``order_completion``); found -> whatever an earlier
attempt left unfinished (not confirmed, not delivered) is finished, else it is already applied (a normal
return). Lines that fell back to the generic product are logged (``order_line_fallback_product``) and kept
for ``amzbus status`` (``FallbackProductLog``); never a failure.

``apply_order_cancelled``: cancels the sale order when nothing was delivered; nothing in Odoo is a normal
return (and a mark, so that a late ``OrderPlaced`` does not create it); something delivered is a
``PermanentError`` saying so, for an operator to see in the dead letters.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from enum import Enum
from typing import Callable, Iterator, TypeVar

import structlog

from ..bus.app import Consumer
from ..bus.errors import ConfigError, PermanentError
from ..bus.fbm_orders import FbmItem, FbmOrder, FbmOrders
from ..bus.stock_state import FbaRereads
from ..connectors.odoo.order_mapping import event_to_sale_order_draft
from ..connectors.odoo.orders import DELIVERED_STATUSES, cancel_sale_order, find_sale_order
from ..connectors.odoo.products import ProductFallbacks
from ..connectors.odoo.values import CancelOutcome, SaleOrderRef
from ..schemas import Envelope
from .cancelled_orders import CancelledOrders
from .fallback_products import FallbackProductLog
from .fba_inventory import FbaInventoryMirror
from .lock_keepalive import LockKeeper, kept_alive
from .order_completion import OrderCompletion

log = structlog.get_logger(__name__)

T = TypeVar("T")
QUEUE = "to_odoo"
LOCK_TIMEOUT_SECONDS = 30.0
LOCK_WAIT_SECONDS = 5.0
BATCH_WINDOW_SECONDS = 0.05


class Outcome(str, Enum):
    CREATED = "created"
    COMPLETED = "completed"              # found unfinished by an earlier attempt, and finished
    ALREADY_APPLIED = "already_applied"
    CANCELLED_BEFORE_IMPORT = "cancelled_before_import"
    CANCELLED = "cancelled"
    ALREADY_CANCELLED = "already_cancelled"
    NOTHING_TO_CANCEL = "nothing_to_cancel"


class ToOdoo:
    """The handlers, with what they need. Options: ``fallbacks`` (the generic products' references),
    ``lock_timeout_seconds`` (30: how long a crashed worker can block the order; a live one keeps renewing it),
    ``lock_wait_seconds`` (5: then a RetryableError), ``verify_totals`` (True: read the total back and log a
    difference)."""

    def __init__(self, *, odoo, offer_table, locks, settings, fallback_log: FallbackProductLog,
                 cancelled_orders: CancelledOrders, fallbacks: ProductFallbacks = ProductFallbacks(),
                 fbm_orders: FbmOrders | None = None, fba_mirror: FbaInventoryMirror | None = None,
                 lock_timeout_seconds: float = LOCK_TIMEOUT_SECONDS, lock_wait_seconds: float = LOCK_WAIT_SECONDS,
                 verify_totals: bool = True) -> None:
        self.odoo, self.locks, self.settings = odoo, locks, settings
        self.cancelled_orders, self.fbm_orders, self.fba_mirror = cancelled_orders, fbm_orders, fba_mirror
        self.completion = OrderCompletion(odoo, offer_table=offer_table, fallback_log=fallback_log,
                                          fallbacks=fallbacks, verify_totals=verify_totals, fbm_orders=fbm_orders)
        self._lock_timeout, self._lock_wait = lock_timeout_seconds, lock_wait_seconds

    @classmethod
    def from_runtime(cls, runtime, **options) -> "ToOdoo":
        return cls(odoo=runtime.odoo_client, offer_table=runtime.offer_table, locks=runtime.locks,
                   settings=runtime.settings,
                   fallback_log=FallbackProductLog(runtime.redis, namespace=runtime.namespace),
                   cancelled_orders=CancelledOrders(runtime.redis, namespace=runtime.namespace),
                   fbm_orders=FbmOrders(runtime.redis, namespace=runtime.namespace),
                   fba_mirror=FbaInventoryMirror(odoo=runtime.odoo_client, offer_table=runtime.offer_table,
                                                 locks=runtime.locks, settings=runtime.settings, redis=runtime.redis,
                                                 namespace=runtime.namespace), **options)

    def apply_order_placed(self, envelope: Envelope) -> Outcome:
        account, mapped = self.mapped_order(envelope)
        with self.order_lock(envelope.key) as keeper:
            existing = find_sale_order(self.odoo, envelope.payload.order_id)
            return self.apply_mapped(account, mapped, keeper, existing=existing)

    def mapped_order(self, envelope: Envelope):
        """The event's account and the sale order it maps to (``order_mapping.MappedOrder``); an FBM order's items
        are kept for the shipments flow first."""
        account = self._account(envelope)
        self._keep_fbm_items(envelope)
        return account, event_to_sale_order_draft(envelope.payload, marketplace=self._marketplace(envelope),
                                                  account=account)

    def apply_mapped(self, account, mapped, keeper: LockKeeper, *, existing: SaleOrderRef | None) -> Outcome:
        """Apply an order under its held lock, given what Odoo has for it (``existing``, looked up under the lock)."""
        amazon_order_id = mapped.draft.amazon_order_id
        if existing is not None:
            outcome, sale_order_id = self._complete(account, existing, mapped), existing.id
        elif self.cancelled_orders.is_marked(account.name, amazon_order_id):
            outcome, sale_order_id = Outcome.CANCELLED_BEFORE_IMPORT, None
        else:
            sale_order_id = self.completion.create(account, mapped, keeper=keeper)
            self.completion.finish(account, sale_order_id, mapped, state="sale", delivery_status=None)
            outcome = Outcome.CREATED
        log_applied(outcome, account.name, amazon_order_id, sale_order_id)
        return outcome

    def _keep_fbm_items(self, envelope: Envelope) -> None:
        """The shipments flow's view of an FBM order (its account and Amazon item ids), kept before the sale
        order exists so that no delivery of it can be validated before it is known."""
        event = envelope.payload
        if self.fbm_orders is not None and event.channel == "FBM" and envelope.marketplace_id:
            self.fbm_orders.record(FbmOrder(envelope.account, event.order_id, envelope.marketplace_id, tuple(
                FbmItem(item.order_item_id, item.sku, item.quantity) for item in event.items)))

    def _complete(self, account, existing: SaleOrderRef, mapped) -> Outcome:
        """An order found in Odoo: finish what an earlier attempt left undone (a cancelled one is left alone)."""
        if existing.state != "cancel" and self.completion.finish(account, existing.id, mapped, state=existing.state,
                                                                delivery_status=existing.delivery_status,
                                                                date_order=existing.date_order):
            return Outcome.COMPLETED
        return Outcome.ALREADY_APPLIED

    def apply_order_cancelled(self, envelope: Envelope) -> Outcome:
        event, account = envelope.payload, self._account(envelope)
        context = {"account": account.name, "amazon_order_id": event.order_id}
        with self.order_lock(envelope.key):
            order = find_sale_order(self.odoo, event.order_id)
            if order is None:
                self.cancelled_orders.mark(account.name, event.order_id)
                log.info("order_cancelled_applied", outcome=Outcome.NOTHING_TO_CANCEL.value, **context)
                return Outcome.NOTHING_TO_CANCEL
            if order.state != "cancel" and order.delivery_status in DELIVERED_STATUSES:
                raise _delivered_already(event, account.name, order)
            result = cancel_sale_order(self.odoo, order.id)
            outcome = Outcome.CANCELLED if result is CancelOutcome.CANCELLED else Outcome.ALREADY_CANCELLED
            log.info("order_cancelled_applied", outcome=outcome.value, sale_order_id=order.id, **context)
            return outcome

    def apply_fba_inventory(self, envelope: Envelope) -> str:
        return self.fba_mirror.apply(envelope, self._account(envelope))

    @contextmanager
    def order_lock(self, key: str) -> Iterator[LockKeeper]:
        with self.locks.hold(key, timeout=self._lock_timeout, wait=self._lock_wait) as lock:
            with kept_alive(lock, key, every_seconds=self._lock_timeout / 3) as keeper:
                yield keeper

    def _account(self, envelope: Envelope):
        try:
            return self.settings.account(envelope.account)
        except ConfigError as error:
            raise PermanentError(f"{envelope.event_type} {envelope.event_id}: {error.message}",
                                 code="unknown_account") from None

    def _marketplace(self, envelope: Envelope):
        if envelope.marketplace_id is None:
            return None
        marketplace = self.settings.marketplaces.find(envelope.marketplace_id)
        if marketplace is None:
            raise PermanentError(f"{envelope.event_type} {envelope.event_id}: unknown marketplace "
                                 f"{envelope.marketplace_id!r} (add it under [[marketplaces]])",
                                 code="unknown_marketplace")
        return marketplace


def log_applied(outcome: Outcome, account: str, amazon_order_id: str, sale_order_id: int | None) -> None:
    log.info("order_placed_applied", outcome=outcome.value, account=account, amazon_order_id=amazon_order_id,
             sale_order_id=sale_order_id)


def _delivered_already(event, account: str, order: SaleOrderRef) -> PermanentError:
    reason = f" ({event.reason})" if event.reason else ""
    partly = "partially " if order.delivery_status == "partial" else ""
    return PermanentError(f"Amazon order {event.order_id} (account {account}) was cancelled on Amazon{reason}, but its "
                          f"sale order {order.name} was already {partly}delivered in Odoo, so it was left as it is: "
                          "handle the return and refund in Odoo, then purge this dead letter",
                          code="order_cancelled_after_delivery")


def register(bus, runtime, *, batch_window_seconds: float = BATCH_WINDOW_SECONDS) -> None:
    """Subscribe ``apply_order_placed`` (OrderPlaced) and ``apply_order_cancelled`` (OrderCancelled) on
    ``to_odoo``; the handlers' dependencies are built from the runtime when the first message arrives.

    ``apply_order_placed`` applies the orders the worker's threads hold at once, up to ``[odoo] order_batch_size``
    (1: one by one), gathered for ``batch_window_seconds`` (0.05) at most, with up to ``[odoo]
    order_batches_at_once`` batches in Odoo at the same time (``batcher``, ``order_batch``)."""
    batch_size = runtime.settings.odoo.order_batch_size
    from .batcher import Batcher
    from .order_batch import OrderBatch

    handlers = _built_once(lambda: ToOdoo.from_runtime(runtime))
    batcher = _built_once(lambda: Batcher(OrderBatch(handlers()).apply, max_size=batch_size,
                                          window_seconds=batch_window_seconds,
                                          at_work=runtime.settings.odoo.order_batches_at_once))
    apply = (lambda envelope: batcher().submit(envelope)) if batch_size > 1 \
        else (lambda envelope: handlers().apply_order_placed(envelope))
    rereads = _built_once(lambda: FbaRereads(runtime.redis, namespace=runtime.namespace))

    def apply_order_placed(envelope: Envelope):
        outcome = apply(envelope)
        _reread_fba_stock(envelope, runtime, rereads())
        return outcome

    bus.subscribe(Consumer("apply_order_placed", "OrderPlaced", QUEUE, apply_order_placed))
    bus.subscribe(Consumer("apply_order_cancelled", "OrderCancelled", QUEUE,
                           lambda envelope: handlers().apply_order_cancelled(envelope)))
    bus.subscribe(Consumer("apply_fba_inventory", "FbaInventoryReported", QUEUE,
                           lambda envelope: handlers().apply_fba_inventory(envelope)))


def _reread_fba_stock(envelope: Envelope, runtime, rereads: FbaRereads) -> None:
    """After an FBA order is in Odoo (delivered from the FBA location), its SKUs are read again from Amazon:
    the delivery took units off that Amazon's last report may already have left out."""
    order = envelope.payload
    account = runtime.settings.account(envelope.account)
    if order.channel != "FBA" or not account.flow_enabled("fba_inventory") \
            or "reread_amazon_fba_skus" not in runtime.bus.broker.actors:  # a bus without the producers' tasks
        return
    rereads.request(account.name, {item.sku for item in order.items})
    runtime.bus.send_task("reread_amazon_fba_skus", account.name)


def _built_once(build: Callable[[], T]) -> Callable[[], T]:
    lock, built = threading.Lock(), []

    def get() -> T:
        if not built:
            with lock:
                if not built:
                    built.append(build())
        return built[0]
    return get
