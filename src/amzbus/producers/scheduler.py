"""The scheduler: enqueues each stream's poll at its interval. Exactly one runs per deployment.

It only enqueues (the workers poll, with retries and dead letters). A second scheduler started by
mistake waits, holding nothing, until the first one's lock lapses. Each tick carries its time, so a
backlog of ticks (after an outage) is dropped by the workers rather than run late.

It rides out a broker outage of any length: every Redis call waits for Redis to answer again
(logged once per outage). If the outage outlived the lock, the scheduler stands by again until it
holds the lock, so two schedulers never tick at once.
"""

from __future__ import annotations

import threading
import time

import structlog
from redis.exceptions import LockError

from ..bus.broker_outage import BROKER_UNREACHABLE

log = structlog.get_logger(__name__)
LOCK_SECONDS = 30.0


def run_scheduler(runtime, *, stop: threading.Event) -> None:
    outage = runtime.parts.outage
    lock = runtime.locks.lock("scheduler", timeout=LOCK_SECONDS)
    try:
        while not stop.is_set():
            if not _acquire(lock, outage, stop):
                return
            try:
                _tick_while_leading(runtime, lock, outage, stop)
            except LockError:
                log.warning("scheduler_lock_lost", reason="the lock lapsed during a broker outage")
        _release(lock)
    except BROKER_UNREACHABLE:
        return  # stopped while waiting for the broker


def _acquire(lock, outage, stop: threading.Event) -> bool:
    while not stop.is_set():
        if outage.until_recorded("take the scheduler lock", lambda: lock.acquire(blocking=False), stop=stop):
            return True
        log.warning("scheduler_standing_by", reason="another scheduler holds the lock")
        stop.wait(LOCK_SECONDS / 2)
    return False


def _release(lock) -> None:
    try:
        lock.release()
    except Exception:
        pass  # expired, or Redis is gone: the lock lapses by itself


def _tick_while_leading(runtime, lock, outage, stop: threading.Event) -> None:
    interval = runtime.settings.scheduler.orders_seconds
    accounts = [a.name for a in runtime.settings.accounts if a.flow_enabled("orders")]
    log.info("scheduler_started", accounts=accounts, orders_seconds=interval)
    next_run = time.monotonic()
    while not stop.is_set():
        outage.until_recorded("renew the scheduler lock", lambda: lock.extend(LOCK_SECONDS, replace_ttl=True),
                              stop=stop)
        if time.monotonic() >= next_run:
            for account in accounts:
                outage.until_recorded("enqueue a poll", lambda: runtime.bus.send_task(
                    "poll_amazon_orders", account, time.time(), 2 * interval), stop=stop)
            next_run += interval
            if next_run < time.monotonic():  # we were held up: skip the missed ticks
                next_run = time.monotonic() + interval
        stop.wait(min(1.0, max(0.0, next_run - time.monotonic())))
