"""``amzbus resync``: read again every order updated since a date, with the polls' reader and bucket.

The resync's window is kept like a poll's, under ``<stream>:resync``, so an interrupted resync run again
with the same ``since`` carries on at the first page it had not published. Its caller (the command line)
owns its thread, so a wait for a token is slept in place, shown to the operator and logged at info.
The stream's cursor is not touched.
"""

from __future__ import annotations

from datetime import datetime
from typing import Callable

import structlog

from ..bus.window_progress import WindowProgress, WindowProgressStore
from .order_window import TOKEN_WAITS, OrderWindowReader

log = structlog.get_logger(__name__)


def resync_window(reader: OrderWindowReader, store: WindowProgressStore, name: str, since: datetime, *,
                  progress: Callable[[WindowProgress], None] | None, sleep: Callable[[float], None],
                  early_seconds: float) -> WindowProgress | None:
    """Read the window from ``since`` to Amazon's latest bound to its end (``None``: nothing to read yet).

    ``progress`` is called after every page and before every wait; ``sleep`` waits for a token, waking
    ``early_seconds`` before it (the limiter sleeps the rest in place).
    """
    window = store.load(name)
    if window is None or window.after != since:
        store.discard(name)
        window = reader.open(name, after=since)
        if window is None:
            return None
    while True:
        try:
            window = reader.read_on(name, window, on_page=progress)
            break
        except TOKEN_WAITS as wait:
            seconds = wait.delay_seconds or reader.seconds_per_token()
            reader.waiting(name, window, seconds)
            log.info("resync_waiting_for_token", window=name, seconds=round(seconds, 1), pages_read=window.pages_read)
            if progress:
                progress(window)
            sleep(max(0.0, seconds - early_seconds))
    store.finish(name, version=window.pages_read)
    return window
