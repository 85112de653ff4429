"""Dramatiq's Redis key layout (reference/dramatiq.md §1.1), in one place."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RedisLayout:
    namespace: str

    def queue(self, q: str) -> str:
        return f"{self.namespace}:{q}"

    def messages(self, q: str) -> str:
        return f"{self.namespace}:{q}.msgs"

    def delayed_messages(self, q: str) -> str:
        return f"{self.namespace}:{q}.DQ.msgs"

    def dead(self, q: str) -> str:
        return f"{self.namespace}:{q}.XQ"

    def dead_messages(self, q: str) -> str:
        return f"{self.namespace}:{q}.XQ.msgs"

    @property
    def heartbeats(self) -> str:
        return f"{self.namespace}:__heartbeats__"

    @property
    def acks_pattern(self) -> str:
        return f"{self.namespace}:__acks__.*"

    def parse_acks(self, key: str) -> tuple[str, str]:
        """``ns:__acks__.{broker_id}.{queue}`` -> (broker_id, queue); the queue may end in ``.DQ``."""
        rest = key[len(f"{self.namespace}:__acks__."):]
        broker_id, _, queue = rest.partition(".")
        return broker_id, queue

    def canonical(self, q: str) -> str:
        return q[:-3] if q.endswith(".DQ") else q

    def dead_queues_pattern(self) -> str:
        return f"{self.namespace}:*.XQ"

    def replayed_marker(self, redis_id: str) -> str:
        return f"{self.namespace}:dlq:replayed:{redis_id}"
