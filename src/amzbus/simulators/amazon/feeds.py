"""Feed documents and feeds: upload slots, the IN_QUEUE -> IN_PROGRESS -> DONE (or FATAL) progression,
and the result documents. Durations are Amazon seconds, compressed by the simulator's speed.

Only JSON_LISTINGS_FEED is processed; any other feed type ends FATAL (the XML and flat-file listings feeds
really do since 2025-07-31; the order feeds are simply not simulated).
"""

from __future__ import annotations

import itertools
import json
import secrets
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Callable

from .feed_processing import process_listings_feed
from .inventory import ListingStore

UPLOAD_LIFETIME = timedelta(minutes=5)
FINAL = ("DONE", "FATAL", "CANCELLED")


@dataclass
class FeedDocument:
    document_id: str
    seller_id: str
    content_type: str
    created: datetime
    secret: str
    content: bytes | None = None


@dataclass
class Feed:
    feed_id: str
    seller_id: str
    feed_type: str
    marketplace_ids: list[str]
    input_document_id: str
    created: datetime
    starts: datetime
    ends: datetime
    status: str = "IN_QUEUE"
    started: datetime | None = None
    ended: datetime | None = None
    result_document_id: str | None = None


@dataclass
class FeedTiming:
    queue_seconds: float = 20.0
    processing_seconds: float = 40.0


@dataclass
class FeedStore:
    documents: dict[str, FeedDocument] = field(default_factory=dict)
    feeds: dict[str, Feed] = field(default_factory=dict)
    timing: FeedTiming = field(default_factory=FeedTiming)
    _numbers: itertools.count = field(default_factory=lambda: itertools.count(50_001_019_000))

    def new_document(self, seller_id: str, content_type: str, now: datetime, region: str) -> FeedDocument:
        document_id = f"amzn1.tortuga.4.{region.lower()}.{uuid.uuid4()}.T{secrets.randbelow(10**12):012d}"
        document = FeedDocument(document_id, seller_id, content_type, now, secrets.token_hex(32))
        self.documents[document_id] = document
        return document

    def new_feed(self, *, seller_id: str, feed_type: str, marketplace_ids: list[str], document_id: str,
                 now: datetime, scaled: Callable[[float], timedelta]) -> Feed:
        starts = now + scaled(self.timing.queue_seconds)
        feed = Feed(str(next(self._numbers)), seller_id, feed_type, marketplace_ids, document_id, now, starts,
                    starts + scaled(self.timing.processing_seconds))
        self.feeds[feed.feed_id] = feed
        return feed

    def advance(self, now: datetime, listings: ListingStore, region_of: Callable[[str], str]) -> None:
        for feed in self.feeds.values():
            if feed.status == "IN_QUEUE" and now >= feed.starts:
                feed.status, feed.started = "IN_PROGRESS", feed.starts.replace(microsecond=0)
            if feed.status == "IN_PROGRESS" and now >= feed.ends:
                self._finish(feed, listings, region_of(feed.seller_id))

    def _finish(self, feed: Feed, listings: ListingStore, region: str) -> None:
        feed.ended = feed.ends.replace(microsecond=0)
        if feed.feed_type != "JSON_LISTINGS_FEED":
            feed.status = "FATAL"
            return
        document = self.documents[feed.input_document_id]
        outcome = process_listings_feed(document.content, seller_id=feed.seller_id, feed_id=feed.feed_id,
                                        marketplace_ids=feed.marketplace_ids, store=listings, at=feed.ended)
        result = self.new_document(feed.seller_id, "application/json; charset=UTF-8", feed.ended, region)
        result.content = json.dumps(outcome.report, ensure_ascii=False, indent=2).encode("utf-8")
        feed.status, feed.result_document_id = outcome.status, result.document_id
