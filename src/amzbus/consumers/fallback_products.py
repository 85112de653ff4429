"""Order lines that fell back to the generic "Amazon sale" product, kept for ``amzbus status`` and the dashboard.

A sorted set ``{namespace}:warnings:fallback_products`` whose members are ``[account, order id, SKU]`` (JSON;
ids only, no personal data) scored by the time they were seen; entries older than the retention (30 days)
are trimmed on every write, and the key expires when nothing was written for that long. Recording the same
line again (a retried event) only refreshes its time.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Iterable

RETENTION_SECONDS = 30 * 86_400


@dataclass(frozen=True)
class FallbackProductWarning:
    account: str
    amazon_order_id: str
    sku: str
    seen_at: float


class FallbackProductLog:
    """Parameters:
      retention_seconds: how long an entry is kept (default 30 days).
    """

    def __init__(self, redis, *, namespace: str, retention_seconds: int = RETENTION_SECONDS) -> None:
        self._redis = redis
        self.key = f"{namespace}:warnings:fallback_products"
        self._retention_seconds = retention_seconds

    def record(self, account: str, amazon_order_id: str, skus: Iterable[str]) -> None:
        now = time.time()
        members = {json.dumps([account, amazon_order_id, sku]): now for sku in skus}
        if not members:
            return
        pipe = self._redis.pipeline()
        pipe.zadd(self.key, members)
        pipe.zremrangebyscore(self.key, "-inf", now - self._retention_seconds)
        pipe.expire(self.key, self._retention_seconds)
        pipe.execute()

    def count(self) -> int:
        """How many order lines fell back within the retention."""
        return int(self._redis.zcount(self.key, time.time() - self._retention_seconds, "+inf"))

    def recent(self, *, limit: int = 20) -> list[FallbackProductWarning]:
        """The latest ones, newest first."""
        since = time.time() - self._retention_seconds
        rows = self._redis.zrevrangebyscore(self.key, "+inf", since, start=0, num=limit, withscores=True)
        return [FallbackProductWarning(*json.loads(member), seen_at=score) for member, score in rows]
