"""What went wrong with a message: attempts, first/last failure times and the final error.

Dramatiq's dead-letter copy lacks the final error (reference/dramatiq.md §1.2), so the
``FailureRecorder`` middleware writes one Redis hash per failing message, keyed by Dramatiq's
``message_id`` (stable across retries), kept as long as dead letters are.
"""

from __future__ import annotations

import time
import traceback
from dataclasses import dataclass

from .redaction import redact_text

TRACEBACK_LINES = 12


@dataclass(frozen=True)
class FailureRecord:
    attempts: int
    first_failed_at: float
    last_failed_at: float
    error_type: str
    error_message: str
    traceback: str
    dead_lettered_at: float | None = None


def describe(exception: BaseException) -> tuple[str, str, str]:
    """(type, message, short traceback) of an exception, with secrets and e-mails masked."""
    lines = traceback.format_exception(type(exception), exception, exception.__traceback__)
    short = "".join(lines[-TRACEBACK_LINES:])
    return type(exception).__name__, redact_text(str(exception))[:2000], redact_text(short)[-4000:]


class FailureStore:
    def __init__(self, redis, *, namespace: str, ttl_seconds: int) -> None:
        self._redis = redis
        self._namespace = namespace
        self._ttl = ttl_seconds

    def _key(self, message_id: str) -> str:
        return f"{self._namespace}:failure:{message_id}"

    def record_attempt(self, message_id: str, exception: BaseException) -> None:
        error_type, message, short_traceback = describe(exception)
        now = time.time()
        key = self._key(message_id)
        pipe = self._redis.pipeline()
        pipe.hsetnx(key, "first_failed_at", now)
        pipe.hincrby(key, "attempts", 1)
        pipe.hset(key, mapping={"last_failed_at": now, "error_type": error_type,
                                "error_message": message, "traceback": short_traceback})
        pipe.expire(key, self._ttl)
        pipe.execute()

    def mark_dead_lettered(self, message_id: str) -> None:
        self._redis.hset(self._key(message_id), "dead_lettered_at", time.time())

    def forget(self, message_id: str) -> None:
        self._redis.delete(self._key(message_id))

    def get(self, message_id: str) -> FailureRecord | None:
        return self.get_many([message_id]).get(message_id)

    def get_many(self, message_ids: list[str]) -> dict[str, FailureRecord]:
        pipe = self._redis.pipeline()
        for message_id in message_ids:
            pipe.hgetall(self._key(message_id))
        records = {}
        for message_id, raw in zip(message_ids, pipe.execute()):
            if raw:
                records[message_id] = _record(raw)
        return records


def _record(raw: dict) -> FailureRecord:
    text = {k.decode() if isinstance(k, bytes) else k: v.decode() if isinstance(v, bytes) else v for k, v in raw.items()}
    return FailureRecord(
        attempts=int(text.get("attempts", 0)),
        first_failed_at=float(text.get("first_failed_at", 0)),
        last_failed_at=float(text.get("last_failed_at", 0)),
        error_type=text.get("error_type", ""),
        error_message=text.get("error_message", ""),
        traceback=text.get("traceback", ""),
        dead_lettered_at=float(text["dead_lettered_at"]) if "dead_lettered_at" in text else None,
    )
