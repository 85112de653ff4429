"""The last hour of queue depths behind the dashboard's trends, kept in Redis."""

from __future__ import annotations

import json
import time

from amzbus.bus.queue_stats import QueueStats
from amzbus.ops.dashboard.history import WINDOW_SECONDS, QueueHistory, sparkline


def stats(ready: int, dead: int) -> list[QueueStats]:
    return [QueueStats("to_odoo", ready, 1, 2, dead, None, None)]


def test_samples_become_per_queue_trends_and_a_second_dashboard_does_not_double_them(redis_client, namespace):
    history = QueueHistory(redis_client, namespace=namespace, interval_seconds=30)
    key = f"{namespace}:dashboard:queue_history"
    # Given a sample from an hour and a half ago and one from ten minutes ago
    for age, ready in ((WINDOW_SECONDS + 1800, 50), (600, 7)):
        redis_client.lpush(key, json.dumps({"at": time.time() - age, "queues": {"to_odoo": [ready, 0]}}))
    # When a dashboard samples now, and another one a moment later
    assert history.record(stats(ready=4, dead=1)) is True
    assert history.record(stats(ready=9, dead=9)) is False
    # Then the trend holds the last hour only: backlog = ready + delayed + in flight, and dead letters
    trend = history.trends()["to_odoo"]
    assert [value for _, value in trend["backlog"]] == [7, 7]
    assert [value for _, value in trend["dead"]] == [0, 1]
    # And it draws as a line across the last hour, the largest value at the top
    points = [tuple(map(float, p.split(","))) for p in sparkline(trend["backlog"], width=160, height=28).split()]
    assert 133 < points[0][0] < 134 and points[-1][0] > 159.9  # ten minutes ago, and now
    assert points[0][1] == points[-1][1] == 2.0
    assert sparkline(trend["backlog"][:1]) == ""
