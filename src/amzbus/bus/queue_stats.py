"""Per-queue counts read from Dramatiq's Redis layout: ready, delayed, in flight, dead, oldest age."""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass

from .redis_layout import RedisLayout


@dataclass(frozen=True)
class QueueStats:
    queue: str
    ready: int
    delayed: int
    in_flight: int
    dead: int
    oldest_ready_age_seconds: float | None
    oldest_dead_age_seconds: float | None

    def as_dict(self) -> dict:
        return asdict(self)


def queue_stats(redis, *, namespace: str, queues: list[str]) -> list[QueueStats]:
    layout = RedisLayout(namespace)
    in_flight: dict[str, int] = {}
    for key in redis.scan_iter(match=layout.acks_pattern, count=500):
        _, queue = layout.parse_acks(key.decode() if isinstance(key, bytes) else key)
        if not queue.endswith(".DQ"):
            in_flight[queue] = in_flight.get(queue, 0) + redis.scard(key)
    now = time.time()
    return [_one(redis, layout, q, in_flight.get(q, 0), now) for q in queues]


def _one(redis, layout: RedisLayout, queue: str, in_flight: int, now: float) -> QueueStats:
    pipe = redis.pipeline()
    pipe.llen(layout.queue(queue))
    pipe.hlen(layout.delayed_messages(queue))
    pipe.zcard(layout.dead(queue))
    pipe.lindex(layout.queue(queue), 0)
    pipe.zrange(layout.dead(queue), 0, 0, withscores=True)
    ready, delayed, dead, first_id, first_dead = pipe.execute()
    oldest_ready = None
    if first_id is not None:
        raw = redis.hget(layout.messages(queue), first_id)
        if raw:
            oldest_ready = round(now - json.loads(raw)["message_timestamp"] / 1000, 3)
    oldest_dead = round(now - first_dead[0][1] / 1000, 3) if first_dead else None
    return QueueStats(queue, ready, delayed, in_flight, dead, oldest_ready, oldest_dead)
