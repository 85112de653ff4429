"""Amazon's token buckets (rate, burst) shared by every process through Redis.

Why not a library: Dramatiq's limiters are window counters, not token buckets, and burn retries
(reference/dramatiq.md §3); ``limits`` offers moving windows and fixed windows but no exact
(rate, burst) bucket that reports how long to wait. A GCRA script of a few lines models Amazon's
bucket exactly, uses Redis' own clock (no skew between hosts) and costs one round trip per call.

GCRA: the key holds the "theoretical arrival time" (TAT). A call is allowed when, after adding one
emission interval (1/rate), the TAT is no more than ``burst`` intervals ahead of now. So any window
of W seconds admits at most ``burst + rate * W`` calls, as Amazon's bucket does.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from .errors import RetryableError

_GCRA = """
local key = KEYS[1]
local interval = tonumber(ARGV[1])   -- microseconds per token
local burst = tonumber(ARGV[2])
local drain = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local tat = tonumber(redis.call('GET', key) or '0')
if tat < now then tat = now end
local ttl_ms = math.ceil((tat - now + burst * interval) / 1000) + 1000
if drain == 1 then
  redis.call('SET', key, tostring(now + burst * interval), 'PX', ttl_ms + burst * interval / 1000)
  return 0
end
local new_tat = tat + interval
local wait = new_tat - now - burst * interval
if wait > 0 then
  return wait
end
redis.call('SET', key, tostring(new_tat), 'PX', math.ceil((new_tat - now) / 1000) + 1000)
return 0
"""


@dataclass(frozen=True)
class RateLimit:
    """Amazon's usage plan for one operation: tokens restored per second, and the bucket size."""

    rate: float
    burst: int

    @classmethod
    def from_header(cls, header: str | None, default: "RateLimit") -> "RateLimit":
        """Amazon's ``x-amzn-RateLimit-Limit`` replaces the published rate when present."""
        try:
            rate = float(header) if header else 0.0
        except ValueError:
            return default
        return cls(rate, default.burst) if rate > 0 else default


class RateLimiter:
    """Token buckets keyed ``{namespace}:ratelimit:{key}``, e.g. key ``na-main:searchOrders``."""

    def __init__(self, redis, *, namespace: str = "amzbus", max_sleep_seconds: float = 2.0) -> None:
        self._redis = redis
        self._namespace = namespace
        self._max_sleep = max_sleep_seconds
        self._script = redis.register_script(_GCRA)

    def _key(self, key: str) -> str:
        return f"{self._namespace}:ratelimit:{key}"

    def try_acquire(self, key: str, limit: RateLimit) -> float:
        """Take one token if there is one: 0.0 when granted, else the seconds until one is free."""
        interval_us = int(1_000_000 / limit.rate)
        wait_us = int(self._script(keys=[self._key(key)], args=[interval_us, limit.burst, 0]))
        return wait_us / 1_000_000

    def acquire(self, key: str, limit: RateLimit) -> None:
        """Take one token, sleeping for short waits; a long wait becomes a ``RetryableError`` with its delay."""
        while True:
            wait = self.try_acquire(key, limit)
            if wait == 0:
                return
            if wait > self._max_sleep:
                raise RetryableError(f"rate limit for {key} exhausted", code="RateLimited", delay_seconds=wait)
            time.sleep(wait)

    def drain(self, key: str, limit: RateLimit) -> None:
        """Empty the bucket (after Amazon answered 429): every process waits for tokens to come back."""
        interval_us = int(1_000_000 / limit.rate)
        self._script(keys=[self._key(key)], args=[interval_us, limit.burst, 1])
