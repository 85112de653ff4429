"""JSON_LISTINGS_FEED documents: quantities in, per-SKU results out (pure; ``feeds.py`` does the I/O).

Feed: ``listings-feed-schema-v2`` with one ``PATCH`` message per SKU (``merge`` on fulfillment_availability).
Processing report: ``listings-feed-processing-report-schema-v2`` (``header``, ``issues``, ``summary``).
A SKU is accepted unless an issue of severity ``ERROR`` names its message; issues without a message id
concern the whole feed and reject every SKU.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from typing import Any, Mapping

from .errors import AmazonRejected
from .listings import ListingIssue, quantity_patch

FEED_TYPE = "JSON_LISTINGS_FEED"
CONTENT_TYPE = "application/json; charset=UTF-8"


@dataclass(frozen=True)
class ListingsFeed:
    """A feed document and which SKU each message id stands for."""

    document: dict[str, Any]
    skus_by_message: dict[int, str]

    def encoded(self) -> bytes:
        return json.dumps(self.document, ensure_ascii=False).encode("utf-8")


@dataclass(frozen=True)
class SkuResult:
    sku: str
    message_id: int
    accepted: bool
    issues: tuple[ListingIssue, ...]


@dataclass(frozen=True)
class ListingsFeedReport:
    feed_id: str
    processing_status: str
    results: dict[str, SkuResult]
    feed_issues: tuple[ListingIssue, ...]
    summary: dict[str, int]

    @property
    def rejected(self) -> dict[str, SkuResult]:
        return {sku: result for sku, result in self.results.items() if not result.accepted}


def quantities_feed(quantities: Mapping[str, int], *, seller_id: str, product_type: str = "PRODUCT",
                    issue_locale: str = "en_US") -> ListingsFeed:
    if not quantities:
        raise ValueError("a listings feed needs at least one SKU")
    skus = dict(enumerate(quantities, start=1))
    messages = [{"messageId": message_id, "sku": sku, "operationType": "PATCH",
                 **quantity_patch(quantities[sku], product_type=product_type)} for message_id, sku in skus.items()]
    header = {"sellerId": seller_id, "version": "2.0", "issueLocale": issue_locale}
    return ListingsFeed(document={"header": header, "messages": messages}, skus_by_message=skus)


def decode_report(body: bytes, *, gzipped: bool, feed_id: str) -> str:
    """The report's text: gunzipped when Amazon says ``compressionAlgorithm: GZIP``, UTF-8."""
    try:
        return (gzip.decompress(body) if gzipped else body).decode("utf-8")
    except (OSError, EOFError, UnicodeDecodeError) as error:
        raise _unreadable(feed_id, f"cannot be decoded ({type(error).__name__})") from None


def parse_processing_report(text: str, *, feed: ListingsFeed, feed_id: str,
                            processing_status: str) -> ListingsFeedReport:
    """Per-SKU results from a processing report (``AmazonRejected`` if it is not one)."""
    try:
        report = json.loads(text)
    except ValueError:
        raise _unreadable(feed_id, "is not JSON") from None
    if not isinstance(report, dict) or not isinstance(report.get("issues"), list):
        raise _unreadable(feed_id, "has no issues list")
    by_message: dict[int, list[ListingIssue]] = {}
    feed_issues: list[ListingIssue] = []
    for raw in report["issues"]:
        issue = ListingIssue(code=raw.get("code"), severity=raw.get("severity") or "ERROR",
                             message=raw.get("message") or "",
                             attribute_names=tuple(filter(None, [raw.get("attributeName")])))
        message_id = raw.get("messageId")
        (by_message.setdefault(message_id, []) if message_id in feed.skus_by_message else feed_issues).append(issue)
    feed_failed = any(i.severity == "ERROR" for i in feed_issues)
    results = {}
    for message_id, sku in feed.skus_by_message.items():
        issues = tuple(by_message.get(message_id, ()))
        results[sku] = SkuResult(sku=sku, message_id=message_id, issues=issues,
                                 accepted=not feed_failed and all(i.severity != "ERROR" for i in issues))
    summary = {k: v for k, v in (report.get("summary") or {}).items() if isinstance(v, int)}
    return ListingsFeedReport(feed_id=feed_id, processing_status=processing_status, results=results,
                              feed_issues=tuple(feed_issues), summary=summary)


def _unreadable(feed_id: str, problem: str) -> AmazonRejected:
    return AmazonRejected(f"the processing report of feed {feed_id} {problem}", code="UnreadableReport",
                          status=None, operation="getFeedDocument")
