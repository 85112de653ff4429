"""The Odoo stock stream: FBM quantities to offer on Amazon -> ``StockChanged``, for the SKUs of the offer table.

``poll`` reads only what changed: the products of the stock moves and quants written since the cursor
(minus an overlap), their free quantity where the account sells from (``StockScope``), and publishes the
SKUs whose quantity differs from the last one published. SKUs Amazon fulfils (``FbaSkus``, learned by the
FBA inventory stream) are left out: their stock is Amazon's; so, when that stream is on, nothing is published
before its first read. ``reconcile`` publishes every mapped SKU, changed
or not (daily by default), so no drift can last; the very first poll of an account is one.

The quantity is absolute: the free quantity rounded down, minus the account's ``stock_buffer``, never below
0. Each read takes a new version from a counter that only grows, under the account's stock lock (polls and
reconciliations of one account never overlap), so a later read always carries a greater version.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Callable

import structlog

from ..bus.cursors import Cursors
from ..bus.errors import RetryableError
from ..bus.locks import Locks
from ..bus.offer_table import OfferTable
from ..bus.poll_lock import poll_lock
from ..bus.settings import AccountSettings
from ..bus.stock_state import FbaSkus, StockVersions
from ..bus.stream_health import StreamHealth
from ..connectors.odoo.products import products_by_code
from ..connectors.odoo.stock_changes import StockScope, changed_products
from ..schemas import Envelope, StockChanged, envelop
from .amazon_fba_inventory import stream_name as fba_stream

log = structlog.get_logger(__name__)
ODOO_DATETIME = "%Y-%m-%d %H:%M:%S"


def stream_name(account: str) -> str:
    return f"odoo:{account}:stock"


@dataclass
class StockPollResult:
    account: str
    products_changed: int = 0
    events_published: int = 0
    full: bool = False
    skipped: str | None = None


class OdooStockProducer:
    """Options (keyword-only): ``overlap`` (default the account's ``poll_overlap_seconds``), ``lock_seconds`` (30)."""

    def __init__(self, *, odoo, account: AccountSettings, publish: Callable[[Envelope], Any], cursors: Cursors,
                 locks: Locks, health: StreamHealth, offer_table: OfferTable, versions: StockVersions, fba_skus: FbaSkus,
                 overlap: timedelta | None = None, lock_seconds: float = 30.0) -> None:
        self.odoo, self.account = odoo, account
        self._publish, self._cursors, self._locks, self._health = publish, cursors, locks, health
        self._offers, self._versions, self._fba_skus = offer_table, versions, fba_skus
        self._overlap = overlap if overlap is not None else timedelta(seconds=account.poll_overlap_seconds)
        self._lock_seconds = lock_seconds
        self.scope = StockScope(location=account.stock_location, warehouse=account.stock_warehouse,
                                fba_location=account.fba_location)

    @property
    def stream(self) -> str:
        return stream_name(self.account.name)

    def poll(self) -> StockPollResult:
        """Publish the SKUs whose quantity changed since the last poll (the first poll: every SKU)."""
        return self._locked(full=False)

    def reconcile(self) -> StockPollResult:
        """Publish every mapped SKU's quantity; another run of this account holding the lock is retried later."""
        return self._locked(full=True)

    def _locked(self, *, full: bool) -> StockPollResult:
        with poll_lock(self._locks, self.stream, seconds=self._lock_seconds) as renew:
            if renew is None:
                if full:
                    raise RetryableError(f"{self.stream} is being read: the reconciliation waits", code="StreamBusy")
                return StockPollResult(self.account.name, skipped="another read of this account's stock is running")
            try:
                result = self._read(full=full)
            except Exception as error:
                self._health.failed(self.stream, error)
                raise
        log.info("stock_polled", account=self.account.name, full=result.full, products=result.products_changed,
                 events=result.events_published)
        return result

    def _read(self, *, full: bool) -> StockPollResult:
        if self.account.flow_enabled("fba_inventory") and self._cursors.get(fba_stream(self.account.name)) is None:
            return StockPollResult(self.account.name, skipped="waiting for the first FBA inventory read, which tells "
                                                              "the SKUs Amazon fulfils (never pushed as FBM stock)")
        stored = self._cursors.get(self.stream)
        started = datetime.now(timezone.utc).strftime(ODOO_DATETIME)
        result = StockPollResult(self.account.name, full=full or stored is None)
        fba = self._fba_skus.all(self.account.name)
        offers = {offer.sku: offer.product_ref for offer in self._offers.list(self.account.name) if offer.sku not in fba}
        ids_by_ref = products_by_code(self.odoo, set(offers.values())) if offers else {}
        if result.full:
            product_ids, latest = set(ids_by_ref.values()), started
        else:
            changes = changed_products(self.odoo, since=_moved_back(stored, self._overlap))
            product_ids, latest = set(changes.product_ids), changes.latest_write_date
        result.products_changed = len(product_ids)
        self._publish_quantities(product_ids, offers, ids_by_ref, result)
        new_cursor = max(filter(None, (stored, latest)), default=None)
        if new_cursor and new_cursor != stored:
            self._cursors.compare_and_set(self.stream, stored, new_cursor)
        self._health.succeeded(self.stream, cursor=_as_time(new_cursor) if new_cursor else None)
        return result

    def _publish_quantities(self, product_ids: set[int], offers: dict[str, str], ids_by_ref: dict[str, int],
                            result: StockPollResult) -> None:
        skus = {sku: ids_by_ref[ref] for sku, ref in offers.items() if ids_by_ref.get(ref) in product_ids}
        if not skus:
            return
        version = self._versions.next(self.account.name)
        free = self.scope.free_quantities(self.odoo, set(skus.values()))
        quantities = {sku: max(math.floor(free.get(product, 0.0)) - self.account.stock_buffer, 0)
                      for sku, product in skus.items()}
        published = {} if result.full else self._versions.published(self.account.name)
        changed = {sku: quantity for sku, quantity in quantities.items() if published.get(sku) != quantity}
        for sku, quantity in sorted(changed.items()):
            self._publish(envelop(StockChanged(sku=sku, quantity=quantity, version=version),
                                  account=self.account.name))
        self._versions.record_published(self.account.name, changed)
        result.events_published = len(changed)


def _moved_back(odoo_datetime: str, overlap: timedelta) -> str:
    return (_as_time(odoo_datetime) - overlap).strftime(ODOO_DATETIME)


def _as_time(odoo_datetime: str) -> datetime:
    return datetime.strptime(odoo_datetime[:19], ODOO_DATETIME).replace(tzinfo=timezone.utc)
