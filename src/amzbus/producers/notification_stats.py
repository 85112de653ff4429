"""What the notification readers have done, in Redis: counts by outcome, the last notification's arrival, and
the orders published from a notification (for ``amzbus notifications status`` and the demo's summary)."""

from __future__ import annotations

import time
from typing import Mapping

ORDERS_TTL_SECONDS = 7 * 86_400


class NotificationStats:
    def __init__(self, redis, *, namespace: str) -> None:
        self._redis = redis
        self._key = f"{namespace}:notifications:stats"
        self._orders = f"{namespace}:notifications:orders"

    def round_done(self, *, received: int, outcomes: Mapping[str, int]) -> None:
        with self._redis.pipeline() as pipe:
            pipe.hset(self._key, "last_received_at", time.time())
            pipe.hincrby(self._key, "received", received)
            for kind, count in outcomes.items():
                pipe.hincrby(self._key, kind, count)
            pipe.execute()

    def order_published(self, order_id: str | None) -> None:
        """Remember an order whose event a notification brought (kept a week)."""
        if order_id:
            with self._redis.pipeline() as pipe:
                pipe.sadd(self._orders, order_id)
                pipe.expire(self._orders, ORDERS_TTL_SECONDS)
                pipe.execute()

    def orders_published(self) -> set[str]:
        return {member.decode() for member in self._redis.smembers(self._orders)}

    def report(self) -> dict[str, object]:
        raw = {k.decode(): v.decode() for k, v in self._redis.hgetall(self._key).items()}
        last = float(raw.pop("last_received_at")) if "last_received_at" in raw else None
        counts = {kind: int(value) for kind, value in sorted(raw.items())}
        return {"last_notification_age_seconds": round(time.time() - last, 1) if last else None,
                "orders_published": int(self._redis.scard(self._orders)), "counts": counts}
