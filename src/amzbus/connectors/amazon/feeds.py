"""The JSON_LISTINGS_FEED round trip: createFeedDocument, upload, createFeed, getFeed until done, getFeedDocument.

Uploads and downloads go to Amazon's presigned URLs with our own ``httpx.Client`` (explicit timeout,
UTF-8 bytes, gzip handled): the library's would encode text as ISO-8859-1, has no timeout and guesses
the report's encoding (reference/spapi.md §3.7).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

import httpx

from .errors import AmazonHttpError, AmazonRejected, AmazonUnavailable
from .library import FeedsApi
from .listings_feed import (CONTENT_TYPE, FEED_TYPE, ListingsFeed, ListingsFeedReport, decode_report,
                            parse_processing_report, quantities_feed)
from .session import AccountSession

DONE_STATUSES = ("DONE", "FATAL", "CANCELLED")


@dataclass(frozen=True)
class SubmittedFeed:
    feed_id: str
    feed: ListingsFeed


@dataclass(frozen=True)
class FeedStatus:
    feed_id: str
    processing_status: str
    result_document_id: str | None


class ListingsFeedSection:
    def __init__(self, session: AccountSession, *, sleep: Callable[[float], None] = time.sleep) -> None:
        self._session = session
        self._sleep = sleep
        self._http: httpx.Client | None = None

    @property
    def _api(self) -> FeedsApi:
        return self._session.api(FeedsApi)

    def send_quantities(self, quantities: Mapping[str, int], *, marketplace_ids: Sequence[str] | None = None,
                        poll_interval_seconds: float = 30.0, timeout_seconds: float = 1800.0) -> ListingsFeedReport:
        """The whole round trip: submit the quantities, wait for Amazon, read the per-SKU results."""
        submitted = self.submit(quantities_feed(quantities, seller_id=self._session.account.seller_id),
                                marketplace_ids=marketplace_ids)
        status = self.wait_until_done(submitted.feed_id, poll_interval_seconds=poll_interval_seconds,
                                      timeout_seconds=timeout_seconds)
        return self.report(submitted, status)

    def submit(self, feed: ListingsFeed, *, marketplace_ids: Sequence[str] | None = None) -> SubmittedFeed:
        document = self._session.call("createFeedDocument", lambda: self._api.create_feed_document(None, CONTENT_TYPE))
        url = self._field(document.payload, "url", "createFeedDocument")
        document_id = self._field(document.payload, "feedDocumentId", "createFeedDocument")
        self._session.call("uploadFeedDocument", lambda: self._transfer("PUT", url, content=feed.encoded()),
                           rate_limited=False)
        ids = list(marketplace_ids or self._session.marketplace_ids)
        created = self._session.call("createFeed",
                                     lambda: self._api.create_feed(FEED_TYPE, document_id, marketplaceIds=ids))
        return SubmittedFeed(feed_id=self._field(created.payload, "feedId", "createFeed"), feed=feed)

    def status(self, feed_id: str) -> FeedStatus:
        response = self._session.call("getFeed", lambda: self._api.get_feed(feed_id))
        return FeedStatus(feed_id=feed_id,
                          processing_status=self._field(response.payload, "processingStatus", "getFeed"),
                          result_document_id=response.payload.get("resultFeedDocumentId"))

    def wait_until_done(self, feed_id: str, *, poll_interval_seconds: float = 30.0,
                        timeout_seconds: float = 1800.0) -> FeedStatus:
        """Poll getFeed until DONE, FATAL or CANCELLED; still in progress after the timeout is retryable."""
        deadline = time.monotonic() + timeout_seconds
        while (status := self.status(feed_id)).processing_status not in DONE_STATUSES:
            if time.monotonic() + poll_interval_seconds > deadline:
                raise AmazonUnavailable(
                    f"feed {feed_id} is still {status.processing_status} after {timeout_seconds:g} s",
                    code="FeedInProgress", status=None, operation="getFeed", delay_seconds=poll_interval_seconds)
            self._sleep(poll_interval_seconds)
        return status

    def report(self, submitted: SubmittedFeed, status: FeedStatus) -> ListingsFeedReport:
        """The processing report of a finished feed; FATAL and CANCELLED feeds raise ``AmazonRejected``."""
        if status.result_document_id is None:
            raise AmazonRejected(f"feed {status.feed_id} ended {status.processing_status} without a processing report",
                                 code=f"Feed{status.processing_status.title()}", status=None, operation="getFeed")
        document_id = status.result_document_id
        info = self._session.call("getFeedDocument", lambda: self._api.get_feed_document_info(document_id))
        url = self._field(info.payload, "url", "getFeedDocument")
        body = self._session.call("downloadFeedDocument", lambda: self._transfer("GET", url), rate_limited=False)
        text = decode_report(body, gzipped=info.payload.get("compressionAlgorithm") == "GZIP", feed_id=status.feed_id)
        report = parse_processing_report(text, feed=submitted.feed, feed_id=status.feed_id,
                                         processing_status=status.processing_status)
        if status.processing_status != "DONE":
            first = next(iter(report.feed_issues), None)
            raise AmazonRejected(f"feed {status.feed_id} ended {status.processing_status}: "
                                 f"{first.message if first else 'no feed-level issue given'}",
                                 code=first.code if first and first.code else f"Feed{status.processing_status.title()}",
                                 status=None, operation="getFeed")
        return report

    def _transfer(self, method: str, url: str, *, content: bytes | None = None) -> bytes:
        if self._http is None:
            self._http = httpx.Client(timeout=self._session.timeout_seconds)
        headers = {"Content-Type": CONTENT_TYPE} if content is not None else None
        response = self._http.request(method, url, content=content, headers=headers)
        if not 200 <= response.status_code < 300:
            raise AmazonHttpError.from_response(response)
        return response.content

    @staticmethod
    def _field(payload: Any, name: str, operation: str) -> Any:
        value = payload.get(name) if isinstance(payload, dict) else None
        if value in (None, ""):
            raise AmazonUnavailable(f"Amazon {operation} answered without {name}", code="UnexpectedResponse",
                                    status=200, operation=operation)
        return value

    def close(self) -> None:
        if self._http is not None:
            self._http.close()
            self._http = None
