"""``apply_order_placed`` for a batch of events at once (see ``batcher``): the same outcome per order, fewer calls.

For the batch: every order's lock is taken (one that another worker holds is that order's RetryableError), the
sale orders are looked up by Amazon order id in one search, and the orders Odoo does not have yet are created,
confirmed and dated together (``connectors.odoo.order_batch``), then their totals read back in one read, the
FBA ones delivered together (each from its account's FBA location) and the gift messages put on the FBM
deliveries together. Orders found in Odoo, marked cancelled, replacements, or shipped outside Odoo take the
one-order path (``ToOdoo.apply_mapped``, ``OrderCompletion.finish``) for that part, so both paths write the same.

Each order keeps its guarantees: the idempotency claim of its message (middleware), the authoritative lookup
under its lock, the cent-exact total. When a batched step fails, the orders of that step are applied again one
by one: an order Odoo refuses fails alone, with Odoo's message, and the others are applied. A worker killed
mid-batch leaves every message unacknowledged; the retry finds what was created and finishes it.

A worker has up to ``[odoo] order_batches_at_once`` batches in Odoo at the same time (``batcher``'s ``at_work``):
while one waits for PostgreSQL, Odoo runs the other's Python. They never share an order (each order's lock),
and they find or create their customers, confirm their orders, and deliver them, in turn, with the orders the
worker applies one by one meanwhile (``OrderCompletion.turns``, ``import_turns``): a customer new to both is
created once, and no two confirmations, nor two deliveries, reserve or move the same stock at once.
"""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any, Callable, Sequence

import structlog

from ..connectors.odoo.delivery_notes import add_delivery_notes
from ..connectors.odoo.order_batch import create_confirmed_sale_orders, deliver_orders_at_once, sale_order_totals
from ..connectors.odoo.order_products import ensure_charge_products, offer_lookup
from ..connectors.odoo.order_mapping import CHARGE_PRODUCT_NAMES
from ..connectors.odoo.orders import find_sale_order, find_sale_orders
from ..schemas import Envelope
from .lock_keepalive import LockKeeper
from .to_odoo import Outcome, ToOdoo, log_applied

log = structlog.get_logger(__name__)


@dataclass(eq=False)
class _Order:
    index: int
    envelope: Envelope
    account: Any
    mapped: Any
    keeper: LockKeeper | None = None
    sale_order_id: int | None = None


