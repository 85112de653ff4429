"""Producer tasks run by the workers: polls enqueued by the scheduler, and unmappable orders.

- ``poll_amazon_orders(account, scheduled_at, max_age_seconds, continuation=None)``: one poll of an
  account's orders; a tick older than ``max_age_seconds`` (a backlog after an outage) is dropped, not run
  late. A poll waiting for a searchOrders token sends itself again (``continue_orders_poll``) with a
  delay, carrying its continuation id: it arrives when the token does, without holding a worker thread.
  A retryable failure (Amazon answering 5xx, a connection reset) is left to the next tick, like the other
  polls': the window's progress is in Redis, so the tick reads on from the page that failed, and a storm
  longer than a message's retries leaves no dead letter for an operator to replay by hand.
- ``poll_odoo_shipments(account, scheduled_at, max_age_seconds)``: one poll of an account's validated
  Odoo deliveries (same staleness rule).
- ``poll_odoo_stock`` (and ``reconcile_odoo_stock``, every mapped SKU): one read of an account's Odoo stock;
  pending pushes a killed worker left are handed to ``flush_stock``.
- ``poll_amazon_fba_inventory``: one read of an account's FBA inventory (a full one when it is due).
- ``reread_amazon_fba_skus(account)``: reads again the SKUs of FBA orders just delivered in Odoo
  (``stock_state.FbaRereads``), so the FBA mirror is Amazon's quantity again at once, not at the next full read.
  These three, and the orders poll, leave a retryable failure (Odoo or Amazon away) to their next tick (``_tick``).
- ``map_amazon_order(account, order)``: maps an order the poll could not map. The first attempt maps
  the raw order it carries (and so dead-letters it with the reason); a replay fetches the order from
  Amazon again and maps it anew.
"""

from __future__ import annotations

import time

import structlog
from dramatiq.middleware import CurrentMessage

from ..bus.app import Bus
from ..bus.errors import RetryableError
from ..bus.stock_state import FbaRereads, StockLedger
from ..connectors.amazon import order_envelope
from . import amazon_notifications
from .amazon_orders import stream_name

log = structlog.get_logger(__name__)
POLLS_QUEUE = "polls"


def register(bus: Bus, runtime) -> None:
    def poll_amazon_orders(account: str, scheduled_at: float, max_age_seconds: float,
                           continuation: str | None = None) -> None:
        age = time.time() - scheduled_at
        if age > max_age_seconds:
            log.info("stale_tick_dropped", account=account, stream="orders", age_seconds=round(age, 1))
            if continuation:  # let the next tick send a fresh continuation rather than wait for this one's mark
                runtime.windows.release_continuation(stream_name(account), continuation)
            return
        try:
            runtime.orders_producer(account).poll(continuation=continuation)
        except RetryableError as error:  # the window's progress is kept: the next tick reads on from it
            log.warning("poll_failed_next_tick_retries", account=account, stream="orders", error=str(error))

    def poll_odoo_shipments(account: str, scheduled_at: float, max_age_seconds: float) -> None:
        _tick(account, "shipments", scheduled_at, max_age_seconds, runtime.shipments_producer(account).poll)

    def poll_odoo_stock(account: str, scheduled_at: float, max_age_seconds: float) -> None:
        def poll() -> None:
            runtime.stock_producer(account).poll()
            if StockLedger(runtime.redis, namespace=runtime.namespace).pending(account):
                bus.send_task("flush_stock", account)  # what a killed pusher left
        _tick(account, "stock", scheduled_at, max_age_seconds, poll)

    def reconcile_odoo_stock(account: str, scheduled_at: float, max_age_seconds: float) -> None:
        if not _stale(account, "stock_full", scheduled_at, max_age_seconds):
            runtime.stock_producer(account).reconcile()

    def poll_amazon_fba_inventory(account: str, scheduled_at: float, max_age_seconds: float) -> None:
        _tick(account, "fba_inventory", scheduled_at, max_age_seconds, runtime.fba_inventory_producer(account).poll)

    def reread_amazon_fba_skus(account: str) -> None:
        rereads = FbaRereads(runtime.redis, namespace=runtime.namespace)
        skus = rereads.take(account)
        if not skus:
            return  # an earlier task of the account read them
        try:
            runtime.fba_inventory_producer(account).reread(skus)
        except Exception:
            rereads.request(account, skus)  # kept for this message's retry
            raise

    def map_amazon_order(account: str, order: dict) -> None:
        message = CurrentMessage.get_current_message()
        producer = runtime.orders_producer(account)
        if message is not None and message.options.get("replay_count"):
            order = producer.client.orders.get_order(order.get("orderId"))
        envelope = order_envelope(order, account=account, marketplaces=runtime.settings.marketplaces)
        if envelope is not None:
            bus.publish(envelope)

    bus.declare_task("poll_amazon_orders", poll_amazon_orders, queue=POLLS_QUEUE, max_retries=2)
    bus.declare_task("poll_odoo_shipments", poll_odoo_shipments, queue=POLLS_QUEUE, max_retries=2)
    bus.declare_task("poll_odoo_stock", poll_odoo_stock, queue=POLLS_QUEUE, max_retries=2)
    bus.declare_task("reconcile_odoo_stock", reconcile_odoo_stock, queue=POLLS_QUEUE)
    bus.declare_task("poll_amazon_fba_inventory", poll_amazon_fba_inventory, queue=POLLS_QUEUE, max_retries=2)
    bus.declare_task("reread_amazon_fba_skus", reread_amazon_fba_skus, queue=POLLS_QUEUE)
    bus.declare_task("map_amazon_order", map_amazon_order, queue=POLLS_QUEUE)
    amazon_notifications.register(bus, runtime)


def continue_orders_poll(bus: Bus, account: str, continuation: str, delay_seconds: float, *,
                         max_age_seconds: float) -> str:
    """Send the poll that carries ``account``'s waiting window on, to run in ``delay_seconds``."""
    actor = bus.broker.get_actor("poll_amazon_orders")
    due = time.time() + delay_seconds
    message = actor.send_with_options(args=(account, due, max_age_seconds, continuation),
                                      delay=int(delay_seconds * 1000))
    return message.message_id
def _tick(account: str, stream: str, scheduled_at: float, max_age_seconds: float, poll) -> None:
    """One poll of a stream that ticks every few seconds: a retryable failure (Odoo or Amazon away) is left to
    the next tick, which does the same work, instead of piling up retries and dead letters; the stream's
    health records it (``amzbus status``). Anything else (a bug) is retried and dead-lettered as usual."""
    if _stale(account, stream, scheduled_at, max_age_seconds):
        return
    try:
        poll()
    except RetryableError as error:
        log.warning("poll_failed_next_tick_retries", account=account, stream=stream, error=str(error))


def _stale(account: str, stream: str, scheduled_at: float, max_age_seconds: float) -> bool:
    """A tick older than ``max_age_seconds`` (a backlog after an outage) is dropped, not run late."""
    age = time.time() - scheduled_at
    if age > max_age_seconds:
        log.info("stale_tick_dropped", account=account, stream=stream, age_seconds=round(age, 1))
    return age > max_age_seconds
