"""Amazon's published usage plans (rate per second, burst) for the operations the connector calls.

Copied from each operation's usage-plan table in the SP-API models (reference/spapi.md §1.0). Amazon's
``x-amzn-RateLimit-Limit`` response header, when present, replaces the rate (``RateLimitBook``), for every
process through Redis, when Amazon lowers it and when it raises it again.
"""

from __future__ import annotations

import threading
from typing import Mapping

from amzbus.bus.rate_limiter import RateLimit

PUBLISHED_RATE_LIMITS: Mapping[str, RateLimit] = {
    "searchOrders": RateLimit(0.0056, 20),
    "getOrder": RateLimit(0.5, 30),
    "confirmShipment": RateLimit(2, 10),
    "patchListingsItem": RateLimit(5, 5),
    "createFeedDocument": RateLimit(0.5, 15),
    "createFeed": RateLimit(0.0083, 15),
    "getFeed": RateLimit(2, 15),
    "getFeedDocument": RateLimit(0.0222, 10),
    "getInventorySummaries": RateLimit(2, 2),
    "getMarketplaceParticipations": RateLimit(0.016, 15),
    # Notifications API: every operation 1 request/s, burst 5
    **{operation: RateLimit(1, 5) for operation in (
        "getDestinations", "createDestination", "deleteDestination", "getSubscription", "createSubscription",
        "deleteSubscriptionById")},
}


class RateLimitBook:
    """The limit in force per key (``{account}:{operation}``): Amazon's last header, else the published plan.

    ``shared``: the ``RateLimiter`` through which every process sees the rate Amazon last announced, lowered
    or raised again (``None``: this process keeps its own). The burst is always the published one: Amazon's
    header gives the rate only.
    """

    def __init__(self, published: Mapping[str, RateLimit] = PUBLISHED_RATE_LIMITS, *, shared=None) -> None:
        self._published = published
        self._shared = shared
        self._learned: dict[str, RateLimit] = {}
        self._lock = threading.Lock()

    def limit(self, key: str, operation: str) -> RateLimit:
        if self._shared is not None:
            rate = self._shared.learned_rate(key)
            return RateLimit(rate, self.published(operation).burst) if rate else self.published(operation)
        with self._lock:
            return self._learned.get(key) or self.published(operation)

    def published(self, operation: str) -> RateLimit:
        try:
            return self._published[operation]
        except KeyError:
            raise KeyError(f"no published rate limit for SP-API operation {operation!r}") from None

    def learn(self, key: str, operation: str, header: str | None) -> RateLimit:
        """Remember ``x-amzn-RateLimit-Limit`` for ``key`` (an absent or unreadable header changes nothing)."""
        learned = RateLimit.from_header(header, self.published(operation)) if header else None
        if learned is None:
            return self.limit(key, operation)
        published = learned == self.published(operation)
        if self._shared is not None:
            self._shared.learn_rate(key, None if published else learned.rate)
            return learned
        with self._lock:
            if published:
                self._learned.pop(key, None)
            else:
                self._learned[key] = learned
            return learned
