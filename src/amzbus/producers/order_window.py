"""Reading one searchOrders window page by page, resumable: the machinery the poll and ``resync`` share.

A window is opened with its query fixed (``lastUpdatedAfter``, and ``lastUpdatedBefore`` set from Amazon's
clock), and saved in the ``WindowProgressStore`` before its first page. Each page's orders are published,
then the page's ``nextToken`` and counts are saved (compare-and-set on the pages read). Whatever stops the
reading (no token for a while, a 5xx, a failed publish, a killed worker), the next reader resumes at the
first page not yet published, with Amazon's own pagination token.

Why pagination tokens rather than slicing the window by ``lastUpdatedBefore``: Amazon's model says a
searchOrders ``nextToken`` "will expire after 24 hours", while a page costs one token every ~180 s (480
pages a day, 48,000 orders at 100 a page): a stored token stays valid for any backlog a seller meets, and
for downtime shorter than a day. The window's bounds never change, so an order updated while its window
is read moves past ``lastUpdatedBefore`` and is read by the next window (the cursor moves to that bound).
Slices would need the orders' distribution in time, which Amazon does not give, and a dense slice would
still need several pages. A token Amazon refuses (older than 24 hours) starts the window again.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Callable

import structlog

from ..bus.errors import RetryableError
from ..bus.rate_limiter import RateLimited
from ..bus.window_progress import WindowProgress, WindowProgressStore
from ..connectors.amazon import AmazonRejected, AmazonThrottled
from .catch_up import estimate

log = structlog.get_logger(__name__)
OPERATION = "searchOrders"
TOKEN_WAITS = (RateLimited, AmazonThrottled)  # no token now: what a reader waits through, not a failure


class OrderWindowReader:
    """Parameters (keyword-only):
      client: the account's ``AmazonClient`` (its searchOrders calls take the account's shared tokens).
      store: the ``WindowProgressStore``.
      publish_order: called with each order; returns "published", "unmappable" or ``None`` (nothing to tell).
    """

    def __init__(self, *, client, store: WindowProgressStore, publish_order: Callable[[dict], str | None]) -> None:
        self._client, self._store, self._publish_order = client, store, publish_order

    def open(self, name: str, *, after: datetime, from_cursor: str | None = None) -> WindowProgress | None:
        """A new window from ``after`` to Amazon's latest bound, saved before any page (``None``: empty)."""
        search = self._client.orders.search(last_updated_after=after,
                                            max_results_per_page=self._client.account.orders_page_size)
        if search.empty:
            return None
        progress = WindowProgress(after=after, before=search.window_end, params=search.params, from_cursor=from_cursor)
        if not self._store.save(name, progress, version=None):
            raise RetryableError(f"another reader opened the window of {name} meanwhile", code="WindowTaken")
        return progress

    def read_on(self, name: str, progress: WindowProgress, *,
                on_page: Callable[[WindowProgress], None] | None = None) -> WindowProgress:
        """``read``; a token Amazon no longer accepts (older than 24 hours) opens the window again."""
        try:
            return self.read(name, progress, on_page=on_page)
        except AmazonRejected as refused:
            if progress.next_token is None or refused.status != 400:
                raise
            log.warning("orders_window_token_refused", window=name, pages_read=progress.pages_read,
                        reason=str(refused))
            self._store.discard(name)
            fresh = self.open(name, after=progress.after, from_cursor=progress.from_cursor)
            return self.read(name, fresh, on_page=on_page) if fresh else progress

    def read(self, name: str, progress: WindowProgress, *,
             on_page: Callable[[WindowProgress], None] | None = None) -> WindowProgress:
        """Read from the saved page to the last one. ``RateLimited`` or a 429 stop it with everything saved."""
        search = self._client.orders.resume(progress.params, window_end=progress.before)
        seen: set[tuple] = set()
        for page in search.pages(from_token=progress.next_token):
            version = progress.pages_read
            for order in page.orders:
                identity = (order.get("orderId"), order.get("lastUpdatedTime"))
                if identity in seen:
                    continue
                seen.add(identity)
                self._count(progress, order, self._publish_order(order))
            progress.pages_read += 1
            progress.next_token = page.next_token
            progress.before = progress.before or search.window_end
            progress.waiting_until = None
            progress.eta_at = self._eta_at(progress)
            if not self._store.save(name, progress, version=version):
                raise RetryableError(f"another reader moved the window of {name} on meanwhile", code="WindowTaken")
            if on_page:
                on_page(progress)
        return progress

    def waiting(self, name: str, progress: WindowProgress, seconds: float) -> None:
        """Record that the window waits ``seconds`` for its next token."""
        progress.waiting_until = time.time() + seconds
        progress.eta_at = self._eta_at(progress)
        self._store.save(name, progress, version=progress.pages_read)

    def _count(self, progress: WindowProgress, order: dict, outcome: str | None) -> None:
        progress.orders_seen += 1
        progress.events_published += outcome == "published"
        progress.unmappable += outcome == "unmappable"
        try:
            updated = datetime.fromisoformat(order["lastUpdatedTime"])
        except (KeyError, TypeError, ValueError):
            return
        if progress.covered_until is None or updated > progress.covered_until:
            progress.covered_until = updated
        if progress.first_seen is None or updated < progress.first_seen:
            progress.first_seen = updated

    def seconds_per_token(self) -> float:
        session = self._client.session
        return 1.0 / session.pacing(f"{self._client.account.name}:{OPERATION}", OPERATION).rate

    def _eta_at(self, progress: WindowProgress) -> float | None:
        tokens = self._client.session.available_tokens(OPERATION) or 0.0
        guess = estimate(progress, seconds_per_token=self.seconds_per_token(), tokens_now=tokens)
        return None if guess.eta_seconds is None else time.time() + guess.eta_seconds
