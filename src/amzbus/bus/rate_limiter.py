"""Amazon's token buckets (rate, burst) shared by every process through Redis.

Why not a library: Dramatiq's limiters are window counters, not token buckets, and burn retries
(reference/dramatiq.md §3); ``limits`` offers moving windows and fixed windows but no exact
(rate, burst) bucket that reports how long to wait. A Lua script of a few lines models Amazon's
bucket exactly, uses Redis' own clock (no skew between hosts) and costs one round trip per call.

The key holds the tokens left and when they were counted; tokens come back at ``rate`` per second up
to ``burst``. So any window of W seconds admits at most ``burst + rate * W`` calls, as Amazon's bucket
does. The state is in tokens, not in time, so a rate learnt from ``x-amzn-RateLimit-Limit`` applies
at once without carrying a debt computed at the old rate.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from .errors import RetryableError
from .rate_limit_stats import RateLimitStats


class RateLimited(RetryableError):
    """No token for ``delay_seconds``: longer than a caller may sleep in place. Not a failure of Amazon's:
    a caller that owns a long-lived poll hands its progress over and comes back when the token does."""

_TOKEN_BUCKET = """
local key = KEYS[1]
local rate = tonumber(ARGV[1])          -- tokens restored per second
local burst = tonumber(ARGV[2])
local drain = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local state = redis.call('HMGET', key, 'tokens', 'at')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if tokens == nil or at == nil then
  tokens = burst
else
  tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
end
local ttl_ms = math.ceil(burst / rate * 1000) + 1000
if drain == 2 then
  return tostring(tokens)
end
if drain == 1 then
  redis.call('HSET', key, 'tokens', 0, 'at', tostring(now), 'rate', ARGV[1], 'burst', burst)
  redis.call('PEXPIRE', key, ttl_ms)
  return '0'
end
if tokens >= 1 then
  redis.call('HSET', key, 'tokens', tostring(tokens - 1), 'at', tostring(now), 'rate', ARGV[1], 'burst', burst)
  redis.call('PEXPIRE', key, ttl_ms)
  return '0'
end
return tostring((1 - tokens) / rate)
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
    """Token buckets keyed ``{namespace}:ratelimit:{key}``, e.g. key ``na-main:searchOrders``.

    Waits and 429s are also added up per key for the last hour (``RateLimitStats``, for the dashboard).
    """

    def __init__(self, redis, *, namespace: str = "amzbus", max_sleep_seconds: float = 2.0) -> None:
        self._redis = redis
        self._namespace = namespace
        self._max_sleep = max_sleep_seconds
        self._script = redis.register_script(_TOKEN_BUCKET)
        self.stats = RateLimitStats(redis, namespace=namespace)

    @property
    def max_sleep_seconds(self) -> float:
        """The longest wait ``acquire`` sleeps through in place (default 2 s); longer ones raise ``RateLimited``."""
        return self._max_sleep

    def _key(self, key: str) -> str:
        return f"{self._namespace}:ratelimit:{key}"

    def try_acquire(self, key: str, limit: RateLimit) -> float:
        """Take one token if there is one: 0.0 when granted, else the seconds until one is free."""
        return float(self._script(keys=[self._key(key)], args=[repr(limit.rate), limit.burst, 0]))

    def acquire(self, key: str, limit: RateLimit) -> float:
        """Take one token, sleeping for short waits (the seconds slept are returned); a long wait becomes a
        ``RateLimited`` (a ``RetryableError``) with its delay."""
        waited = 0.0
        while True:
            wait = self.try_acquire(key, limit)
            if wait == 0:
                self.stats.waited(key, waited)
                return waited
            if wait > self._max_sleep:
                self.stats.waited(key, waited + wait)
                raise RateLimited(f"rate limit for {key} exhausted: next token in {wait:.1f} s", code="RateLimited",
                                  delay_seconds=wait)
            time.sleep(wait)
            waited += wait

    def learned_rate(self, key: str) -> float | None:
        """The rate Amazon last announced for ``key`` to any process (``None``: none, or the published one)."""
        value = self._redis.get(f"{self._namespace}:ratelimit_learned:{key}")
        return float(value) if value else None

    def learn_rate(self, key: str, rate: float | None) -> None:
        """Share the rate Amazon announced for ``key`` with every process (``None``: back to the published one).
        Kept a day after the last answer that announced it."""
        name = f"{self._namespace}:ratelimit_learned:{key}"
        if rate is None:
            self._redis.delete(name)
        else:
            self._redis.set(name, repr(rate), ex=86_400)

    def tokens(self, key: str, limit: RateLimit) -> float:
        """The tokens in the bucket now (a full bucket when it was never used); takes nothing."""
        return float(self._script(keys=[self._key(key)], args=[repr(limit.rate), limit.burst, 2]))

    def drain(self, key: str, limit: RateLimit) -> None:
        """Empty the bucket (after Amazon answered 429): every process waits for tokens to come back."""
        self._script(keys=[self._key(key)], args=[repr(limit.rate), limit.burst, 1])
        self.stats.throttled(key)

    def levels(self) -> dict[str, float]:
        """Tokens in each bucket now (per ``account:operation``), as the next caller would find them."""
        prefix = self._key("")
        seconds, micros = self._redis.time()
        now = seconds + micros / 1_000_000
        levels = {}
        for name in sorted(self._redis.scan_iter(match=prefix + "*", count=500)):
            state = {k.decode(): float(v) for k, v in self._redis.hgetall(name).items()}
            if {"tokens", "at", "rate", "burst"} <= state.keys():
                tokens = min(state["burst"], state["tokens"] + max(0.0, now - state["at"]) * state["rate"])
                levels[name.decode()[len(prefix):]] = round(tokens, 2)
        return levels
