"""Everything the simulated Amazon knows, behind one lock: accounts, tokens, catalogs, stock, orders,
feeds, rate limits, faults and call counts. Planned order changes and feed progress are applied lazily,
by ``advance()``, before every call is answered.

The operations tests and the ``/_admin/`` endpoints use are in ``StateOperations`` (state_admin.py).
"""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from typing import Any, Callable
from urllib.parse import quote

import structlog

from .accounts import AccountDirectory, seeded_accounts
from .call_stats import CallStats
from .catalog import Product, build_catalog
from .clock import SimClock
from .faults import FaultInjector
from .feeds import FeedDocument, FeedStore
from .inventory import FbaInventory, Listing, ListingStore
from .lifecycle import Lifecycle, LifecycleError, Schedule
from .lwa import TokenRegistry
from .notification_push import NotificationPush
from .notifications_api import NotificationStore
from .order_book import OrderBook
from .order_pages import PageTokens
from .orders_model import Order, Package
from .rate_limits import RateLimiter
from .seeding import stock_catalog
from .state_admin import StateOperations

log = structlog.get_logger(__name__)
FRESHNESS_SECONDS = 120.0


INVENTORY_PAGE_SIZE = 50  # Amazon's getInventorySummaries page


class SimulatorState(StateOperations):
    def __init__(self, *, seed: int = 1, speed: float = 1.0, base_url: str = "http://127.0.0.1",
                 clock: SimClock | None = None, monotonic: Callable[[], float] = time.monotonic,
                 extra_accounts: int = 0) -> None:
        self.lock = threading.RLock()
        self.extra_accounts = extra_accounts
        self.base_url = base_url
        self.clock = clock or SimClock(speed=speed)
        self._monotonic = monotonic
        self._build(seed)
        self.push = NotificationPush(self, seed=seed)

    def _build(self, seed: int) -> None:
        self.seed = seed
        self.accounts = AccountDirectory(seeded_accounts(seed, extra_accounts=self.extra_accounts))
        self.tokens = TokenRegistry()
        self._catalogs = {a.seller_id: build_catalog(a, seed) for a in self.accounts.all}
        self.listings, self.fba = ListingStore(), FbaInventory()
        for account in self.accounts.all:
            stock_catalog(account, self._catalogs[account.seller_id], seed=seed, now=self.clock.now(),
                          listings=self.listings, fba=self.fba)
        self.orders = OrderBook()
        self.lifecycle = Lifecycle(listings=self.listings, fba=self.fba)
        self.schedule = Schedule()
        self.feeds = FeedStore()
        self.page_tokens = PageTokens()
        self._inventory_pages: dict[str, Any] = {}
        self.inventory_page_size = INVENTORY_PAGE_SIZE
        self.rate_limiter = RateLimiter(speed=self.clock.speed, monotonic=self._monotonic)
        self.faults = FaultInjector(seed)
        self.stats = CallStats()
        self.notifications = NotificationStore()
        self.shipments: list[dict[str, Any]] = []
        self.freshness_seconds = FRESHNESS_SECONDS
        self._generations = 0

    @property
    def speed(self) -> float:
        return self.clock.speed

    def advance(self) -> None:
        """Apply every planned order change and feed step whose time has come."""
        with self.lock:
            now = self.clock.now()
            for due, order_id, step in self.schedule.pop_due(now):
                try:
                    self.lifecycle.apply(self.orders.require(order_id), step, due)
                except LifecycleError as skipped:
                    log.info("planned_order_change_skipped", order_id=order_id, action=step.action, reason=str(skipped))
            self.feeds.advance(now, self.listings, lambda seller_id: self.accounts.by_seller(seller_id).region)

    def freshness(self) -> timedelta:
        """Amazon's 2-minute rule, compressed by the speed."""
        return self.clock.scaled(self.freshness_seconds)

    def catalog(self, seller_id: str) -> dict[str, Product]:
        return self._catalogs[seller_id]

    def listing_quantity(self, listing: Listing) -> int:
        if listing.channel_code == "DEFAULT":
            return listing.quantity
        stock = self.fba.get(listing.seller_id, listing.sku, listing.marketplace_id)
        return stock.fulfillable if stock else 0

    def document_url(self, document: FeedDocument) -> str:
        return (f"{self.base_url}/_s3/feed-documents/{quote(document.document_id, safe='')}"
                f"?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=300&X-Amz-Signature={document.secret}")

    def remember_inventory_page(self, token: str, page: Any) -> str:
        self._inventory_pages[token] = page
        return token

    def inventory_page(self, token: str) -> Any:
        return self._inventory_pages.get(token)

    def record_shipment(self, order: Order, package: Package, *, at) -> None:
        """A confirmShipment that Amazon accepted."""
        self.lifecycle.record_package(order, package, at)
        self.shipments.append({
            "orderId": order.order_id, "sellerId": order.seller_id,
            "marketplaceId": order.marketplace.marketplace_id, "packageReferenceId": package.package_reference_id,
            "carrierCode": package.carrier_code, "carrierName": package.carrier_name,
            "shippingMethod": package.shipping_method, "trackingNumber": package.tracking_number,
            "shipDate": package.ship_date.isoformat(), "confirmedAt": at.isoformat(),
            "items": [{"orderItemId": oid, "quantity": qty} for oid, qty in package.items],
            "orderStatusAfter": order.status,
        })
        log.info("shipment_confirmed", order_id=order.order_id, status=order.status)
