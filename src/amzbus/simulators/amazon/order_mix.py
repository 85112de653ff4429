"""How generated orders are mixed: ratios of FBA, cancellations, gifts, promotions, business orders...

Durations are in Amazon's (simulated) seconds; the simulator divides them by its speed.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any, Mapping

RATIOS = ("fba_ratio", "cancel_before_eligible_ratio", "cancel_after_eligible_ratio", "business_ratio",
          "gift_ratio", "promotion_ratio", "replacement_ratio", "non_latin_ratio", "prime_ratio")
WINDOWS = ("eligible_after_seconds", "fba_ship_after_seconds", "cancel_after_seconds")


@dataclass(frozen=True)
class OrderMix:
    fba_ratio: float = 0.35
    cancel_before_eligible_ratio: float = 0.05
    cancel_after_eligible_ratio: float = 0.04
    business_ratio: float = 0.10
    gift_ratio: float = 0.12
    promotion_ratio: float = 0.20
    replacement_ratio: float = 0.03
    non_latin_ratio: float = 0.08
    prime_ratio: float = 0.40
    max_items: int = 5
    max_quantity: int = 3
    auto_lifecycle: bool = True
    eligible_after_seconds: tuple[float, float] = (30.0, 300.0)
    fba_ship_after_seconds: tuple[float, float] = (120.0, 900.0)
    cancel_after_seconds: tuple[float, float] = (20.0, 120.0)
    created_spread_seconds: float = 0.0

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any] | None) -> "OrderMix":
        """A mix from JSON: unknown keys and out-of-range values are errors naming the key."""
        if not data:
            return cls()
        if not isinstance(data, Mapping):
            raise ValueError(f"mix: must be an object of settings, not {type(data).__name__}")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"mix: unknown keys {unknown}; known: {sorted(known)}")
        try:
            values = {k: tuple(float(x) for x in v) if k in WINDOWS else v for k, v in data.items()}
        except (TypeError, ValueError):
            raise ValueError(f"mix: {', '.join(WINDOWS)} must be [low, high] pairs of seconds") from None
        mix = replace(cls(), **values)
        mix.validate()
        return mix

    def validate(self) -> None:
        for name in RATIOS:
            value = getattr(self, name)
            if not 0.0 <= float(value) <= 1.0:
                raise ValueError(f"mix.{name}: must be between 0 and 1, not {value}")
        if self.cancel_before_eligible_ratio + self.cancel_after_eligible_ratio > 1.0:
            raise ValueError("mix: cancel_before_eligible_ratio + cancel_after_eligible_ratio must not exceed 1")
        if not isinstance(self.max_items, int) or not isinstance(self.max_quantity, int) \
                or not 1 <= self.max_items <= 5 or not 1 <= self.max_quantity <= 20:
            raise ValueError("mix: max_items must be 1..5 and max_quantity 1..20")
        for name in WINDOWS:
            low, high = getattr(self, name)
            if not 0 <= low <= high:
                raise ValueError(f"mix.{name}: must be [low, high] with 0 <= low <= high, not {[low, high]}")
        if self.created_spread_seconds < 0:
            raise ValueError("mix.created_spread_seconds: cannot be negative")
