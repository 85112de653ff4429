"""The Amazon orders stream: polls searchOrders by lastUpdatedAfter and publishes order events.

One poll per account (its region's marketplaces in one query), under a per-account lock, from the
stored cursor minus an overlap window (repeats collapse onto deterministic event ids downstream).
The window is read page by page by the ``OrderWindowReader``, which saves the next page's token after
each page's events are published; the cursor moves, by compare-and-set, only once every page of the
window was published, and never past Amazon's "now - 2 minutes" (the search caps its window).

A backlog larger than searchOrders' burst (20 pages, then one every ~180 s) is normal work: when the
next token is further away than the limiter sleeps in place, the poll hands over. It keeps the window's
progress, releases the account's lock and worker thread, and ``continue_later`` sends the next poll to
arrive just before the token comes back (``early_seconds`` ahead; the limiter sleeps the rest in place).
Only one such continuation is pending per account; the scheduler's own ticks find it and leave. A
429 is handed over the same way. Any other failure (5xx, a publish that fails) fails the poll visibly,
and its retry resumes at the first page not yet published.

An order that cannot be mapped does not stop the poll: it is handed to the ``map_amazon_order``
task, which dead-letters it with Amazon's raw order and the reason; replaying it fetches the order
again and maps it anew.
"""

from __future__ import annotations

import time
import uuid
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
from ..bus.window_progress import WindowProgress, WindowProgressStore
from ..connectors.amazon import AmazonThrottled, OrderMappingError, order_envelope
from ..schemas import Envelope
from .order_window import TOKEN_WAITS, OrderWindowReader
from .resync import resync_window

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
    pages_read: int = 0
    unmappable: list[str] = field(default_factory=list)
    cursor_moved: bool = False
    skipped: str | None = None
    waiting_seconds: float | None = None

    @classmethod
    def of(cls, account: str, progress: WindowProgress, unmappable: list[str]) -> "PollResult":
        return cls(account, progress.after, progress.before, progress.orders_seen, progress.events_published,
                   progress.pages_read, unmappable)


