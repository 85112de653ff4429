"""Small helpers for the values Odoo reads and writes."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Mapping


def declared(allowed: tuple[str, ...], vals: Mapping[str, Any]) -> dict[str, Any]:
    """``vals``, after checking that every field written is one the module declares it writes."""
    unexpected = set(vals) - set(allowed)
    if unexpected:
        raise ValueError(f"writing fields {sorted(unexpected)} outside the declared {allowed}")
    return dict(vals)


def many2one_id(value: Any) -> int | None:
    """Odoo reads a many2one as ``[id, "display name"]`` (or False); some paths give a bare id."""
    if isinstance(value, (list, tuple)):
        return value[0] if value else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def many2one_name(value: Any) -> str | None:
    return value[1] if isinstance(value, (list, tuple)) and len(value) > 1 else None


def text_or_none(value: Any) -> str | None:
    """Odoo reads an unset char field as False."""
    return value if isinstance(value, str) and value else None


def number(value: Decimal | float | int) -> float | int:
    """JSON has no Decimal: send integers as such and everything else as float."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value
