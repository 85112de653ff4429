"""What resync shows: a progress bar on a terminal, one line per page elsewhere, nothing with --json."""

from __future__ import annotations

import io
import time
from datetime import datetime, timedelta, timezone

from rich.console import Console

from amzbus.bus.window_progress import WindowProgress
from amzbus.ops.window_display import WindowDisplay

START = datetime(2026, 11, 1, tzinfo=timezone.utc)


def half_read() -> WindowProgress:
    return WindowProgress(after=START, before=START + timedelta(hours=10), params={}, next_token="next",
                          pages_read=5, orders_seen=500, events_published=490, first_seen=START,
                          covered_until=START + timedelta(hours=5), eta_at=time.time() + 15)


def test_on_a_terminal_a_bar_shows_pages_of_the_estimated_total_events_and_eta():
    screen = io.StringIO()
    with WindowDisplay("na-main", seconds_per_token=lambda: 3.0,
                       console=Console(file=screen, force_terminal=True, width=120)) as display:
        display.update(half_read())
    assert "5/10 pages, 490 published, ETA 15s" in screen.getvalue()


def test_elsewhere_one_line_per_page_with_what_is_left(capsys):
    with WindowDisplay("na-main", seconds_per_token=lambda: 3.0,
                       console=Console(file=io.StringIO(), force_terminal=False)) as display:
        display.update(half_read())
    assert capsys.readouterr().err == ("na-main: 5 page(s), 500 order(s) read, 490 event(s) published, "
                                       "~5 page(s) left, ETA 15s\n")


def test_with_json_nothing_is_shown(capsys):
    screen = io.StringIO()
    with WindowDisplay("na-main", seconds_per_token=lambda: 3.0, quiet=True,
                       console=Console(file=screen, force_terminal=True)) as display:
        display.update(half_read())
    assert screen.getvalue() == "" and capsys.readouterr().err == ""
