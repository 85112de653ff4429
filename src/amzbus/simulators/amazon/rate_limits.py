"""Amazon's usage plans: one token bucket per (seller, operation), refilled at ``rate x speed`` per second.

Rates and bursts are the published defaults (each operation's "Usage Plan" table in the models).
A bucket starts full; a call takes one token or is answered 429.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable


@dataclass(frozen=True)
class RatePlan:
    rate: Decimal
    burst: int


def _plan(rate: str, burst: int) -> RatePlan:
    return RatePlan(Decimal(rate), burst)


PUBLISHED_PLANS = {
    "searchOrders": _plan("0.0056", 20),
    "getOrder": _plan("0.5", 30),
    "confirmShipment": _plan("2", 10),
    "patchListingsItem": _plan("5", 5),
    "getListingsItem": _plan("5", 10),
    "createFeedDocument": _plan("0.5", 15),
    "createFeed": _plan("0.0083", 15),
    "getFeed": _plan("2", 15),
    "getFeedDocument": _plan("0.0222", 10),
    "getInventorySummaries": _plan("2", 2),
    "getMarketplaceParticipations": _plan("0.016", 15),
    **{operation: _plan("1", 5) for operation in ("getDestinations", "createDestination", "deleteDestination",
                                                   "getSubscription", "createSubscription",
                                                   "deleteSubscriptionById")},
}


class TokenBucket:
    def __init__(self, plan: RatePlan, *, speed: float, now: float) -> None:
        self.refill_per_second = float(plan.rate) * speed
        self.capacity = float(plan.burst)
        self.tokens = self.capacity
        self.updated = now

    def take(self, now: float) -> bool:
        elapsed = max(0.0, now - self.updated)
        self.tokens = min(self.capacity, self.tokens + elapsed * self.refill_per_second)
        self.updated = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return True
        return False


class RateLimiter:
    """``allow(seller, operation)`` takes a token; ``header(operation)`` is the ``x-amzn-RateLimit-Limit`` value."""

    def __init__(self, *, speed: float, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.speed = speed
        self._monotonic = monotonic
        self._plans = dict(PUBLISHED_PLANS)
        self._buckets: dict[tuple[str, str], TokenBucket] = {}

    def plan(self, operation: str) -> RatePlan:
        return self._plans[operation]

    def set_plan(self, operation: str, *, rate: str | float, burst: int) -> None:
        if operation not in self._plans:
            raise LookupError(f"no rate plan for operation {operation!r}; known: {', '.join(sorted(self._plans))}")
        if Decimal(str(rate)) <= 0 or int(burst) < 1:
            raise ValueError(f"{operation}: rate must be > 0 and burst >= 1 (got rate={rate}, burst={burst})")
        self._plans[operation] = RatePlan(Decimal(str(rate)), int(burst))
        self._buckets = {key: bucket for key, bucket in self._buckets.items() if key[1] != operation}

    def allow(self, seller_id: str, operation: str) -> bool:
        now = self._monotonic()
        key = (seller_id, operation)
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = TokenBucket(self._plans[operation], speed=self.speed, now=now)
        return bucket.take(now)

    def header(self, operation: str) -> str:
        scaled = self._plans[operation].rate * Decimal(str(self.speed))
        text = format(scaled.normalize(), "f")
        return text

    def plans(self) -> dict[str, dict[str, object]]:
        return {op: {"rate": format(p.rate, "f"), "burst": p.burst, "header": self.header(op)}
                for op, p in sorted(self._plans.items())}
