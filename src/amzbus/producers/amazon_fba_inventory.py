"""The Amazon FBA inventory stream: getInventorySummaries -> ``FbaInventoryReported``, one per SKU.

One read per account, of the marketplace its FBA location mirrors (``fba_marketplace``, default the first),
with ``details=true``, following every ``nextToken`` (the connector reads all pages at once: a token lives
30 seconds). Incremental: ``startDateTime`` = the previous read's start (Amazon's clock) minus an overlap,
so only summaries Amazon changed since come back; a full read (no ``startDateTime``) every
``full_every`` (daily by default) and on the first read, so nothing can drift for long. The cursor moves
only after every event of the read is published.

Each event is as of Amazon's ``lastUpdatedTime``, except in a full read: as of the second before the read
(Amazon's clock), later than any earlier report, so a full read re-applies every SKU. That is what repairs a quantity
Odoo moved after Amazon's last report (an FBA order delivered in Odoo from the FBA location after Amazon
reported the stock that already excludes it). Every SKU read is remembered as fulfilled by Amazon
(``FbaSkus``): the FBM stock stream leaves those out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Callable

import structlog

from ..bus.cursors import Cursors
from ..bus.errors import RetryableError
from ..bus.locks import Locks
from ..bus.poll_lock import poll_lock
from ..bus.stock_state import FbaSkus
from ..bus.stream_health import StreamHealth
from ..schemas import Envelope, FbaInventoryReported, envelop

log = structlog.get_logger(__name__)
OLDEST_START = timedelta(days=540)
SECOND = timedelta(seconds=1)  # Amazon's times are to the second: a change in the read's own second is later  # Amazon accepts startDateTime up to 18 months back


def stream_name(account: str) -> str:
    return f"amazon:{account}:fba_inventory"


@dataclass
class FbaPollResult:
    account: str
    full: bool = False
    summaries: int = 0
    events_published: int = 0
    skipped: str | None = None


class AmazonFbaInventoryProducer:
    """Options (keyword-only): ``full_every`` (timedelta, default 1 day), ``overlap`` (default the account's
    ``poll_overlap_seconds``), ``lock_seconds`` (30)."""

    def __init__(self, *, client, publish: Callable[[Envelope], Any], cursors: Cursors, locks: Locks,
                 health: StreamHealth, fba_skus: FbaSkus, full_every: timedelta = timedelta(days=1),
                 overlap: timedelta | None = None, lock_seconds: float = 30.0) -> None:
        self.client, self.account = client, client.account
        self._publish, self._cursors, self._locks, self._health = publish, cursors, locks, health
        self._fba_skus, self._full_every, self._lock_seconds = fba_skus, full_every, lock_seconds
        self._overlap = overlap if overlap is not None else timedelta(seconds=self.account.poll_overlap_seconds)

    @property
    def stream(self) -> str:
        return stream_name(self.account.name)

    def poll(self, *, full: bool = False) -> FbaPollResult:
        with poll_lock(self._locks, self.stream, seconds=self._lock_seconds) as renew:
            if renew is None:
                if full:
                    raise RetryableError(f"{self.stream} is being read: the full read waits", code="StreamBusy")
                return FbaPollResult(self.account.name, skipped="another read of this account's FBA stock is running")
            try:
                result = self._read(force_full=full)
            except Exception as error:
                self._health.failed(self.stream, error)
                raise
        log.info("fba_inventory_polled", account=self.account.name, full=result.full, summaries=result.summaries,
                 events=result.events_published)
        return result

    def reread(self, skus: list[str]) -> int:
        """Read ``skus`` again and publish each as of the read (over any earlier report); the cursor stays."""
        started = self._amazon_now()
        marketplace_id = self.account.fba_marketplace_id
        summaries = self.client.fba_inventory.marketplace_summaries(marketplace_id, skus=skus)
        for summary in summaries:
            event = FbaInventoryReported(sku=summary.sku, fulfillable_quantity=summary.fulfillable_quantity,
                                         as_of=started - SECOND, asin=summary.asin, fnsku=summary.fnsku)
            self._publish(envelop(event, account=self.account.name, marketplace_id=marketplace_id))
        log.info("fba_inventory_reread", account=self.account.name, skus=len(skus), events=len(summaries))
        return len(summaries)

    def _read(self, *, force_full: bool) -> FbaPollResult:
        raw = self._cursors.get(self.stream)
        stored = json.loads(raw) if raw else None
        started, now = self._amazon_now(), datetime.now(timezone.utc)
        full = force_full or stored is None or now - datetime.fromisoformat(stored["full_at"]) >= self._full_every
        since = None if full else max(datetime.fromisoformat(stored["since"]) - self._overlap, started - OLDEST_START)
        marketplace_id = self.account.fba_marketplace_id
        summaries = self.client.fba_inventory.marketplace_summaries(marketplace_id, changed_since=since)
        for summary in summaries:
            as_of = started - SECOND if full or summary.last_updated is None else summary.last_updated
            event = FbaInventoryReported(sku=summary.sku, fulfillable_quantity=summary.fulfillable_quantity,
                                         as_of=as_of, asin=summary.asin, fnsku=summary.fnsku)
            self._publish(envelop(event, account=self.account.name, marketplace_id=marketplace_id))
        self._fba_skus.add(self.account.name, {summary.sku for summary in summaries})
        cursor = {"since": started.isoformat(), "full_at": now.isoformat() if full else stored["full_at"]}
        self._cursors.compare_and_set(self.stream, raw, json.dumps(cursor))
        self._health.succeeded(self.stream, cursor=started)
        return FbaPollResult(self.account.name, full=full, summaries=len(summaries), events_published=len(summaries))

    def _amazon_now(self) -> datetime:
        """Amazon's clock (the last ``Date`` it sent: maybe older, never later, which only widens the window)."""
        return self.client.server_time or datetime.now(timezone.utc)
