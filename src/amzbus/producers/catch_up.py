"""How much of a window is left, and when it will be read at the current rate (for resync and status).

Amazon does not say how many pages a search has. searchOrders serves a window in the order of the
orders' ``lastUpdatedTime`` (the simulator does so too), so the share of the window's time already
covered (``covered_until``) estimates the share of its pages already read; the time before the first order
read counts for nothing (a first poll's day of lookback may hold no order for hours). The estimate is as
good as the orders are spread evenly in time, and firms up with every page. The pages left are then
read with the tokens in the bucket at once, and one per restore period after that.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..bus.window_progress import WindowProgress


@dataclass(frozen=True)
class Estimate:
    pages_left: int | None
    eta_seconds: float | None
    covered: float | None  # the share of the window's time read, 0..1

    def as_dict(self) -> dict:
        return {"pages_left": self.pages_left, "eta_seconds": None if self.eta_seconds is None
                else round(self.eta_seconds, 1), "covered": None if self.covered is None else round(self.covered, 3)}


def covered_share(progress: WindowProgress) -> float | None:
    if progress.complete:
        return 1.0
    if progress.before is None or progress.covered_until is None:
        return None
    start = progress.first_seen or progress.after
    span = (progress.before - start).total_seconds()
    if span <= 0:
        return 1.0
    return min(1.0, max(0.0, (progress.covered_until - start).total_seconds() / span))


def estimate(progress: WindowProgress, *, seconds_per_token: float, tokens_now: float = 0.0) -> Estimate:
    """Pages left (``None`` before the first page shows how the window fills) and seconds to read them."""
    share = covered_share(progress)
    if progress.complete:
        return Estimate(0, 0.0, 1.0)
    if share is None or share <= 0 or progress.pages_read == 0:
        return Estimate(None, None, share)
    pages_left = max(1, math.ceil(progress.pages_read * (1 - share) / share))
    return Estimate(pages_left, max(0, pages_left - math.floor(tokens_now)) * seconds_per_token, share)


def format_seconds(seconds: float | None) -> str:
    if seconds is None:
        return "?"
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}h{minutes:02d}m" if hours else (f"{minutes}m{secs:02d}s" if minutes else f"{secs}s")
