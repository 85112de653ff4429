"""The last hour of queue depths, sampled by the dashboard, for the trend next to each queue.

A Redis list ``{namespace}:dashboard:queue_history`` of JSON samples ``{"at": t, "queues": {q: [backlog,
dead]}}``, newest first, trimmed to an hour. A sample is skipped when the newest one is younger than half
the interval, so two dashboards do not double the samples.
"""

from __future__ import annotations

import json
import time

from ...bus.queue_stats import QueueStats

WINDOW_SECONDS = 3_600


class QueueHistory:
    """Parameters:
      interval_seconds: time between two samples (default 30 s: 120 points per hour).
    """

    def __init__(self, redis, *, namespace: str, interval_seconds: float = 30.0) -> None:
        self._redis = redis
        self._key = f"{namespace}:dashboard:queue_history"
        self.interval_seconds = interval_seconds

    def record(self, stats: list[QueueStats]) -> bool:
        now = time.time()
        newest = self._redis.lindex(self._key, 0)
        if newest is not None and now - json.loads(newest)["at"] < self.interval_seconds / 2:
            return False
        sample = {"at": now, "queues": {s.queue: [s.ready + s.delayed + s.in_flight, s.dead] for s in stats}}
        pipe = self._redis.pipeline()
        pipe.lpush(self._key, json.dumps(sample))
        pipe.ltrim(self._key, 0, int(WINDOW_SECONDS / self.interval_seconds))
        pipe.expire(self._key, 2 * WINDOW_SECONDS)
        pipe.execute()
        return True

    def trends(self) -> dict[str, dict[str, list[tuple[float, int]]]]:
        """Per queue, the backlog (ready + delayed + in flight) and dead points of the last hour, oldest first."""
        since = time.time() - WINDOW_SECONDS
        samples = [json.loads(raw) for raw in reversed(self._redis.lrange(self._key, 0, -1))]
        trends: dict[str, dict[str, list]] = {}
        for sample in samples:
            if sample["at"] < since:
                continue
            for queue, (backlog, dead) in sample["queues"].items():
                series = trends.setdefault(queue, {"backlog": [], "dead": []})
                series["backlog"].append((sample["at"], backlog))
                series["dead"].append((sample["at"], dead))
        return trends


def sparkline(points: list[tuple[float, int]], *, width: int = 160, height: int = 28) -> str:
    """An SVG polyline's ``points`` attribute for the values over the last hour (empty when fewer than two)."""
    if len(points) < 2:
        return ""
    end = time.time()
    top = max(value for _, value in points) or 1
    return " ".join(f"{width * (1 - (end - at) / WINDOW_SECONDS):.1f},{height - 2 - (height - 4) * value / top:.1f}"
                    for at, value in points)
