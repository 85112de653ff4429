"""The Amazon orders stream: polls searchOrders by lastUpdatedAfter and publishes order events.

One poll per account (its region's marketplaces in one query), under a per-account lock, from the
stored cursor minus an overlap window (repeats collapse onto deterministic event ids downstream).
Events are published page by page; the cursor moves, by compare-and-set, only after every page of
the window was published, and never past Amazon's "now - 2 minutes" (the search caps its window).

An order that cannot be mapped does not stop the poll: it is handed to the ``map_amazon_order``
task, which dead-letters it with Amazon's raw order and the reason; replaying it fetches the order
again and maps it anew.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Callable

import structlog
from redis.exceptions import LockError

from ..bus.cursors import Cursors
from ..bus.errors import RetryableError
from ..bus.locks import Locks
from ..bus.marketplaces import MarketplaceCatalog
from ..bus.stream_health import StreamHealth
from ..connectors.amazon import OrderMappingError, order_envelope
from ..schemas import Envelope

log = structlog.get_logger(__name__)


def stream_name(account: str) -> str:
    return f"amazon:{account}:orders"


@dataclass
class PollResult:
    account: str
    window_start: datetime
    window_end: datetime | None = None
    orders_seen: int = 0
    events_published: int = 0
    unmappable: list[str] = field(default_factory=list)
    cursor_moved: bool = False
    skipped: str | None = None


class AmazonOrdersProducer:
    """Parameters (keyword-only):
      client: the account's ``AmazonClient``.
      publish: ``bus.publish`` (an ``Envelope`` -> message ids).
      hand_over_unmappable: called with (account, raw order) for an order that cannot be mapped.
      overlap: how far before the cursor each poll starts again (default: the account's
        ``poll_overlap_seconds``).
      initial_lookback: where the very first poll starts (default 1 day back).
      lock_seconds: how long the account's lock lives without renewal (default 30); a poll renews it after
        every page, so a worker killed mid-poll blocks the account's polls for this long at most.
    """

    def __init__(self, *, client, publish: Callable[[Envelope], Any], cursors: Cursors, locks: Locks,
                 health: StreamHealth, marketplaces: MarketplaceCatalog,
                 hand_over_unmappable: Callable[[str, dict], None], overlap: timedelta | None = None,
                 initial_lookback: timedelta = timedelta(days=1), lock_seconds: float = 30.0) -> None:
        self.client = client
        self.account = client.account.name
        self._publish, self._cursors, self._locks, self._health = publish, cursors, locks, health
        self._marketplaces = marketplaces
        self._hand_over = hand_over_unmappable
        self._overlap = overlap if overlap is not None else timedelta(seconds=client.account.poll_overlap_seconds)
        self._initial_lookback, self._lock_seconds = initial_lookback, lock_seconds

    @property
    def stream(self) -> str:
        return stream_name(self.account)

    def poll(self) -> PollResult:
        """One incremental poll; if another poll of this account holds the lock, nothing is done."""
        lock = self._locks.lock(f"poll:{self.stream}", timeout=self._lock_seconds)
        if not lock.acquire(blocking=False):
            log.info("orders_poll_skipped", account=self.account, reason="another poll of this account is running")
            now = datetime.now(timezone.utc)
            return PollResult(self.account, now, skipped="another poll of this account is running")
        try:
            cursor = self._cursors.get(self.stream)
            start = self.window_start(cursor)
            result = self._run(start, progress=lambda _: self._renew(lock))
            if result.window_end is not None and result.window_end > start:
                result.cursor_moved = self._cursors.compare_and_set(self.stream, cursor, result.window_end.isoformat())
            self._health.succeeded(self.stream, cursor=result.window_end)
            log.info("orders_polled", account=self.account, orders=result.orders_seen,
                     events=result.events_published, unmappable=len(result.unmappable),
                     window_end=result.window_end.isoformat() if result.window_end else None)
            return result
        except Exception as error:
            self._health.failed(self.stream, error)
            raise
        finally:
            try:
                lock.release()
            except LockError:  # expired: someone else's now
                pass

    def _renew(self, lock) -> None:
        """Keep the account's lock while pages keep coming; a lock lost meanwhile stops this poll (the
        cursor stays where it was, so nothing is skipped)."""
        try:
            lock.extend(self._lock_seconds, replace_ttl=True)
        except LockError:
            raise RetryableError(f"the poll lock of {self.stream} expired mid-poll", code="PollLockLost") from None

    def resync(self, since: datetime, *, progress: Callable[[PollResult], None] | None = None) -> PollResult:
        """Read again every order updated since ``since`` and publish its event; the cursor stays."""
        return self._run(since, progress=progress)

    def window_start(self, cursor: str | None) -> datetime:
        """Where a poll from this cursor begins: the cursor minus the overlap (the first: the lookback)."""
        if cursor is None:
            return datetime.now(timezone.utc) - self._initial_lookback
        return datetime.fromisoformat(cursor) - self._overlap

    def _run(self, start: datetime, *, progress) -> PollResult:
        result = PollResult(self.account, start)
        search = self.client.orders.search(last_updated_after=start,
                                           max_results_per_page=self.client.account.orders_page_size)
        seen: set[tuple[Any, Any]] = set()
        for page in search.pages():
            for order in page.orders:
                identity = (order.get("orderId"), order.get("lastUpdatedTime"))
                if identity in seen:
                    continue
                seen.add(identity)
                result.orders_seen += 1
                self._publish_order(order, result)
            if progress:
                progress(result)
        result.window_end = search.window_end
        return result

    def _publish_order(self, order: dict, result: PollResult) -> None:
        try:
            envelope = order_envelope(order, account=self.account, marketplaces=self._marketplaces)
        except OrderMappingError as error:
            order_id = order.get("orderId") if isinstance(order.get("orderId"), str) else "?"
            log.warning("order_unmappable", account=self.account, order_id=order_id, reason=str(error))
            result.unmappable.append(order_id)
            self._hand_over(self.account, order)
            return
        if envelope is not None:
            self._publish(envelope)
            result.events_published += 1

    def recover(self, order_id: str) -> Envelope | None:
        """Fetch one order by its id and publish its event (``None``: nothing to tell Odoo yet)."""
        order = self.client.orders.get_order(order_id)
        envelope = order_envelope(order, account=self.account, marketplaces=self._marketplaces)
        if envelope is not None:
            self._publish(envelope)
        return envelope
