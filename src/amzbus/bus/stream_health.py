"""Per stream (``amazon:na-main:orders``): last success, last error, and the cursor's lag."""

from __future__ import annotations

import time
from datetime import datetime

from .failures import describe


class StreamHealth:
    def __init__(self, redis, *, namespace: str) -> None:
        self._redis = redis
        self._namespace = namespace

    def _key(self, stream: str) -> str:
        return f"{self._namespace}:stream:{stream}"

    def succeeded(self, stream: str, *, cursor: datetime | None) -> None:
        fields = {"last_success_at": time.time()}
        if cursor is not None:
            fields["cursor_time"] = cursor.timestamp()
        self._redis.hset(self._key(stream), mapping=fields)

    def failed(self, stream: str, error: BaseException) -> None:
        error_type, message, _ = describe(error)
        self._redis.hset(self._key(stream), mapping={"last_error_at": time.time(),
                                                     "last_error": f"{error_type}: {message}"[:500]})

    def report(self) -> dict[str, dict]:
        prefix = f"{self._namespace}:stream:"
        now = time.time()
        report = {}
        for key in sorted(self._redis.scan_iter(match=prefix + "*", count=500)):
            raw = {k.decode(): v.decode() for k, v in self._redis.hgetall(key).items()}
            cursor_time = float(raw["cursor_time"]) if "cursor_time" in raw else None
            report[key.decode()[len(prefix):]] = {
                "last_success_at": _iso(raw.get("last_success_at")),
                "last_error_at": _iso(raw.get("last_error_at")),
                "last_error": raw.get("last_error"),
                "lag_seconds": round(now - cursor_time, 1) if cursor_time else None,
            }
        return report


def _iso(value: str | None) -> str | None:
    from datetime import timezone

    return datetime.fromtimestamp(float(value), timezone.utc).isoformat(timespec="seconds") if value else None
