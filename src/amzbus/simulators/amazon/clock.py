"""The simulator's clock: real UTC time plus an offset, and a speed that compresses durations.

``speed`` F means simulated time runs F times faster for everything that *takes* time on Amazon's
side (token-bucket refills, feed processing, order lifecycle delays, the 2-minute freshness rule).
Timestamps themselves stay wall-clock UTC so that they can be compared with the client's clock.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Callable


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class SimClock:
    """``now()`` is wall-clock UTC shifted by ``advance()``; ``scaled()`` compresses a duration by speed."""

    def __init__(self, *, speed: float = 1.0, source: Callable[[], datetime] = utc_now) -> None:
        if speed <= 0:
            raise ValueError(f"speed must be greater than 0, not {speed}")
        self.speed = float(speed)
        self._source = source
        self._offset = timedelta(0)

    def now(self) -> datetime:
        return self._source() + self._offset

    def now_seconds(self) -> datetime:
        """Now, truncated to the whole second (Amazon's timestamps have no fractions)."""
        return truncate(self.now())

    def advance(self, seconds: float) -> None:
        """Jump the simulator's clock forward (tests and demos that cannot wait)."""
        if seconds < 0:
            raise ValueError(f"the clock only moves forward; got {seconds} seconds")
        self._offset += timedelta(seconds=seconds)

    def scaled(self, simulated_seconds: float) -> timedelta:
        """How long a duration of Amazon's time lasts on this simulator."""
        return timedelta(seconds=simulated_seconds / self.speed)


def truncate(moment: datetime) -> datetime:
    return moment.replace(microsecond=0)


def iso(moment: datetime) -> str:
    """ISO 8601 in UTC with a ``Z``, as Amazon writes it: ``2026-11-27T10:06:00Z``."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def http_date(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%a, %d %b %Y %H:%M:%S GMT")


def parse_iso(text: str | None) -> datetime | None:
    """An ISO 8601 date or date-time (no zone means UTC), or ``None`` when it is not one."""
    if not text or not isinstance(text, str):
        return None
    value = text.strip()
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            return datetime(day.year, day.month, day.day, tzinfo=timezone.utc)
        parsed = datetime.fromisoformat(value.replace("z", "Z").replace("Z", "+00:00"))
    except ValueError:
        return None
    if "T" not in value and " " not in value:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
