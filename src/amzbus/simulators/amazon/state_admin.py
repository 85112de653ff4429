"""What tests and the ``/_admin/`` endpoints do to the simulated Amazon: make orders, move them through
their lifecycle, set and read stock, read confirmed shipments and call counts, inject faults, reset.

Every method takes the state's lock and raises ``LookupError`` (unknown thing) or ``ValueError`` (a value or
a status change that is not allowed) with a message naming what is wrong.
"""

from __future__ import annotations

import random
from typing import Any, Mapping

from .faults import FaultSpec
from .feeds_api import feed_json
from .order_generator import OrderGenerator
from .money import money
from .order_mix import OrderMix
from .orders_model import Package
from .orders_view import INCLUDED_DATA, render_order
from .state_stock import StockOperations


class StateOperations(StockOperations):
    def generate_orders(self, *, count: int, seed: int | None = None, account: str | None = None,
                        marketplaces: list[str] | None = None, mix: OrderMix | Mapping[str, Any] | None = None) -> list[str]:
        """Place ``count`` orders, spread over the chosen accounts in turn; returns their ids."""
        if not isinstance(count, int) or count < 0:
            raise ValueError(f"count must be a non-negative integer, not {count!r}")
        mix = mix if isinstance(mix, OrderMix) else OrderMix.from_mapping(mix)
        with self.lock:
            self.advance()
            targets = self._generation_targets(account, marketplaces)
            self._generations += 1
            generator = OrderGenerator(seed=seed if seed is not None else f"{self.seed}-{self._generations}",
                                       mix=mix, is_taken=self.orders.exists)
            now = self.clock.now_seconds()
            return [self._place(generator, *targets[i % len(targets)], now) for i in range(count)]

    def _generation_targets(self, account: str | None, codes: list[str] | None) -> list[tuple]:
        targets = []
        for seller in self.accounts.select(account):
            chosen = [m for m in seller.marketplaces if not codes or m.code in codes or m.marketplace_id in codes]
            if chosen:
                targets.append((seller, chosen))
        if not targets:
            raise ValueError(f"no account sells in the marketplaces {codes} (account {account or 'all'})")
        return targets

    def _place(self, generator: OrderGenerator, seller, marketplaces, now) -> str:
        generated = generator.generate(seller, self.catalog(seller.seller_id), now=now, marketplaces=marketplaces,
                                       earlier=self.orders.for_seller(seller.seller_id))
        order = generated.order
        self.orders.add(order)
        self.lifecycle.place(order)
        for step in generated.plan:
            self.schedule.add(order.created + self.clock.scaled(step.after_seconds), order.order_id, step)
        return order.order_id

    def order_json(self, order_id: str) -> dict[str, Any]:
        with self.lock:
            self.advance()
            return render_order(self.orders.require(order_id), frozenset(INCLUDED_DATA))

    def list_orders(self, *, account: str | None = None, status: str | None = None) -> list[dict[str, Any]]:
        with self.lock:
            self.advance()
            sellers = {a.seller_id for a in self.accounts.select(account)}
            orders = [o for o in self.orders.all() if o.seller_id in sellers and status in (None, o.status)]
            return [_summary(o) for o in sorted(orders, key=lambda o: (o.created, o.order_id))]

    def make_eligible(self, order_id: str) -> dict[str, Any]:
        with self.lock:
            self.advance()
            order = self.orders.require(order_id)
            self.lifecycle.make_eligible(order, self.clock.now_seconds())
            return _summary(order)

    def ship_order(self, order_id: str, *, carrier_code: str = "UPS", tracking_number: str | None = None) -> dict[str, Any]:
        """FBA: Amazon ships it. FBM: the seller ships what is left from Seller Central (not via the API)."""
        with self.lock:
            self.advance()
            order, now = self.orders.require(order_id), self.clock.now_seconds()
            package = None
            if not order.is_fba:
                items = tuple((i.order_item_id, i.quantity_unshipped) for i in order.items if i.quantity_unshipped)
                tracking = tracking_number or f"1Z{random.Random(order_id).randint(10**15, 10**16 - 1)}"
                package = Package(str(len(order.packages) + 1), carrier_code, None, None, tracking, now, now, items)
            self.lifecycle.ship(order, now, package=package)
            return _summary(order)

    def cancel_order(self, order_id: str, *, by: str = "BUYER", reason: str = "Cancelled by the buyer") -> dict[str, Any]:
        if by not in ("BUYER", "MERCHANT", "AMAZON"):
            raise ValueError(f"by must be BUYER, MERCHANT or AMAZON, not {by!r}")
        with self.lock:
            self.advance()
            order = self.orders.require(order_id)
            self.lifecycle.cancel(order, self.clock.now_seconds(), by=by, reason=reason,
                                  buyer_requested=by == "BUYER" and order.status == "UNSHIPPED")
            return _summary(order)

    def confirmed_shipments(self, account: str | None = None) -> list[dict[str, Any]]:
        with self.lock:
            sellers = {a.seller_id for a in self.accounts.select(account)}
            return [dict(s) for s in self.shipments if s["sellerId"] in sellers]

    def call_counts(self) -> dict[str, Any]:
        with self.lock:
            return {**self.stats.snapshot(), "rate_plans": self.rate_limiter.plans()}

    def set_fault(self, operation: str, spec: FaultSpec | Mapping[str, Any]) -> dict[str, Any]:
        spec = spec if isinstance(spec, FaultSpec) else FaultSpec.from_mapping(spec, operation=operation)
        spec.validate(operation)
        with self.lock:
            self.faults.set(operation, spec)
            return self.faults.describe()

    def clear_faults(self, operation: str | None = None) -> None:
        with self.lock:
            self.faults.clear(operation)

    def set_rate_limit(self, operation: str, *, rate: str | float, burst: int) -> dict[str, Any]:
        with self.lock:
            self.rate_limiter.set_plan(operation, rate=rate, burst=burst)
            return self.rate_limiter.plans()[operation]

    def set_feed_timing(self, *, queue_seconds: float, processing_seconds: float) -> None:
        if queue_seconds < 0 or processing_seconds < 0:
            raise ValueError("feed timing: queue_seconds and processing_seconds cannot be negative")
        with self.lock:
            self.feeds.timing.queue_seconds, self.feeds.timing.processing_seconds = queue_seconds, processing_seconds

    def set_inventory_page_size(self, page_size: int) -> int:
        """Summaries per getInventorySummaries page (Amazon: 50); smaller makes a small catalog page."""
        if not isinstance(page_size, int) or isinstance(page_size, bool) or not 1 <= page_size <= 50:
            raise ValueError(f"page_size must be an integer from 1 to 50, not {page_size!r}")
        with self.lock:
            self.inventory_page_size = page_size
            return page_size

    def feeds_summary(self) -> list[dict[str, Any]]:
        with self.lock:
            self.advance()
            return [{**feed_json(f), "sellerId": f.seller_id} for f in self.feeds.feeds.values()]

    def advance_clock(self, seconds: float) -> str:
        with self.lock:
            self.clock.advance(seconds)
            self.advance()
            return self.clock.now_seconds().isoformat()

    def reset(self, *, seed: int | None = None) -> None:
        """Back to a fresh simulator (same speed and URL), with this seed or the current one."""
        with self.lock:
            self._build(self.seed if seed is None else seed)

    def accounts_json(self) -> list[dict[str, Any]]:
        return [{"name": a.name, "sellerId": a.seller_id, "region": a.region, "marketplaces": list(a.marketplace_codes),
                 "lwaClientId": a.lwa_client_id, "lwaClientSecret": a.lwa_client_secret,
                 "refreshToken": a.refresh_token} for a in self.accounts.all]


def _summary(order) -> dict[str, Any]:
    return {
        "orderId": order.order_id, "sellerId": order.seller_id, "marketplace": order.marketplace_code,
        "fulfilledBy": order.fulfilled_by, "status": order.status, "createdTime": order.created.isoformat(),
        "lastUpdatedTime": order.last_updated.isoformat(), "items": len(order.items),
        "total": money(order.total, order.marketplace.currency), "replacedOrderId": order.replaced_order_id,
    }
