"""What the shared rate limiter saw in the last hour, per key (``account:operation``), for the dashboard.

One Redis hash per key, ``{namespace}:ratelimit_stats:{key}``, with one field per minute for the seconds
waited (``wait:{minute}``) and for Amazon's 429 answers (``throttled:{minute}``); fields older than an
hour are dropped when the key is written, and the key expires two hours after its last write. Every
process writes to it, so the totals are the deployment's, not one worker's.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

WINDOW_SECONDS = 3_600


@dataclass(frozen=True)
class LimiterHour:
    key: str
    waited_seconds: float
    throttled: int


class RateLimitStats:
    def __init__(self, redis, *, namespace: str) -> None:
        self._redis = redis
        self._prefix = f"{namespace}:ratelimit_stats:"

    def waited(self, key: str, seconds: float) -> None:
        if seconds > 0:
            self._add(key, "wait", seconds)

    def throttled(self, key: str) -> None:
        self._add(key, "throttled", 1)

    def _add(self, key: str, kind: str, amount: float) -> None:
        minute = int(time.time() // 60)
        name = self._prefix + key
        pipe = self._redis.pipeline()
        pipe.hincrbyfloat(name, f"{kind}:{minute}", amount)
        pipe.expire(name, 2 * WINDOW_SECONDS)
        pipe.execute()
        stale = [f for f in self._redis.hkeys(name) if int(f.split(b":")[1]) < minute - 60]
        if stale:
            self._redis.hdel(name, *stale)

    def last_hour(self) -> dict[str, LimiterHour]:
        since = int(time.time() // 60) - 59
        report = {}
        for name in sorted(self._redis.scan_iter(match=self._prefix + "*", count=500)):
            totals = {"wait": 0.0, "throttled": 0.0}
            for field, value in self._redis.hgetall(name).items():
                kind, minute = field.decode().split(":")
                if int(minute) >= since:
                    totals[kind] += float(value)
            key = name.decode()[len(self._prefix):]
            report[key] = LimiterHour(key, round(totals["wait"], 3), int(totals["throttled"]))
        return report
