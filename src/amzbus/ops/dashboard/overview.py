"""What the overview page shows, read from Redis in one go: queues (with their trend), streams, rate limits,
workers and warnings. The same reading feeds the dashboard's ``/metrics``."""

from __future__ import annotations

from dataclasses import dataclass

from ...bus.app import ALL_QUEUES
from ...bus.queue_stats import QueueStats, queue_stats
from ...bus.workers import WorkerRegistry, WorkerStatus
from . import warnings
from .history import QueueHistory


@dataclass(frozen=True)
class LimiterRow:
    account: str
    operation: str
    tokens: float | None
    waited_seconds: float
    throttled: int


@dataclass(frozen=True)
class Overview:
    queues: list[QueueStats]
    trends: dict
    streams: dict[str, dict]
    limiter: list[LimiterRow]
    workers: list[WorkerStatus]
    warnings: list[warnings.Warning]


def read_queues(runtime) -> list[QueueStats]:
    queues = sorted(set(ALL_QUEUES) | set(runtime.dead_letters.queues()))
    return queue_stats(runtime.redis, namespace=runtime.namespace, queues=queues)


def read_streams(runtime) -> dict[str, dict]:
    cursors = runtime.cursors.streams()
    health = runtime.stream_health.report()
    return {name: {"cursor": cursors.get(name), **health.get(name, {})} for name in sorted(set(cursors) | set(health))}


def read_limiter(runtime) -> list[LimiterRow]:
    levels = runtime.rate_limiter.levels()
    hour = runtime.rate_limiter.stats.last_hour()
    rows = []
    for key in sorted(set(levels) | set(hour)):
        account, _, operation = key.partition(":")
        stats = hour.get(key)
        rows.append(LimiterRow(account, operation, levels.get(key), stats.waited_seconds if stats else 0.0,
                               stats.throttled if stats else 0))
    return rows


def read_workers(runtime) -> list[WorkerStatus]:
    return WorkerRegistry(runtime.redis, namespace=runtime.namespace,
                          heartbeat_timeout_ms=runtime.settings.bus.heartbeat_timeout_ms).report()


def read_overview(runtime, history: QueueHistory) -> Overview:
    queues = read_queues(runtime)
    history.record(queues)
    return Overview(queues, history.trends(), read_streams(runtime), read_limiter(runtime), read_workers(runtime),
                    warnings.collect(runtime))
