"""Dramatiq's Redis broker, with delayed messages that survive a lost connection.

A worker keeps the delayed messages it fetched (retries waiting for their time) in memory, and
Redis lists them as unacknowledged by that worker process. When the connection to Redis breaks,
Dramatiq's consumer thread drops that memory and starts a new consumer, but the messages stay
listed as the living process's: no rescue takes them back (their owner still beats), so retries
scheduled before a Redis restart would wait until the worker process ends.

Here a new consumer of a delay queue first puts back every message its process still holds
unacknowledged on that queue: a fresh consumer holds nothing, so they are exactly the dropped ones.
"""

from __future__ import annotations

from dramatiq.brokers.redis import RedisBroker as DramatiqRedisBroker
from dramatiq.errors import ConnectionClosed
from redis.exceptions import ConnectionError as RedisConnectionError, TimeoutError as RedisTimeoutError


class RedisBroker(DramatiqRedisBroker):
    def consume(self, queue_name: str, prefetch: int = 1, timeout: int = 5000):
        if queue_name.endswith(".DQ"):
            try:
                self.requeue_orphaned(queue_name)
            except (RedisConnectionError, RedisTimeoutError) as error:
                raise ConnectionClosed(error) from None  # the consumer thread retries in a second
        return super().consume(queue_name, prefetch=prefetch, timeout=timeout)

    def requeue_orphaned(self, queue_name: str) -> int:
        """Put back the messages of ``queue_name`` this process fetched and no longer holds."""
        acks = f"{self.namespace}:__acks__.{self.broker_id}.{queue_name}"
        ids = [i.decode() if isinstance(i, bytes) else i for i in self.client.smembers(acks)]
        if ids:
            self.do_requeue(queue_name, *ids)
            self.logger.info("Put back %d delayed message(s) dropped with a lost connection.", len(ids))
        return len(ids)
