"""Stream cursors (where a producer got to), advanced only by compare-and-set.

A producer reads the cursor, polls, publishes, then moves the cursor from the value it read: if
another poller moved it meanwhile (a stale poller whose lock expired), the move is refused.
"""

from __future__ import annotations

_COMPARE_AND_SET = """
local current = redis.call('GET', KEYS[1])
if (current or '') == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2])
  return 1
end
return 0
"""


class Cursors:
    """Keys ``{namespace}:cursor:{stream}``, e.g. stream ``amazon:na-main:orders``."""

    def __init__(self, redis, *, namespace: str) -> None:
        self._redis = redis
        self._namespace = namespace
        self._cas = redis.register_script(_COMPARE_AND_SET)

    def _key(self, stream: str) -> str:
        return f"{self._namespace}:cursor:{stream}"

    def get(self, stream: str) -> str | None:
        value = self._redis.get(self._key(stream))
        return value.decode() if isinstance(value, bytes) else value

    def compare_and_set(self, stream: str, expected: str | None, new: str) -> bool:
        """Move the cursor to ``new`` only if it still holds ``expected`` (``None``: never set)."""
        return bool(self._cas(keys=[self._key(stream)], args=[expected or "", new]))

    def streams(self) -> dict[str, str]:
        prefix = f"{self._namespace}:cursor:"
        keys = list(self._redis.scan_iter(match=prefix + "*", count=500))
        values = self._redis.mget(keys) if keys else []
        return {k.decode()[len(prefix):]: v.decode() for k, v in zip(keys, values) if v is not None}
