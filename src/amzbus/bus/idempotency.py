"""The fast idempotency layer: one claim per (consumer, event id) in Redis.

A claim holds the Dramatiq message id of its owner while the event is being applied, and ``done``
once it was applied. A redelivery of the owner (after a crash) may proceed; any other copy of the
same event waits (the middleware retries it later). One round trip per message of its own in the
common case, ``claim`` (a plain ``SET NX``) before the handler; ``complete`` or ``release`` after it
travel with the message's acknowledgement on the Redis broker (``client`` is then a pipeline).
"""

from __future__ import annotations

from enum import Enum

DONE = "done"

_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


class Claim(Enum):
    CLAIMED = "claimed"
    DONE = "done"
    BUSY = "busy"


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
            return Claim.BUSY

    def complete(self, consumer: str, event_id: str, *, client=None) -> None:
        (client or self._redis).set(self.key(consumer, event_id), DONE, ex=self._done_ttl)

    def release(self, consumer: str, event_id: str, owner: str, *, client=None) -> None:
        self._release(keys=[self.key(consumer, event_id)], args=[owner], client=client or self._redis)

    def was_applied(self, consumer: str, event_id: str) -> bool:
        value = self._redis.get(self.key(consumer, event_id))
        return value in (DONE, DONE.encode())