class OrderBatch:
    def __init__(self, to_odoo: ToOdoo) -> None:
        self.to_odoo, self.odoo, self.completion = to_odoo, to_odoo.odoo, to_odoo.completion

    def apply(self, envelopes: Sequence[Envelope]) -> list[Any]:
        """One result per envelope, in order: its ``Outcome``, or the exception its message fails with."""
        results: list[Any] = [None] * len(envelopes)
        orders, again, keys = [], [], set()
        for index, envelope in enumerate(envelopes):
            if envelope.key in keys:
                again.append(index)  # a second copy in the same batch: after the first, with its lock free again
                continue
            keys.add(envelope.key)
            self._attempt(results, index, lambda: orders.append(_Order(index, envelope,
                                                                       *self.to_odoo.mapped_order(envelope))))
        with ExitStack() as locks:
            held = [order for order in orders if self._attempt(results, order.index, lambda: setattr(
                order, "keeper", locks.enter_context(self.to_odoo.order_lock(order.envelope.key))))]
            self._apply_held(held, results)
        for index in again:
            self._outcome(results, index, lambda: self.to_odoo.apply_order_placed(envelopes[index]))
        return results

    def _apply_held(self, orders: list[_Order], results: list[Any]) -> None:
        try:
            existing = find_sale_orders(self.odoo, [order.mapped.draft.amazon_order_id for order in orders])
        except Exception as error:  # noqa: BLE001 (each order then looks itself up, and fails on its own)
            log.warning("order_batch_lookup_failed", orders=len(orders), error_type=type(error).__name__)
            existing = None
        new = []
        for order in orders:
            found = existing.get(order.mapped.draft.amazon_order_id) if existing is not None else None
            if existing is None or found is not None or _replaces(order) or self._marked_cancelled(order):
                self._one_by_one(order, results, existing=found, looked_up=existing is not None)
            else:
                new.append(order)
        if new:
            self._create(new, results)

    def _create(self, orders: list[_Order], results: list[Any]) -> None:
        try:
            codes = {line.reference for order in orders for line in order.mapped.draft.lines
                     if line.reference in CHARGE_PRODUCT_NAMES}
            ensure_charge_products(self.odoo, codes)
            for order in orders:
                order.keeper.still_held()
            lookups = {order.account.name: offer_lookup(self.odoo, self.completion.offer_table,
                                                        account=order.account.name) for order in orders}
            created = create_confirmed_sale_orders(
                self.odoo, [order.mapped.draft for order in orders], fallbacks=self.completion.fallbacks,
                offer_lookups=[lookups[order.account.name] for order in orders], turns=self.completion.turns)
        except Exception as error:  # noqa: BLE001 (one by one, each order gets its own outcome)
            _fell_back("create", orders, error)
            for order in orders:
                self._one_by_one(order, results)
            return
        for order, sale_order in zip(orders, created):
            order.sale_order_id = sale_order.id
            self.completion.record_fallbacks(order.account, order.mapped, sale_order)
        self._check_totals(orders)
        done = self._deliver_fba([order for order in orders if order.mapped.delivery.mode == "fba"], results)
        done += self._add_notes([order for order in orders if order.mapped.delivery.mode == "await_shipment"
                                 and order.mapped.delivery.note], results)
        for order in orders:
            plan = order.mapped.delivery
            if order in done or (plan.mode == "await_shipment" and not plan.note):
                self._created(order, results)
            elif results[order.index] is None:  # shipped outside Odoo: the one-order path
                self._finish_one(order, results)

    def _deliver_fba(self, orders: list[_Order], results: list[Any]) -> list[_Order]:
        """Deliver the FBA orders together (each from its account's FBA location); when that fails, each order
        is finished on its own."""
        if not orders:
            return []
        try:
            locations = {order.sale_order_id: self.completion.fba_location(order.account) for order in orders}
            outcome = deliver_orders_at_once(self.odoo, locations, turns=self.completion.turns)
        except Exception as error:  # noqa: BLE001
            _fell_back("fba_delivery", orders, error)
            for order in orders:
                self._finish_one(order, results)
            return []
        log.info("orders_delivered_at_once", mode="fba", sale_order_ids=sorted(locations),
                 picking_ids=list(outcome.picking_ids))
        return orders

    def _add_notes(self, orders: list[_Order], results: list[Any]) -> list[_Order]:
        """Put the gift messages on the FBM deliveries together; when that fails, each order is finished alone."""
        if not orders:
            return []
        try:
            add_delivery_notes(self.odoo, {order.sale_order_id: order.mapped.delivery.note for order in orders})
        except Exception as error:  # noqa: BLE001
            _fell_back("delivery_notes", orders, error)
            for order in orders:
                self._finish_one(order, results)
            return []
        return orders

    def _finish_one(self, order: _Order, results: list[Any]) -> None:
        def finish() -> None:
            self.completion.finish(order.account, order.sale_order_id, order.mapped, state="sale",
                                   delivery_status=None)
            self._created(order, results)
        self._attempt(results, order.index, finish)

    def _created(self, order: _Order, results: list[Any]) -> None:
        results[order.index] = Outcome.CREATED
        log_applied(Outcome.CREATED, order.account.name, order.mapped.draft.amazon_order_id, order.sale_order_id)

    def _check_totals(self, orders: list[_Order]) -> None:
        if not self.completion.verify_totals:
            return
        try:
            totals = sale_order_totals(self.odoo, [order.sale_order_id for order in orders])
        except Exception as error:  # noqa: BLE001 (a check only: the orders are applied)
            log.warning("order_totals_not_read", orders=len(orders), error_type=type(error).__name__)
            return
        for order in orders:
            self.completion.compare_total(order.sale_order_id, totals[order.sale_order_id], order.mapped)

    def _one_by_one(self, order: _Order, results: list[Any], *, existing=None, looked_up: bool = False) -> None:
        def apply() -> Outcome:
            found = existing if looked_up else find_sale_order(self.odoo, order.mapped.draft.amazon_order_id)
            return self.to_odoo.apply_mapped(order.account, order.mapped, order.keeper, existing=found)
        self._outcome(results, order.index, apply)

    def _marked_cancelled(self, order: _Order) -> bool:
        return self.to_odoo.cancelled_orders.is_marked(order.account.name, order.mapped.draft.amazon_order_id)

    @staticmethod
    def _outcome(results: list[Any], index: int, step: Callable[[], Outcome]) -> None:
        try:
            results[index] = step()
        except Exception as error:  # noqa: BLE001 (this order's outcome: its message retries or dead-letters)
            results[index] = error

    @staticmethod
    def _attempt(results: list[Any], index: int, step) -> bool:
        try:
            step()
            return True
        except Exception as error:  # noqa: BLE001 (this order's outcome: its message retries or dead-letters)
            results[index] = error
            return False


def _replaces(order: _Order) -> bool:
    """A replacement order (it names the Amazon order it replaces) takes the one-order path, which links the two."""
    return bool(order.mapped.draft.replaces)


def _fell_back(step: str, orders: list[_Order], error: Exception) -> None:
    log.warning("order_batch_fell_back", step=step, orders=len(orders), error_type=type(error).__name__,
                error_code=getattr(error, "code", None))
