"""Fault injection per operation: server errors, latency, a repeated page, a malformed body.

A fault spec applies to every call of its operation (``"*"`` for all operations) until cleared, or to the
next ``remaining`` calls only. Draws come from a generator seeded by the simulator's seed.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass, fields
from typing import Any, Mapping

ERROR_STATUSES = (500, 503)


@dataclass
class FaultSpec:
    error_ratio: float = 0.0
    error_status: int | None = None
    latency_seconds: float = 0.0
    repeat_page_ratio: float = 0.0
    malformed_ratio: float = 0.0
    remaining: int | None = None

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
        for name in ("error_ratio", "repeat_page_ratio", "malformed_ratio"):
            value = getattr(self, name)
            if not 0.0 <= float(value) <= 1.0:
                raise ValueError(f"faults.{operation}.{name}: must be between 0 and 1, not {value}")
        if self.error_status is not None and self.error_status not in ERROR_STATUSES:
            raise ValueError(f"faults.{operation}.error_status: must be 500 or 503, not {self.error_status}")
        if self.latency_seconds < 0 or (self.remaining is not None and self.remaining < 0):
            raise ValueError(f"faults.{operation}: latency_seconds and remaining cannot be negative")


@dataclass(frozen=True)
class FaultDecision:
    """What to do to one call (all false: answer normally)."""

    latency_seconds: float = 0.0
    error_status: int | None = None
    malformed: str | None = None
    repeat_page: bool = False


class FaultInjector:
    def __init__(self, seed: int) -> None:
        self._rng = random.Random(f"amazon-simulator-faults-{seed}")
        self._specs: dict[str, FaultSpec] = {}

    def set(self, operation: str, spec: FaultSpec) -> None:
        self._specs[operation] = spec

    def clear(self, operation: str | None = None) -> None:
        if operation is None:
            self._specs.clear()
        else:
            self._specs.pop(operation, None)

    def describe(self) -> dict[str, dict[str, Any]]:
        return {operation: asdict(spec) for operation, spec in self._specs.items()}

    def decide(self, operation: str) -> FaultDecision:
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
        )

    def _error_status(self, spec: FaultSpec) -> int | None:
        if self._rng.random() >= spec.error_ratio:
            return None
        return spec.error_status or self._rng.choice(ERROR_STATUSES)

    def _malformed(self, spec: FaultSpec) -> str | None:
        if self._rng.random() >= spec.malformed_ratio:
            return None
        return self._rng.choice(("empty", "not_json"))
