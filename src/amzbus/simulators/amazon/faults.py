"""Fault injection per operation: server errors or throttling, latency, a repeated page, a malformed body,
a connection reset mid-response.

A fault spec applies to every call of its operation (``"*"`` for all operations) until cleared, to the
next ``remaining`` calls only, or for ``duration_seconds`` of wall-clock time from when it is set (a storm:
``{"error_ratio": 0.3, "error_status": [429, 500, 503], "duration_seconds": 60}``). ``error_status`` is 429
(Amazon's QuotaExceeded answer), 500 or 503, or a list of them to draw from; without it a failing call
draws 500 or 503. ``reset_ratio``: the share
of calls that run, then have their answer cut half-way and the connection closed. Draws come from a
generator seeded by the simulator's seed.
"""

from __future__ import annotations

import random
import time
from dataclasses import asdict, dataclass, fields
from typing import Any, Callable, Mapping

ERROR_STATUSES = (500, 503)
SETTABLE_STATUSES = (429, *ERROR_STATUSES)


@dataclass
class FaultSpec:
    error_ratio: float = 0.0
    error_status: int | list[int] | None = None
    latency_seconds: float = 0.0
    repeat_page_ratio: float = 0.0
    malformed_ratio: float = 0.0
    reset_ratio: float = 0.0
    remaining: int | None = None
    duration_seconds: float | None = None

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, operation: str) -> "FaultSpec":
        if not isinstance(data, Mapping):
            raise ValueError(f"faults.{operation}: must be an object of fault settings, not {type(data).__name__}")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"faults.{operation}: unknown keys {unknown}; known: {sorted(known)}")
        spec = cls(**data)
        spec.validate(operation)
        return spec

    def validate(self, operation: str) -> None:
        for name in ("error_ratio", "repeat_page_ratio", "malformed_ratio", "reset_ratio"):
            value = getattr(self, name)
            if not 0.0 <= float(value) <= 1.0:
                raise ValueError(f"faults.{operation}.{name}: must be between 0 and 1, not {value}")
        statuses = self.error_status if isinstance(self.error_status, list) else [self.error_status]
        if self.error_status is not None and (not statuses or any(s not in SETTABLE_STATUSES for s in statuses)):
            raise ValueError(f"faults.{operation}.error_status: must be 429, 500 or 503 (or a list of them), "
                             f"not {self.error_status}")
        if self.latency_seconds < 0 or (self.remaining is not None and self.remaining < 0):
            raise ValueError(f"faults.{operation}: latency_seconds and remaining cannot be negative")
        if self.duration_seconds is not None and not float(self.duration_seconds) > 0:
            raise ValueError(f"faults.{operation}.duration_seconds: must be positive, not {self.duration_seconds}")


@dataclass(frozen=True)
class FaultDecision:
    """What to do to one call (all false: answer normally)."""

    latency_seconds: float = 0.0
    error_status: int | list[int] | None = None
    malformed: str | None = None
    repeat_page: bool = False
    reset: bool = False


class FaultInjector:
    """``monotonic``: the wall clock that ends a spec's ``duration_seconds``."""

    def __init__(self, seed: int, *, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._rng = random.Random(f"amazon-simulator-faults-{seed}")
        self._specs: dict[str, FaultSpec] = {}
        self._ends: dict[str, float] = {}
        self._monotonic = monotonic

    def set(self, operation: str, spec: FaultSpec) -> None:
        self._specs[operation] = spec
        self._ends.pop(operation, None)
        if spec.duration_seconds is not None:
            self._ends[operation] = self._monotonic() + float(spec.duration_seconds)

    def clear(self, operation: str | None = None) -> None:
        if operation is None:
            self._specs.clear()
            self._ends.clear()
        else:
            self._specs.pop(operation, None)
            self._ends.pop(operation, None)

    def describe(self) -> dict[str, dict[str, Any]]:
        self._forget_ended()
        return {operation: asdict(spec) for operation, spec in self._specs.items()}

    def decide(self, operation: str) -> FaultDecision:
        self._forget_ended()
        spec = self._specs.get(operation) or self._specs.get("*")
        if spec is None:
            return FaultDecision()
        if spec.remaining is not None:
            if spec.remaining == 0:
                return FaultDecision()
            spec.remaining -= 1
        return FaultDecision(
            latency_seconds=spec.latency_seconds,
            error_status=self._error_status(spec),
            malformed=self._malformed(spec),
            repeat_page=self._rng.random() < spec.repeat_page_ratio,
            reset=spec.reset_ratio > 0 and self._rng.random() < spec.reset_ratio,
        )

    def _forget_ended(self) -> None:
        now = self._monotonic()
        for operation in [op for op, end in self._ends.items() if end <= now]:
            self.clear(operation)

    def _error_status(self, spec: FaultSpec) -> int | None:
        if self._rng.random() >= spec.error_ratio:
            return None
        if isinstance(spec.error_status, list):
            return self._rng.choice(spec.error_status)
        return spec.error_status or self._rng.choice(ERROR_STATUSES)

    def _malformed(self, spec: FaultSpec) -> str | None:
        if self._rng.random() >= spec.malformed_ratio:
            return None
        return self._rng.choice(("empty", "not_json"))
