"""Which worker processes exist and whether they are alive, for the dashboard, ``/metrics`` and alerts.

Each worker registers itself (host, pid, threads, queues, its ``/metrics`` address) in the hash
``{namespace}:workers`` under its broker id, and removes itself when it stops gracefully. Liveness is
Dramatiq's own heartbeat (``{namespace}:__heartbeats__``): a registered worker whose heartbeat is
older than the heartbeat timeout (or gone) is *missing*: it died without stopping (kill -9, OOM, a
lost host). A missing worker is reported for an hour after its last sign of life, then forgotten.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass

from .redis_layout import RedisLayout

FORGET_AFTER_SECONDS = 3_600


@dataclass(frozen=True)
class WorkerStatus:
    broker_id: str
    host: str
    pid: int
    threads: int
    queues: list[str]
    metrics_url: str | None
    started_at: float
    last_heartbeat_age_seconds: float | None
    alive: bool

    def as_dict(self) -> dict:
        return asdict(self)


class WorkerRegistry:
    def __init__(self, redis, *, namespace: str, heartbeat_timeout_ms: int) -> None:
        self._redis = redis
        self._layout = RedisLayout(namespace)
        self._key = f"{namespace}:workers"
        self._timeout = heartbeat_timeout_ms / 1000

    def register(self, broker_id: str, *, host: str, pid: int, threads: int, queues: list[str],
                 metrics_url: str | None) -> None:
        info = {"host": host, "pid": pid, "threads": threads, "queues": sorted(queues),
                "metrics_url": metrics_url, "started_at": time.time()}
        self._redis.hset(self._key, broker_id, json.dumps(info))

    def deregister(self, broker_id: str) -> None:
        self._redis.hdel(self._key, broker_id)

    def report(self) -> list[WorkerStatus]:
        now_ms = time.time() * 1000
        beats = {b.decode(): s for b, s in self._redis.zrange(self._layout.heartbeats, 0, -1, withscores=True)}
        statuses, forgotten = [], []
        for raw_id, raw in self._redis.hgetall(self._key).items():
            broker_id, info = raw_id.decode(), json.loads(raw)
            beat = beats.get(broker_id)
            age = round((now_ms - beat) / 1000, 1) if beat is not None else None
            alive = age is not None and age <= self._timeout
            last_sign = beat / 1000 if beat is not None else info["started_at"]
            if not alive and now_ms / 1000 - last_sign > FORGET_AFTER_SECONDS:
                forgotten.append(broker_id)
                continue
            statuses.append(WorkerStatus(broker_id, info["host"], info["pid"], info["threads"], info["queues"],
                                         info.get("metrics_url"), info["started_at"], age, alive))
        if forgotten:
            self._redis.hdel(self._key, *forgotten)
        return sorted(statuses, key=lambda s: (s.host, s.pid))