class AmazonOrdersProducer:
    """Parameters (keyword-only):
      client: the account's ``AmazonClient``.
      publish: ``bus.publish`` (an ``Envelope`` -> message ids).
      windows: the ``WindowProgressStore`` where a window's progress is kept between polls.
      hand_over_unmappable: called with (account, raw order) for an order that cannot be mapped.
      continue_later: called with (account, continuation id, delay in seconds) to send the poll that carries
        a waiting window on; ``None``: a long wait fails the poll with ``RateLimited`` (its retry resumes).
      overlap: how far before the cursor each poll starts again (default: the account's
        ``poll_overlap_seconds``).
      initial_lookback: where the very first poll starts (default 1 day back).
      lock_seconds: how long the account's lock lives without renewal (default 30); a poll renews it after
        every page, so a worker killed mid-poll blocks the account's polls for this long at most.
      early_seconds: how long before the next token a continuation is due (default 1.5: Dramatiq delivers a
        delayed message up to ~1 s late; under the limiter's 2 s in-place sleep, so the continuation takes
        the token the moment it comes back).
    """

    def __init__(self, *, client, publish: Callable[[Envelope], Any], cursors: Cursors, locks: Locks,
                 health: StreamHealth, marketplaces: MarketplaceCatalog, windows: WindowProgressStore,
                 hand_over_unmappable: Callable[[str, dict], None],
                 continue_later: Callable[[str, str, float], None] | None = None, overlap: timedelta | None = None,
                 initial_lookback: timedelta = timedelta(days=1), lock_seconds: float = 30.0,
                 early_seconds: float = 1.5) -> None:
        self.client = client
        self.account = client.account.name
        self._publish, self._cursors, self._locks, self._health = publish, cursors, locks, health
        self._marketplaces, self._windows = marketplaces, windows
        self._hand_over, self._continue_later = hand_over_unmappable, continue_later
        self._overlap = overlap if overlap is not None else timedelta(seconds=client.account.poll_overlap_seconds)
        self._initial_lookback, self._lock_seconds = initial_lookback, lock_seconds
        self._early = early_seconds
        self._unmappable: list[str] = []
        self.reader = OrderWindowReader(client=client, store=windows, publish_order=self._publish_order)

    @property
    def stream(self) -> str:
        return stream_name(self.account)

    @property
    def resync_window(self) -> str:
        return f"{self.stream}:resync"

    def poll(self, *, continuation: str | None = None) -> PollResult:
        """One incremental poll: carry the open window on, or open one from the cursor. If another poll of
        this account holds the lock, nothing is done. ``continuation``: the id this poll was sent with."""
        lock = self._locks.lock(f"poll:{self.stream}", timeout=self._lock_seconds)
        if not lock.acquire(blocking=False):
            if continuation and self._continue_later:  # the running poll may count on this one: carry it on
                self._windows.release_continuation(self.stream, continuation)
                self._continue_in(self._early + 1.0)
            log.info("orders_poll_skipped", account=self.account, reason="another poll of this account is running")
            now = datetime.now(timezone.utc)
            return PollResult(self.account, now, skipped="another poll of this account is running")
        try:
            if continuation:
                self._windows.release_continuation(self.stream, continuation)
            return self._poll_window(renew=lambda _: self._renew(lock))
        except Exception as error:
            self._health.failed(self.stream, error)
            raise
        finally:
            try:
                lock.release()
            except LockError:  # expired: someone else's now
                pass

    def _poll_window(self, *, renew) -> PollResult:
        self._unmappable = []
        progress = self._windows.load(self.stream)
        if progress is None:
            cursor = self._cursors.get(self.stream)
            progress = self.reader.open(self.stream, after=self.window_start(cursor), from_cursor=cursor)
            if progress is None:  # nothing Amazon can answer yet
                self._health.succeeded(self.stream, cursor=None)
                return PollResult(self.account, self.window_start(cursor))
        try:
            progress = self.reader.read_on(self.stream, progress, on_page=renew)
        except TOKEN_WAITS as wait:
            return self._wait_for_token(progress, wait)
        result = PollResult.of(self.account, progress, self._unmappable)
        end = progress.before.isoformat() if progress.before else None
        if end and progress.before > progress.after:
            result.cursor_moved = self._cursors.compare_and_set(self.stream, progress.from_cursor, end)
        self._windows.finish(self.stream, version=progress.pages_read)
        self._health.succeeded(self.stream, cursor=progress.before)
        log.info("orders_polled", account=self.account, orders=result.orders_seen, pages=result.pages_read,
                 events=result.events_published, unmappable=len(result.unmappable), window_end=end)
        return result

    def _wait_for_token(self, progress: WindowProgress, wait: RetryableError) -> PollResult:
        """No token for a while: keep the window, free the worker, and come back when the token does."""
        seconds = wait.delay_seconds or self.reader.seconds_per_token()
        self.reader.waiting(self.stream, progress, seconds)
        if self._continue_later is None:
            raise wait
        scheduled = self._continue_in(seconds)
        log.info("orders_poll_waiting_for_token", account=self.account, seconds=round(seconds, 1),
                 pages_read=progress.pages_read, events=progress.events_published,
                 throttled=isinstance(wait, AmazonThrottled),
                 continuation="scheduled" if scheduled else "already scheduled")
        result = PollResult.of(self.account, progress, self._unmappable)
        result.waiting_seconds = seconds
        return result

    def _continue_in(self, seconds: float) -> bool:
        """Send the poll that carries the window on when a token is there in ``seconds``, unless one is
        pending already (``False``)."""
        continuation = uuid.uuid4().hex
        if not self._windows.claim_continuation(self.stream, continuation, seconds=seconds + 60):
            return False
        self._continue_later(self.account, continuation, max(0.0, seconds - self._early))
        return True

    def _renew(self, lock) -> None:
        """Keep the account's lock while pages keep coming; a lock lost meanwhile stops this poll (the
        window's progress stays, so nothing is skipped)."""
        try:
            lock.extend(self._lock_seconds, replace_ttl=True)
        except LockError:
            raise RetryableError(f"the poll lock of {self.stream} expired mid-poll", code="PollLockLost") from None

    def resync(self, since: datetime, *, progress: Callable[[WindowProgress], None] | None = None,
               sleep: Callable[[float], None] = time.sleep) -> PollResult:
        """Read again every order updated since ``since`` and publish its event; the cursor stays.

        Same reader, same bucket as the polls; this caller owns its thread, so it waits for each token in
        place (``sleep``). Interrupted, it resumes where it stopped when run again with the same ``since``.
        """
        self._unmappable = []
        window = resync_window(self.reader, self._windows, self.resync_window, since, progress=progress, sleep=sleep,
                               early_seconds=self._early)
        return PollResult.of(self.account, window, self._unmappable) if window else PollResult(self.account, since)

    def window_start(self, cursor: str | None) -> datetime:
        """Where a poll from this cursor begins: the cursor minus the overlap (the first: the lookback)."""
        if cursor is None:
            return datetime.now(timezone.utc) - self._initial_lookback
        return datetime.fromisoformat(cursor) - self._overlap

    def _publish_order(self, order: dict) -> str | None:
        try:
            envelope = order_envelope(order, account=self.account, marketplaces=self._marketplaces)
        except OrderMappingError as error:
            order_id = order.get("orderId") if isinstance(order.get("orderId"), str) else "?"
            log.warning("order_unmappable", account=self.account, order_id=order_id, reason=str(error))
            self._unmappable.append(order_id)
            self._hand_over(self.account, order)
            return "unmappable"
        if envelope is None:
            return None
        self._publish(envelope)
        return "published"

    def recover(self, order_id: str) -> Envelope | None:
        """Fetch one order by its id and publish its event (``None``: nothing to tell Odoo yet)."""
        order = self.client.orders.get_order(order_id)
        envelope = order_envelope(order, account=self.account, marketplaces=self._marketplaces)
        if envelope is not None:
            self._publish(envelope)
        return envelope
