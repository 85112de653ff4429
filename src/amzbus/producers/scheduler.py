"""The scheduler: enqueues each stream's poll at its interval. Exactly one runs per deployment.

It only enqueues (the workers poll, with retries and dead letters). A second scheduler started by
mistake waits, holding nothing, until the first one's lock lapses. Each tick carries its time, so a
backlog of ticks (after an outage) is dropped by the workers rather than run late.
"""

from __future__ import annotations

import threading
import time

import structlog

log = structlog.get_logger(__name__)
LOCK_SECONDS = 30.0


def run_scheduler(runtime, *, stop: threading.Event) -> None:
    lock = runtime.locks.lock("scheduler", timeout=LOCK_SECONDS)
    while not stop.is_set():
        if lock.acquire(blocking=False):
            break
        log.warning("scheduler_standing_by", reason="another scheduler holds the lock")
        stop.wait(LOCK_SECONDS / 2)
    else:
        return
    try:
        _tick_until_stopped(runtime, lock, stop)
    finally:
        try:
            lock.release()
        except Exception:
            pass


def _tick_until_stopped(runtime, lock, stop: threading.Event) -> None:
    interval = runtime.settings.scheduler.orders_seconds
    accounts = [a.name for a in runtime.settings.accounts if a.flow_enabled("orders")]
    log.info("scheduler_started", accounts=accounts, orders_seconds=interval)
    next_run = time.monotonic()
    while not stop.is_set():
        lock.extend(LOCK_SECONDS, replace_ttl=True)
        if time.monotonic() >= next_run:
            for account in accounts:
                runtime.bus.send_task("poll_amazon_orders", account, time.time(), 2 * interval)
            next_run += interval
            if next_run < time.monotonic():  # we were held up: skip the missed ticks
                next_run = time.monotonic() + interval
        stop.wait(min(1.0, max(0.0, next_run - time.monotonic())))
