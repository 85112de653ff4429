"""How far a producer got through one search window, kept in Redis so that no page is read twice.

A window is one query to a paginated source (searchOrders from ``after`` to ``before``). After every page
whose events are published, the producer saves the token of the next page and its counts here. A poll
that must wait for a rate-limit token, fails, or dies resumes from the saved token: only a page whose
events were not all published is read again. The window is deleted once its last page is published
(and the stream's cursor moved to ``before``).

Keys ``{namespace}:window:{name}`` (e.g. ``amazon:na-main:orders``) hold a JSON document and a version
(pages read), written by compare-and-set so that a stale poller cannot overwrite a newer state. Each
save keeps the key for ``ttl_seconds`` (default 24 hours: how long Amazon's searchOrders pagination
tokens stay valid); a window older than that starts again from the cursor. ``{...}:continuation`` marks
that a poll is already scheduled to carry the window on when its next token comes.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

TOKEN_LIFETIME_SECONDS = 24 * 3600

_COMPARE_AND_SET = """
local current = redis.call('HGET', KEYS[1], 'version') or ''
if current ~= ARGV[1] then
  return 0
end
if ARGV[2] == '' then
  redis.call('DEL', KEYS[1])
else
  redis.call('HSET', KEYS[1], 'version', ARGV[2], 'data', ARGV[3])
  redis.call('EXPIRE', KEYS[1], tonumber(ARGV[4]))
end
return 1
"""
_DELETE_IF_OWNED = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""


@dataclass
class WindowProgress:
    """One window: its bounds and query, the next page's token, and what was read and published so far."""

    after: datetime
    before: datetime | None
    params: dict[str, Any]
    from_cursor: str | None = None
    next_token: str | None = None
    pages_read: int = 0
    orders_seen: int = 0
    events_published: int = 0
    unmappable: int = 0
    first_seen: datetime | None = None
    covered_until: datetime | None = None
    started_at: float = field(default_factory=time.time)
    updated_at: float = field(default_factory=time.time)
    waiting_until: float | None = None
    eta_at: float | None = None

    @property
    def complete(self) -> bool:
        return self.pages_read > 0 and self.next_token is None

    def to_json(self) -> str:
        data = asdict(self)
        for name in ("after", "before", "first_seen", "covered_until"):
            data[name] = data[name].isoformat() if data[name] else None
        return json.dumps(data, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> "WindowProgress":
        data = json.loads(text)
        for name in ("after", "before", "first_seen", "covered_until"):
            data[name] = datetime.fromisoformat(data[name]) if data.get(name) else None
        return cls(**data)


class WindowProgressStore:
    def __init__(self, redis, *, namespace: str, ttl_seconds: int = TOKEN_LIFETIME_SECONDS) -> None:
        self._redis = redis
        self._namespace = namespace
        self._ttl = ttl_seconds
        self._cas = redis.register_script(_COMPARE_AND_SET)
        self._delete_if_owned = redis.register_script(_DELETE_IF_OWNED)

    def _key(self, name: str) -> str:
        return f"{self._namespace}:window:{name}"

    def load(self, name: str) -> WindowProgress | None:
        data = self._redis.hget(self._key(name), "data")
        return WindowProgress.from_json(data.decode() if isinstance(data, bytes) else data) if data else None

    def save(self, name: str, progress: WindowProgress, *, version: int | None) -> bool:
        """Store ``progress`` if the stored one is at ``version`` pages (``None``: no window stored)."""
        progress.updated_at = time.time()
        expected = "" if version is None else str(version)
        return bool(self._cas(keys=[self._key(name)],
                              args=[expected, str(progress.pages_read), progress.to_json(), self._ttl]))

    def finish(self, name: str, *, version: int) -> bool:
        """Delete the window if it is still at ``version`` pages."""
        return bool(self._cas(keys=[self._key(name)], args=[str(version), "", "", self._ttl]))

    def discard(self, name: str) -> None:
        self._redis.delete(self._key(name))

    def windows(self) -> dict[str, WindowProgress]:
        prefix = self._key("")
        found = {}
        for key in self._redis.scan_iter(match=prefix + "*", count=500):
            name = (key.decode() if isinstance(key, bytes) else key)[len(prefix):]
            if not name.endswith(":continuation"):
                progress = self.load(name)
                if progress is not None:
                    found[name] = progress
        return found

    def claim_continuation(self, name: str, token: str, *, seconds: float) -> bool:
        """Mark that the poll ``token`` will carry the window on; ``False`` if another one already will."""
        return bool(self._redis.set(self._key(name) + ":continuation", token, nx=True,
                                    px=max(1, int(seconds * 1000))))

    def release_continuation(self, name: str, token: str) -> None:
        self._delete_if_owned(keys=[self._key(name) + ":continuation"], args=[token])
