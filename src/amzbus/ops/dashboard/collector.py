"""The dashboard's ``/metrics``: the deployment's state, read from Redis at each scrape.

Queue depths by state, dead letters, the oldest message's age, each stream's lag and last success, the
rate-limit buckets, and workers alive or missing. Workers serve their own counters (``bus/metrics.py``).
"""

from __future__ import annotations

from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector, CollectorRegistry

from .overview import read_limiter, read_queues, read_streams, read_workers


class DeploymentCollector(Collector):
    def __init__(self, runtime) -> None:
        self._runtime = runtime

    def collect(self):
        runtime = self._runtime
        yield from _queue_families(read_queues(runtime))
        yield from _stream_families(read_streams(runtime))
        tokens = GaugeMetricFamily("amzbus_rate_limit_tokens", "Tokens in the shared bucket now.",
                                   labels=["account", "operation"])
        for row in read_limiter(runtime):
            if row.tokens is not None:
                tokens.add_metric([row.account, row.operation], row.tokens)
        yield tokens
        workers = read_workers(runtime)
        family = GaugeMetricFamily("amzbus_workers", "Registered worker processes, alive (heartbeat within the "
                                   "timeout) or missing (died without stopping).", labels=["state"])
        family.add_metric(["alive"], sum(w.alive for w in workers))
        family.add_metric(["missing"], sum(not w.alive for w in workers))
        yield family


def _queue_families(stats):
    depth = GaugeMetricFamily("amzbus_queue_messages", "Messages per queue and state.", labels=["queue", "state"])
    dead = GaugeMetricFamily("amzbus_dead_letters", "Dead letters per queue.", labels=["queue"])
    oldest = GaugeMetricFamily("amzbus_queue_oldest_message_age_seconds", "Age of the oldest ready message.",
                               labels=["queue"])
    for s in stats:
        for state, value in (("ready", s.ready), ("delayed", s.delayed), ("in_flight", s.in_flight)):
            depth.add_metric([s.queue, state], value)
        dead.add_metric([s.queue], s.dead)
        oldest.add_metric([s.queue], s.oldest_ready_age_seconds or 0.0)
    return depth, dead, oldest


def _stream_families(streams):
    lag = GaugeMetricFamily("amzbus_stream_lag_seconds", "How far each stream's cursor is behind now.",
                            labels=["stream"])
    for name, health in streams.items():
        if health.get("lag_seconds") is not None:
            lag.add_metric([name], health["lag_seconds"])
    return (lag,)


def deployment_registry(runtime) -> CollectorRegistry:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(DeploymentCollector(runtime))
    return registry
