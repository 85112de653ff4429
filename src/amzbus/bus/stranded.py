"""Messages left unacknowledged by a worker process that died (kill -9, OOM), put back on their queue.

Dramatiq only does this in its random maintenance (about 0.1% of calls: minutes to hours,
reference/dramatiq.md §1.4). ``rescue`` does it at once for every broker whose heartbeat is older
than the heartbeat timeout, or that has no heartbeat at all.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from .redis_layout import RedisLayout

_REQUEUE = """
local ids = redis.call('SMEMBERS', KEYS[1])
local moved = 0
for _, id in ipairs(ids) do
  if redis.call('HEXISTS', KEYS[2], id) == 1 then
    redis.call('RPUSH', KEYS[3], id)
    moved = moved + 1
  end
end
redis.call('DEL', KEYS[1])
return moved
"""


@dataclass(frozen=True)
class Stranded:
    broker_id: str
    queue: str
    count: int


class StrandedMessages:
    def __init__(self, redis, *, namespace: str, heartbeat_timeout_ms: int) -> None:
        self._redis = redis
        self._layout = RedisLayout(namespace)
        self._timeout_ms = heartbeat_timeout_ms
        self._requeue = redis.register_script(_REQUEUE)

    def find(self, *, exclude: frozenset[str] = frozenset()) -> list[Stranded]:
        """Unacknowledged messages held by brokers that stopped beating (except the ``exclude``d ones,
        such as the calling process's own, which is alive whatever its heartbeat says)."""
        now_ms = time.time() * 1000
        beats = {self._text(b): s for b, s in self._redis.zrange(self._layout.heartbeats, 0, -1, withscores=True)}
        found = []
        for key in self._redis.scan_iter(match=self._layout.acks_pattern, count=500):
            broker_id, queue = self._layout.parse_acks(self._text(key))
            if broker_id in exclude:
                continue
            last_beat = beats.get(broker_id)
            if last_beat is not None and now_ms - last_beat < self._timeout_ms:
                continue
            count = self._redis.scard(key)
            if count:
                found.append(Stranded(broker_id, queue, count))
        return found

    def rescue(self, *, exclude: frozenset[str] = frozenset()) -> list[Stranded]:
        """Put the stranded messages back on their queues; what was moved."""
        rescued = []
        for stranded in self.find(exclude=exclude):
            acks = f"{self._layout.namespace}:__acks__.{stranded.broker_id}.{stranded.queue}"
            moved = self._requeue(keys=[acks, self._layout.messages(stranded.queue), self._layout.queue(stranded.queue)])
            if moved:
                rescued.append(Stranded(stranded.broker_id, stranded.queue, int(moved)))
            if not any(True for _ in self._redis.scan_iter(
                    match=f"{self._layout.namespace}:__acks__.{stranded.broker_id}.*", count=500)):
                self._redis.zrem(self._layout.heartbeats, stranded.broker_id)
        return rescued

    @staticmethod
    def _text(value) -> str:
        return value.decode() if isinstance(value, bytes) else str(value)
