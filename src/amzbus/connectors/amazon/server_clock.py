"""Amazon's clock, as last seen in a response's ``Date`` header, carried forward on the local monotonic clock.

searchOrders refuses an upper bound later than Amazon's "now minus 2 minutes"; the local clock may be
wrong, so the bound is computed from Amazon's own time (reference/spapi.md §5.6).
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import Callable


class ServerClock:
    """The last ``Date`` seen from Amazon for one account, and an estimate of Amazon's now from it."""

    def __init__(self, *, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._monotonic = monotonic
        self._seen: tuple[datetime, float] | None = None

    def observe(self, date_header: str | None) -> None:
        """Remember Amazon's time from an HTTP ``Date`` header (ignored when absent or unreadable)."""
        if not date_header:
            return
        try:
            seen = parsedate_to_datetime(date_header)
        except (TypeError, ValueError, IndexError):
            return
        if seen.tzinfo is None:
            seen = seen.replace(tzinfo=timezone.utc)
        self._seen = (seen.astimezone(timezone.utc), self._monotonic())

    @property
    def last_seen(self) -> datetime | None:
        """The last ``Date`` Amazon sent, as is."""
        return self._seen[0] if self._seen else None

    def now(self) -> datetime | None:
        """Amazon's time now (last ``Date`` plus the time elapsed since), or ``None`` before any response."""
        if self._seen is None:
            return None
        seen, at = self._seen
        return seen + timedelta(seconds=self._monotonic() - at)
