"""Fault injection and call counting.

A ``FaultRule`` applies to the calls whose target (a model, or ``common``/``db`` for those services)
and method match (``None`` matches any), on a ``ratio`` of them (drawn from a seeded random
generator, so a run is repeatable), at most ``times`` times when given. Kinds:

- ``latency``: wait ``seconds`` before answering (outside the database lock);
- ``http_503``: answer ``503 Service Unavailable`` without running the call;
- ``serialization_failure``, ``concurrent_update``, ``lock_not_available``, ``deadlock``: the
  PostgreSQL error a real Odoo reports once its own five retries are spent; nothing is written;
- ``drop_response``: run and commit the call, then close the connection without answering;
- ``reset_mid_response``: run and commit the call, then send the headers and half of the answer and close
  the connection (a connection reset mid-response);
- ``validation_error``: refuse the call with Odoo's ``ValidationError`` and ``message``, writing
  nothing: the stand-in for a constraint a seller's own modules add (a customised address check,
  say), which a default Odoo 18 does not have.

Refused connections are not a rule: the server closes its listening socket for a while
(``RunningOdooSimulator.refuse_connections``).
"""

from __future__ import annotations

import itertools
import random
import threading
from collections import Counter
from dataclasses import asdict, dataclass, field

from .exceptions import DeadlockDetected, LockNotAvailable, SerializationFailure

FAULT_KINDS = ("latency", "http_503", "serialization_failure", "concurrent_update", "lock_not_available",
               "deadlock", "drop_response", "reset_mid_response", "validation_error")
DATABASE_FAULTS = ("serialization_failure", "concurrent_update", "lock_not_available", "deadlock")


@dataclass
class FaultRule:
    kind: str
    ratio: float = 1.0
    times: int | None = None
    target: str | None = None
    method: str | None = None
    seconds: float = 0.0
    message: str = "The operation cannot be completed: a constraint refused the values."
    rule_id: int = 0
    hits: int = field(default=0)

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; expected one of {', '.join(FAULT_KINDS)}")
        if not 0.0 <= float(self.ratio) <= 1.0:
            raise ValueError(f"fault ratio must be between 0 and 1, got {self.ratio!r}")

    def matches(self, target: str, method: str) -> bool:
        exhausted = self.times is not None and self.hits >= self.times
        return not exhausted and self.target in (None, target) and self.method in (None, method)

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class FaultDecision:
    latency_seconds: float = 0.0
    failure: str | None = None
    message: str | None = None


class FaultPlan:
    def __init__(self, *, seed: int = 0) -> None:
        self._rules: list[FaultRule] = []
        self._random = random.Random(seed)
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def add(self, **options) -> FaultRule:
        rule = FaultRule(**{key: value for key, value in options.items() if key not in ("rule_id", "hits")})
        with self._lock:
            rule.rule_id = next(self._ids)
            self._rules.append(rule)
        return rule

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()

    def rules(self) -> list[dict]:
        with self._lock:
            return [rule.as_dict() for rule in self._rules]

    def decide(self, target: str, method: str) -> FaultDecision:
        decision = FaultDecision()
        with self._lock:
            for rule in self._rules:
                if not rule.matches(target, method) or self._random.random() >= rule.ratio:
                    continue
                if rule.kind == "latency":
                    rule.hits += 1
                    decision.latency_seconds += rule.seconds
                elif decision.failure is None:
                    rule.hits += 1
                    decision.failure, decision.message = rule.kind, rule.message
        return decision


def database_error(kind: str, target: str) -> Exception:
    """The psycopg2 error Odoo reports for a database fault of ``kind`` on model ``target``."""
    table = target.replace(".", "_")
    if kind == "serialization_failure":
        return SerializationFailure("could not serialize access due to read/write dependencies among transactions\n"
                                    "DETAIL:  Reason code: Canceled on identification as a pivot, during write.\n"
                                    "HINT:  The transaction might succeed if retried.\n")
    if kind == "concurrent_update":
        return SerializationFailure(SerializationFailure.default_message)
    if kind == "lock_not_available":
        return LockNotAvailable(LockNotAvailable.default_message.format(table=table))
    return DeadlockDetected(DeadlockDetected.default_message)


class CallCounter:
    """How many calls each (target, method) received, faulted ones included."""

    def __init__(self) -> None:
        self._counts: Counter = Counter()
        self._lock = threading.Lock()

    def record(self, target: str, method: str) -> None:
        with self._lock:
            self._counts[(target, method)] += 1

    def count(self, target: str, method: str | None = None) -> int:
        with self._lock:
            return sum(n for (t, m), n in self._counts.items() if t == target and method in (None, m))

    def snapshot(self) -> list[dict]:
        with self._lock:
            return [{"target": t, "method": m, "count": n} for (t, m), n in sorted(self._counts.items())]

    def reset(self) -> None:
        with self._lock:
            self._counts.clear()
