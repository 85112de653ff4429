"""The fast idempotency layer: one claim per (consumer, event id) in Redis.

A claim holds the Dramatiq message id of its owner while the event is being applied, ``done`` once
it was applied, and ``dead:<owner>`` once the owner was dead-lettered (so the dead-letter queue holds
one copy of the event, not one per overlapping poll; replaying that letter takes the claim back,
purging it frees the claim). A redelivery of the owner (after a crash) may proceed; any other copy of
the same event waits (the middleware retries it later). One round trip per message of its own in the
common case, ``claim`` (a plain ``SET NX``) before the handler; ``complete`` or ``release`` after it
travel with the message's acknowledgement on the Redis broker (``client`` is then a pipeline).
"""

from __future__ import annotations

from enum import Enum

DONE = "done"
DEAD = "dead:"  # + the message id of the copy that was dead-lettered

_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""
_MARK_DEAD = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('SET', KEYS[1], 'dead:' .. ARGV[1], 'EX', ARGV[2]) end
return 0
"""


class Claim(Enum):
    CLAIMED = "claimed"
    DONE = "done"
    BUSY = "busy"
    DEAD = "dead"


class IdempotencyStore:
    """Keys ``{namespace}:applied:{consumer}:{event_id}``.

    Parameters:
      claim_ttl_ms: how long an unfinished claim lives (a crashed owner's claim frees itself).
      done_ttl_seconds: how long "applied" is remembered (at least the dead-letter retention).
    """

    def __init__(self, redis, *, namespace: str, claim_ttl_ms: int = 600_000,
                 done_ttl_seconds: int = 35 * 86_400) -> None:
        self._redis = redis
        self._namespace = namespace
        self._claim_ttl_ms = claim_ttl_ms
        self._done_ttl = done_ttl_seconds
        self._release = redis.register_script(_RELEASE)
        self._mark_dead = redis.register_script(_MARK_DEAD)

    def key(self, consumer: str, event_id: str) -> str:
        return f"{self._namespace}:applied:{consumer}:{event_id}"

    def claim(self, consumer: str, event_id: str, owner: str) -> Claim:
        key = self.key(consumer, event_id)
        while True:
            if self._redis.set(key, owner, nx=True, px=self._claim_ttl_ms):
                return Claim.CLAIMED
            current = self._redis.get(key)
            if current is None:
                continue  # released between the two calls: try to claim again
            current = current.decode()
            if current == DONE:
                return Claim.DONE
            if current == owner:  # a redelivery of the owner itself (after a crash or a rescue)
                self._redis.pexpire(key, self._claim_ttl_ms)
                return Claim.CLAIMED
            if current == DEAD + owner:  # the dead letter itself, replayed
                self._redis.set(key, owner, px=self._claim_ttl_ms)
                return Claim.CLAIMED
            return Claim.DEAD if current.startswith(DEAD) else Claim.BUSY

    def complete(self, consumer: str, event_id: str, *, client=None) -> None:
        (client or self._redis).set(self.key(consumer, event_id), DONE, ex=self._done_ttl)

    def release(self, consumer: str, event_id: str, owner: str, *, client=None) -> None:
        self._release(keys=[self.key(consumer, event_id)], args=[owner], client=client or self._redis)

    def mark_dead(self, consumer: str, event_id: str, owner: str, *, client=None) -> None:
        """The owner was dead-lettered: other copies are skipped (the dead letter is the one to replay)."""
        self._mark_dead(keys=[self.key(consumer, event_id)], args=[owner, self._done_ttl], client=client or self._redis)

    def forget_dead(self, consumer: str, event_id: str, owner: str) -> None:
        """The owner's dead letter was purged: a later copy of the event may be applied again."""
        self._release(keys=[self.key(consumer, event_id)], args=[DEAD + owner])

    def was_applied(self, consumer: str, event_id: str) -> bool:
        value = self._redis.get(self.key(consumer, event_id))
        return value in (DONE, DONE.encode())
