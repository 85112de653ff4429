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


def ticks(settings) -> list[tuple[str, str, float]]:
    """(task, account, interval seconds) of every stream the configuration turns on."""
    kinds = (("poll_amazon_orders", "orders", settings.scheduler.orders_seconds),
             ("poll_odoo_shipments", "shipments", settings.scheduler.shipments_seconds),
             ("poll_odoo_stock", "stock", settings.scheduler.stock_seconds),
             ("reconcile_odoo_stock", "stock", settings.scheduler.stock_full_seconds),
             ("poll_amazon_fba_inventory", "fba_inventory", settings.scheduler.fba_inventory_seconds))
    needs_odoo = {"shipments", "stock", "fba_inventory"}
    return [(task, account.name, interval) for task, flow, interval in kinds for account in settings.accounts
            if account.flow_enabled(flow) and (flow not in needs_odoo or settings.odoo is not None)]


def _tick_while_leading(runtime, lock, outage, stop: threading.Event) -> None:
    planned = ticks(runtime.settings)
    log.info("scheduler_started", ticks=[f"{task}:{account}@{interval:g}s" for task, account, interval in planned])
    now = time.monotonic()  # reconciliations first run one interval from now (a first poll reads everything anyway)
    next_runs = [now + interval if task.startswith("reconcile_") else now for task, _, interval in planned]
    while not stop.is_set():
        outage.until_recorded("renew the scheduler lock", lambda: lock.extend(LOCK_SECONDS, replace_ttl=True),
                              stop=stop)
        now = time.monotonic()
        for index, (task, account, interval) in enumerate(planned):
            if now >= next_runs[index]:
                outage.until_recorded("enqueue a poll", lambda: runtime.bus.send_task(
                    task, account, time.time(), 2 * interval), stop=stop)
                next_runs[index] += interval
                if next_runs[index] < now:  # we were held up: skip the missed ticks
                    next_runs[index] = now + interval
        wait = min(next_runs, default=now + 1.0) - time.monotonic()
        stop.wait(min(1.0, max(0.0, wait)))
