"""``push_stock``: Odoo's FBM quantities to Amazon, coalesced per SKU, newest version wins.

Every ``StockChanged`` is first recorded in the ``StockLedger`` (``want``: an older version than one already
known is dropped there). Then one worker per account at a time (the account's push lock, kept alive while
it works) pushes every pending SKU, so a burst of changes becomes one push per SKU with its newest quantity:

- fewer than the account's ``stock_feed_threshold`` SKUs: one ``patchListingsItem`` each (merge on
  ``fulfillment_availability``, ``fulfillment_channel_code`` ``DEFAULT``);
- from the threshold on: one ``JSON_LISTINGS_FEED`` (create document, upload, create feed, wait with backoff
  under the limiter, read the processing report). A SKU with only warnings is done.

A SKU Amazon refuses (the patch's issue, the report's ERROR issues, a FATAL feed) is settled and handed to
``reject``, which dead-letters it alone with Amazon's issue text; replaying that dead letter pushes the SKU's
newest quantity again. A retryable failure (429 after the limiter, 5xx, a feed still in progress) leaves the
SKUs pending and is raised: the message is retried. A worker finding the lock taken returns at once: the
holder looks at the pending SKUs again after releasing it, and the stock tick's ``flush`` catches anything
a killed worker left.
"""

from __future__ import annotations

import time
from typing import Callable

import structlog

from ..bus.errors import RetryableError
from ..bus.stock_state import StockLedger
from ..connectors.amazon.errors import AmazonRejected
from ..connectors.amazon.feeds import DONE_STATUSES
from ..connectors.amazon.listings_feed import quantities_feed
from ..schemas import Envelope
from .lock_keepalive import kept_alive

log = structlog.get_logger(__name__)
Reject = Callable[[str, str, int, int, str], None]  # account, sku, version, quantity, Amazon's issue text


class StockPush:
    """Options: ``lock_seconds`` (60: a killed worker blocks the account's pushes this long at most),
    ``feed_first_wait_seconds`` (5, doubled after each getFeed up to ``feed_max_wait_seconds``, 60),
    ``feed_timeout_seconds`` (1800: then a retryable error), ``max_rounds`` (5 batches per turn)."""

    def __init__(self, *, ledger: StockLedger, locks, settings, reject: Reject, lock_seconds: float = 60.0,
                 feed_first_wait_seconds: float = 5.0, feed_max_wait_seconds: float = 60.0,
                 feed_timeout_seconds: float = 1800.0, max_rounds: int = 5, sleep=time.sleep) -> None:
        self.ledger, self.locks, self.settings, self.reject = ledger, locks, settings, reject
        self._lock_seconds, self._max_rounds, self._sleep = lock_seconds, max_rounds, sleep
        self._first_wait, self._max_wait, self._feed_timeout = (feed_first_wait_seconds, feed_max_wait_seconds,
                                                                feed_timeout_seconds)

    def push(self, envelope: Envelope, client) -> str:
        event, account = envelope.payload, envelope.account
        if not self.ledger.want(account, event.sku, event.version, event.quantity):
            log.info("stock_change_superseded", account=account, sku=event.sku, version=event.version)
            return "superseded"
        return self.flush(account, client)

    def flush(self, account: str, client) -> str:
        """Push every pending SKU of the account (returns at once if another worker is doing it)."""
        outcome = "queued"
        while self.ledger.pending(account):
            lock = self.locks.lock(f"stock_push:{account}", timeout=self._lock_seconds)
            if not lock.acquire(blocking=False):
                return outcome
            try:
                with kept_alive(lock, f"stock_push:{account}", every_seconds=self._lock_seconds / 3) as keeper:
                    for _ in range(self._max_rounds):
                        pending = self.ledger.pending(account)
                        if not pending:
                            break
                        self._push_batch(account, client, pending, keeper)
                        outcome = "pushed"
            finally:
                try:
                    lock.release()
                except Exception:  # expired: someone else's now
                    pass
        return outcome

    def _push_batch(self, account: str, client, pending: dict[str, tuple[int, int]], keeper) -> None:
        threshold = self.settings.account(account).stock_feed_threshold
        if len(pending) >= threshold:
            self._feed(account, client, pending, keeper)
        else:
            for sku, (version, quantity) in pending.items():
                keeper.still_held()
                try:
                    client.listings.set_quantity(sku, quantity)
                except AmazonRejected as refused:
                    self._refused(account, sku, version, quantity, refused.message)
                    continue
                self.ledger.settle(account, sku, version)
                log.info("stock_pushed", account=account, sku=sku, quantity=quantity, version=version, by="patch")

    def _feed(self, account: str, client, pending: dict[str, tuple[int, int]], keeper) -> None:
        section = client.listings_feed
        quantities = {sku: quantity for sku, (_, quantity) in pending.items()}
        keeper.still_held()
        submitted = section.submit(quantities_feed(quantities, seller_id=client.account.seller_id))
        status = self._wait(section, submitted.feed_id, keeper)
        try:
            report = section.report(submitted, status)
        except AmazonRejected as fatal:
            for sku, (version, quantity) in pending.items():
                self._refused(account, sku, version, quantity, fatal.message)
            return
        for sku, result in report.results.items():
            version, quantity = pending[sku]
            if result.accepted:
                self.ledger.settle(account, sku, version)
            else:
                text = "; ".join(i.message for i in result.issues if i.severity == "ERROR") or \
                    "; ".join(i.message for i in report.feed_issues)
                self._refused(account, sku, version, quantity, text)
        log.info("stock_pushed", account=account, skus=len(pending), rejected=len(report.rejected),
                 feed_id=submitted.feed_id, by="feed")

    def _wait(self, section, feed_id: str, keeper):
        deadline, wait = time.monotonic() + self._feed_timeout, self._first_wait
        while (status := section.status(feed_id)).processing_status not in DONE_STATUSES:
            if time.monotonic() + wait > deadline:
                raise RetryableError(f"feed {feed_id} is still {status.processing_status} after "
                                     f"{self._feed_timeout:g} s", code="FeedInProgress", delay_seconds=wait)
            self._sleep(wait)
            keeper.still_held()
            wait = min(wait * 2, self._max_wait)
        return status

    def _refused(self, account: str, sku: str, version: int, quantity: int, text: str) -> None:
        self.ledger.settle(account, sku, version)
        log.error("stock_refused", account=account, sku=sku, quantity=quantity, version=version, issue=text)
        self.reject(account, sku, version, quantity, text)
