"""Parsing of command-line values shared by several commands."""

from __future__ import annotations

from datetime import datetime, timezone

from ..bus.errors import BusError


def parse_when(value: str | None, option: str) -> datetime | None:
    """An ISO-8601 date or time (no zone: UTC), or a one-line error naming the option."""
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise BusError(f"{option}: not an ISO-8601 date or time: {value!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
