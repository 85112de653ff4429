"""Dead letters on the Redis broker: list, show, replay, purge, and rescue of stranded messages.

Dramatiq has no API for these (reference/dramatiq.md §1.6); this works on its key layout directly.
A dead letter's id is its Redis message id. Replays are atomic moves back to the queue with the
attempt count and age reset; replaying an id twice is harmless (the second time reports when it was
replayed and changes nothing). Payloads are kept for replay and only ever shown masked.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Iterable

from .errors import NotFoundError
from .failures import FailureRecord, FailureStore
from .idempotency import IdempotencyStore
from .redaction import redact
from .redis_layout import RedisLayout

_MOVE_BACK = """
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 0 then
  return redis.call('GET', KEYS[5]) or ''
end
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('HSET', KEYS[4], ARGV[1], ARGV[2])
redis.call('RPUSH', KEYS[3], ARGV[1])
redis.call('SET', KEYS[5], ARGV[3], 'EX', ARGV[4])
return 'moved'
"""


@dataclass(frozen=True)
class DeadLetter:
    id: str
    queue: str
    message_id: str
    actor: str
    event_id: str | None
    event_type: str | None
    account: str | None
    dead_lettered_at: float
    replay_count: int
    failure: FailureRecord | None
    payload: Any

    def summary(self) -> dict[str, Any]:
        failure = self.failure
        return {
            "id": self.id, "queue": self.queue, "actor": self.actor, "message_id": self.message_id,
            "event_id": self.event_id, "event_type": self.event_type, "account": self.account,
            "dead_lettered_at": _iso(self.dead_lettered_at), "replay_count": self.replay_count,
            "attempts": failure.attempts if failure else None,
            "first_failed_at": _iso(failure.first_failed_at) if failure else None,
            "last_failed_at": _iso(failure.last_failed_at) if failure else None,
            "error_type": failure.error_type if failure else None,
            "error_message": failure.error_message if failure else None,
        }

    def details(self) -> dict[str, Any]:
        """Everything an operator needs, with the payload masked (secrets and personal data)."""
        return {**self.summary(), "traceback": self.failure.traceback if self.failure else None,
                "payload": redact(self.payload)}


@dataclass(frozen=True)
class ReplayResult:
    id: str
    replayed: bool
    note: str


class DeadLetters:
    def __init__(self, redis, *, namespace: str, failures: FailureStore, ttl_seconds: int,
                 claims: IdempotencyStore | None = None) -> None:
        self._redis = redis
        self._claims = claims
        self._layout = RedisLayout(namespace)
        self._failures = failures
        self._ttl = ttl_seconds
        self._move_back = redis.register_script(_MOVE_BACK)

    def queues(self) -> list[str]:
        found = {self._text(k)[len(self._layout.namespace) + 1:-3]
                 for k in self._redis.scan_iter(match=self._layout.dead_queues_pattern(), count=500)}
        return sorted(found | {"to_odoo", "to_amazon"})

    def prune_expired(self) -> int:
        """Drop dead letters older than the retention (personal data is not kept longer)."""
        cutoff_ms = (time.time() - self._ttl) * 1000
        dropped = 0
        for queue in self.queues():
            ids = self._redis.zrangebyscore(self._layout.dead(queue), 0, cutoff_ms)
            if ids:
                self._redis.zrem(self._layout.dead(queue), *ids)
                self._redis.hdel(self._layout.dead_messages(queue), *ids)
                dropped += len(ids)
        return dropped

    def list(self, *, queue: str | None = None, event_type: str | None = None, account: str | None = None,
             since: datetime | None = None, until: datetime | None = None,
             limit: int | None = None) -> list[DeadLetter]:
        self.prune_expired()
        letters: list[DeadLetter] = []
        for q in [queue] if queue else self.queues():
            letters.extend(self._load(q, self._redis.zrange(self._layout.dead(q), 0, -1, withscores=True)))
        wanted = [d for d in letters
                  if (event_type is None or d.event_type == event_type)
                  and (account is None or d.account == account)
                  and (since is None or d.dead_lettered_at >= since.timestamp())
                  and (until is None or d.dead_lettered_at < until.timestamp())]
        wanted.sort(key=lambda d: d.dead_lettered_at)
        return wanted[:limit] if limit else wanted

    def show(self, letter_id: str) -> DeadLetter:
        for queue in self.queues():
            score = self._redis.zscore(self._layout.dead(queue), letter_id)
            if score is not None:
                return self._load(queue, [(letter_id.encode(), score)])[0]
        raise NotFoundError(f"no dead letter with id {letter_id}")

    def replay(self, letter_ids: Iterable[str]) -> list[ReplayResult]:
        return [self._replay_one(letter_id) for letter_id in letter_ids]

    def purge(self, letter_ids: Iterable[str]) -> int:
        purged = 0
        for letter_id in letter_ids:
            letter = self.show(letter_id)
            purged += self._redis.zrem(self._layout.dead(letter.queue), letter_id)
            self._redis.hdel(self._layout.dead_messages(letter.queue), letter_id)
            self._failures.forget(letter.message_id)
            if self._claims is not None and letter.event_id:
                self._claims.forget_dead(letter.actor, letter.event_id, letter.message_id)
        return purged

    def _replay_one(self, letter_id: str) -> ReplayResult:
        marker = self._layout.replayed_marker(letter_id)
        try:
            letter = self.show(letter_id)
        except NotFoundError:
            replayed_at = self._redis.get(marker)
            if replayed_at is None:
                raise
            return ReplayResult(letter_id, False, f"already replayed at {_iso(float(replayed_at))}; nothing done")
        raw = self._redis.hget(self._layout.dead_messages(letter.queue), letter_id)
        message = _reset_for_replay(json.loads(raw), letter.queue)
        answer = self._text(self._move_back(
            keys=[self._layout.dead(letter.queue), self._layout.dead_messages(letter.queue),
                  self._layout.queue(letter.queue), self._layout.messages(letter.queue), marker],
            args=[letter_id, json.dumps(message, separators=(",", ":")), time.time(), self._ttl]))
        if answer == "moved":
            return ReplayResult(letter_id, True, f"back on {letter.queue}")
        return ReplayResult(letter_id, False, "replayed concurrently by someone else; nothing done")

    def _load(self, queue: str, scored_ids: list) -> list[DeadLetter]:
        if not scored_ids:
            return []
        ids = [self._text(i) for i, _ in scored_ids]
        raws = self._redis.hmget(self._layout.dead_messages(queue), ids)
        messages = {i: json.loads(r) for i, r in zip(ids, raws) if r is not None}
        failures = self._failures.get_many([m["message_id"] for m in messages.values()])
        return [_dead_letter(i, queue, messages[i], score, failures)
                for (i, score) in zip(ids, (s for _, s in scored_ids)) if i in messages]

    @staticmethod
    def _text(value) -> str:
        return value.decode() if isinstance(value, bytes) else str(value)


def _reset_for_replay(message: dict, queue: str) -> dict:
    options = {k: v for k, v in message.get("options", {}).items()
               if k not in ("retries", "traceback", "eta", "requeue_timestamp", "idempotent_skip")}
    options["replay_count"] = options.get("replay_count", 0) + 1
    options["replayed_at"] = int(time.time() * 1000)
    return {**message, "queue_name": queue, "options": options, "message_timestamp": int(time.time() * 1000)}


def _dead_letter(letter_id: str, queue: str, message: dict, score: float,
                 failures: dict[str, FailureRecord]) -> DeadLetter:
    envelope = message["args"][0] if message.get("args") and isinstance(message["args"][0], dict) else {}
    return DeadLetter(
        id=letter_id, queue=queue, message_id=message["message_id"], actor=message.get("actor_name", "?"),
        event_id=envelope.get("event_id"), event_type=envelope.get("event_type"), account=envelope.get("account"),
        dead_lettered_at=score / 1000, replay_count=message.get("options", {}).get("replay_count", 0),
        failure=failures.get(message["message_id"]), payload=message.get("args"),
    )


def _iso(timestamp: float | None) -> str | None:
    if timestamp is None:
        return None
    return datetime.fromtimestamp(timestamp, timezone.utc).isoformat(timespec="seconds")
