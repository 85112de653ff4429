"""What ``resync`` shows while it reads: pages read, orders published, pages left and the ETA at the current rate.

On a terminal, a rich progress bar on stderr (its total is the estimated number of pages, which firms up
as the window is read); otherwise one plain line per page or wait, so that logs and pipes stay readable.
"""

from __future__ import annotations

import time

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from ..bus.window_progress import WindowProgress
from ..producers.catch_up import estimate, format_seconds


def describe(window: WindowProgress, *, seconds_per_token: float) -> dict:
    """The numbers shown for a window (also ``amzbus status``'s backlog of a stream)."""
    now = time.time()
    guess = estimate(window, seconds_per_token=seconds_per_token)
    eta = max(0.0, window.eta_at - now) if window.eta_at else guess.eta_seconds
    waiting = max(0.0, window.waiting_until - now) if window.waiting_until else None
    return {"window_start": window.after.isoformat(),
            "window_end": window.before.isoformat() if window.before else None,
            "pages_read": window.pages_read, "orders_read": window.orders_seen,
            "events_published": window.events_published, "pages_left": guess.pages_left, "covered": guess.covered,
            "eta_seconds": None if eta is None else round(eta, 1),
            "next_token_in_seconds": None if waiting is None else round(waiting, 1)}


class WindowDisplay:
    """``update(window)`` after every page and wait; a context manager (the bar is closed on exit).

    ``seconds_per_token``: a callable, the current restore period; ``quiet``: show nothing (``--json``);
    ``console``: where to draw (default: rich's console on stderr).
    """

    def __init__(self, account: str, *, seconds_per_token, quiet: bool = False, console: Console | None = None) -> None:
        self._account, self._seconds_per_token, self._quiet = account, seconds_per_token, quiet
        self._console = console or Console(stderr=True)
        self._progress: Progress | None = None
        self._task = None

    def __enter__(self) -> "WindowDisplay":
        if not self._quiet and self._console.is_terminal:
            self._progress = Progress(
                TextColumn("[bold]{task.description}"), BarColumn(),
                TextColumn("{task.completed:.0f}/{task.fields[pages]} pages, {task.fields[events]} published, "
                           "ETA {task.fields[eta]}"), TimeElapsedColumn(), console=self._console)
            self._progress.start()
            self._task = self._progress.add_task(self._account, total=None, pages="?", events=0, eta="?")
        return self

    def __exit__(self, *exc_info) -> None:
        if self._progress is not None:
            self._progress.stop()

    def update(self, window: WindowProgress) -> None:
        shown = describe(window, seconds_per_token=self._seconds_per_token())
        left, eta = shown["pages_left"], format_seconds(shown["eta_seconds"])
        if self._progress is not None:
            total = window.pages_read + left if left is not None else None
            self._progress.update(self._task, completed=window.pages_read, total=total, pages=total or "?",
                                  events=window.events_published, eta=eta)
        elif not self._quiet:
            wait = shown["next_token_in_seconds"]
            click.echo(f"{self._account}: {window.pages_read} page(s), {window.orders_seen} order(s) read, "
                       f"{window.events_published} event(s) published, ~{'?' if left is None else left} page(s) "
                       f"left, ETA {eta}" + (f", next token in {wait:.0f}s" if wait else ""), err=True)
