"""Dramatiq's Redis broker, with delayed messages that survive a lost connection, and the bus's own
writes made in the same round trip as a message's acknowledgement.

A worker keeps the delayed messages it fetched (retries waiting for their time) in memory, and
Redis lists them as unacknowledged by that worker process. When the connection to Redis breaks,
Dramatiq's consumer thread drops that memory and starts a new consumer, but the messages stay
listed as the living process's: no rescue takes them back (their owner still beats), so retries
scheduled before a Redis restart would wait until the worker process ends.

Here a new consumer of a delay queue first puts back every message its process still holds
unacknowledged on that queue: a fresh consumer holds nothing, so they are exactly the dropped ones.

The middleware's writes that belong with an acknowledgement (``bus/ack_writes.py``: an event marked
applied, a claim released) are sent with the ack or nack in one transaction: one round trip instead
of two, and never one without the other.
"""

from __future__ import annotations

from dramatiq.brokers.redis import RedisBroker as DramatiqRedisBroker, _RedisConsumer
from dramatiq.common import current_millis
from dramatiq.errors import ConnectionClosed
from redis.exceptions import ConnectionError as RedisConnectionError, NoScriptError, TimeoutError as RedisTimeoutError

from . import ack_writes


class RedisBroker(DramatiqRedisBroker):
    writes_with_ack = True

    @property
    def consumer_class(self):
        return _Consumer

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

    def dispatch_in(self, pipeline, command: str, queue_name: str, *args) -> None:
        """Queue one of the broker's script commands on ``pipeline`` (as ``do_<command>`` would run it).

        By its hash alone: redis-py would first ask Redis whether it knows the script, a round trip
        more; ``NoScriptError`` says it does not (Redis restarted), and ``load_dispatch`` fixes that.
        """
        pipeline.evalsha(self.scripts["dispatch"].sha, 1, self.namespace, command, current_millis(), queue_name,
                         self.broker_id, self.heartbeat_timeout, self.dead_message_ttl,
                         self._should_do_maintenance(command), self._max_unpack_size(), *args)

    def load_dispatch(self) -> None:
        self.client.script_load(self.scripts["dispatch"].script)


class _Consumer(_RedisConsumer):
    def ack(self, message):
        self._settle("ack", message) if ack_writes.take(message) else super().ack(message)

    def nack(self, message):
        self._settle("nack", message) if ack_writes.take(message) else super().nack(message)

    def _settle(self, command: str, message) -> None:
        try:
            try:
                self._send(command, message)
            except NoScriptError:  # the writes are idempotent: send them all again
                self.broker.load_dispatch()
                self._send(command, message)
            ack_writes.done(message)
        except (RedisConnectionError, RedisTimeoutError) as error:
            raise ConnectionClosed(error) from None  # Dramatiq tries again until Redis answers
        finally:
            self.queued_message_ids.discard(message.message_id)

    def _send(self, command: str, message) -> None:
        pipeline = self.broker.client.pipeline(transaction=True)
        for write in ack_writes.take(message):
            write(pipeline)
        self.broker.dispatch_in(pipeline, command, self.queue_name, message.options["redis_message_id"])
        pipeline.execute()
