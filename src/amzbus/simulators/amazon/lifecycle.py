"""Order status changes and their effect on stock, plus the schedule of planned changes.

FBM: PENDING -> UNSHIPPED -> PARTIALLY_SHIPPED -> SHIPPED, or CANCELLED from PENDING or UNSHIPPED.
FBA: PENDING -> SHIPPED, or CANCELLED from PENDING. A change that is no longer possible (a planned
cancellation of an order the seller has shipped meanwhile) raises ``LifecycleError`` and is skipped.
"""

from __future__ import annotations

import heapq
import itertools
from datetime import datetime

from .clock import truncate
from .inventory import FbaInventory, ListingStore
from .order_generator import PlannedStep
from .orders_model import CANCELLED, PARTIALLY_SHIPPED, PENDING, SHIPPED, UNSHIPPED, Order, Package


class LifecycleError(ValueError):
    """A status change the order's current status does not allow."""


class Lifecycle:
    def __init__(self, *, listings: ListingStore, fba: FbaInventory) -> None:
        self.listings = listings
        self.fba = fba

    def place(self, order: Order) -> None:
        """Take the ordered units off the listing (FBM) or reserve them (FBA)."""
        for item in order.items:
            marketplace_id = order.marketplace.marketplace_id
            if order.is_fba:
                stock = self.fba.get(order.seller_id, item.sku, marketplace_id)
                item.reserved = self.fba.reserve(stock, item.quantity, order.created) if stock else 0
            else:
                item.reserved = self.listings.take(order.seller_id, item.sku, marketplace_id, item.quantity, order.created)

    def make_eligible(self, order: Order, at: datetime) -> None:
        _require(order, "make eligible", (PENDING,), fba_allowed=False)
        order.status, order.priced = UNSHIPPED, True
        order.touch(at)

    def ship(self, order: Order, at: datetime, *, package: Package | None = None) -> None:
        """FBA: Amazon ships everything. FBM: the seller ships what is left (``package`` describes it)."""
        if order.is_fba:
            _require(order, "ship", (PENDING, UNSHIPPED))
            self._release(order, at, shipped=True)
            order.priced = True
            for item in order.items:
                item.quantity_shipped = item.quantity
            order.status = SHIPPED
            order.touch(at)
            return
        _require(order, "ship", (UNSHIPPED, PARTIALLY_SHIPPED))
        self.record_package(order, package, at)

    def record_package(self, order: Order, package: Package, at: datetime) -> None:
        _require(order, "confirm a shipment of", (UNSHIPPED, PARTIALLY_SHIPPED), fba_allowed=False)
        for order_item_id, quantity in package.items:
            order.item(order_item_id).quantity_shipped += quantity
        order.packages.append(package)
        fully = all(item.quantity_unshipped == 0 for item in order.items)
        order.status = SHIPPED if fully else PARTIALLY_SHIPPED
        order.touch(at)

    def cancel(self, order: Order, at: datetime, *, by: str, reason: str, buyer_requested: bool = False) -> None:
        _require(order, "cancel", (PENDING,) if order.is_fba else (PENDING, UNSHIPPED))
        self._release(order, at, shipped=False)
        order.status, order.cancelled_by, order.cancel_reason = CANCELLED, by, reason
        if buyer_requested:
            order.buyer_cancel_reason = reason
        order.touch(at)

    def apply(self, order: Order, step: PlannedStep, at: datetime) -> None:
        if step.action == "make_eligible":
            self.make_eligible(order, at)
        elif step.action == "ship":
            self.ship(order, at)
        elif step.action == "cancel":
            self.cancel(order, at, by=step.by or "BUYER", reason=step.reason or "Cancelled",
                        buyer_requested=order.status == UNSHIPPED)
        else:
            raise LifecycleError(f"order {order.order_id}: unknown planned action {step.action!r}")

    def _release(self, order: Order, at: datetime, *, shipped: bool) -> None:
        for item in order.items:
            marketplace_id = order.marketplace.marketplace_id
            if order.is_fba:
                stock = self.fba.get(order.seller_id, item.sku, marketplace_id)
                if stock is not None:
                    self.fba.release(stock, item.reserved, at, shipped=shipped)
            elif not shipped:
                self.listings.give_back(order.seller_id, item.sku, marketplace_id, item.reserved, at)
            item.reserved = 0


def _require(order: Order, verb: str, allowed: tuple[str, ...], *, fba_allowed: bool = True) -> None:
    if order.is_fba and not fba_allowed:
        raise LifecycleError(f"order {order.order_id}: cannot {verb} an order fulfilled by Amazon (FBA)")
    if order.status not in allowed:
        raise LifecycleError(f"order {order.order_id}: cannot {verb} an order that is {order.status} "
                             f"(only {' or '.join(allowed)})")


class Schedule:
    """Planned steps, applied in time order once their time has come."""

    def __init__(self) -> None:
        self._heap: list[tuple[datetime, int, str, PlannedStep]] = []
        self._sequence = itertools.count()

    def add(self, due: datetime, order_id: str, step: PlannedStep) -> None:
        heapq.heappush(self._heap, (truncate(due), next(self._sequence), order_id, step))

    def pop_due(self, now: datetime) -> list[tuple[datetime, str, PlannedStep]]:
        due = []
        while self._heap and self._heap[0][0] <= now:
            when, _, order_id, step = heapq.heappop(self._heap)
            due.append((when, order_id, step))
        return due

    def pending(self) -> int:
        return len(self._heap)
