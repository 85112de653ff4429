"""What the end-to-end runs share: orders trickling in while faults happen, the time Odoo takes to catch up
once a fault ends (the drain), a worker kept busy, and the final exactly-once checks.

The drain of a fault: the Amazon orders that are eligible when the fault ends, and how long until each has
its confirmed sale order in Odoo (the same check as ``ops/reconcile``). Every drain is printed, and
appended as a JSON line to the file named by ``AMZBUS_FAULT_DRAIN_REPORT`` when it is set
(``bench/fault_drain.py`` collects them).
"""

from __future__ import annotations

import json
import os
import threading
import time

from bus_testing import wait_for
from e2e_stack import say

from amzbus.bus.errors import RetryableError
from amzbus.connectors.amazon import order_to_event
from amzbus.ops.demo import DEMO_MIX
from amzbus.ops.reconcile import Reconciliation, reconcile
from amzbus.schemas import OrderPlaced

REPORT_ENV = "AMZBUS_FAULT_DRAIN_REPORT"


class Traffic:
    """``batch`` new orders every ``every_seconds`` (the demo's lifecycle: eligible within 4 s at speed 60),
    from ``start()`` until ``stop()``."""

    def __init__(self, stack, *, batch: int, every_seconds: float, mix: dict | None = None) -> None:
        self.stack, self.batch, self.every_seconds = stack, batch, every_seconds
        self.mix = mix or DEMO_MIX
        self.generated: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="order-traffic", daemon=True)

    def start(self) -> "Traffic":
        self._thread.start()
        return self

    def stop(self) -> int:
        self._stop.set()
        self._thread.join(30)
        return len(self.generated)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.generated += self.stack.amazon_admin("POST", "orders/generate", count=self.batch,
                                                      mix=self.mix)["orders"]
            self._stop.wait(self.every_seconds)


def amazon_orders(stack, order_ids: list[str] | None = None) -> list[dict]:
    ids = order_ids if order_ids is not None else [s["orderId"] for s in stack.amazon_admin("GET", "orders")["orders"]]
    return [stack.amazon_admin("GET", f"orders/{order_id}")["order"] for order_id in ids]


def eligible_now(stack) -> list[str]:
    marketplaces = stack.runtime.settings.marketplaces
    return [o["orderId"] for o in amazon_orders(stack)
            if isinstance(order_to_event(o, marketplaces=marketplaces), OrderPlaced)]


def odoo_reconciles(stack, order_ids: list[str] | None = None) -> Reconciliation | None:
    """The reconciliation of these orders (all when ``None``), or ``None`` while Odoo cannot be read."""
    try:
        return reconcile(amazon_orders(stack, order_ids), stack.runtime.odoo_client,
                         marketplaces=stack.runtime.settings.marketplaces)
    except RetryableError:  # Odoo slow or away for a moment (the faults apply to our reads too)
        return None


def measure_drain(stack, scenario: str, *, timeout: float = 120.0) -> float:
    """Seconds until every order eligible now (the fault has just ended) is in Odoo, as it should be."""
    started = time.monotonic()
    backlog = eligible_now(stack)

    def drained():
        exited = stack.exited()
        assert exited == {}, f"a process died during '{scenario}': {exited}"
        result = odoo_reconciles(stack, backlog)
        return result is not None and result.ok

    wait_for(drained, message=f"the {len(backlog)} orders eligible at the end of '{scenario}' reaching Odoo",
             timeout=timeout, interval=1.0)
    seconds = time.monotonic() - started
    say(f"drain after {scenario}: {seconds:.1f} s for {len(backlog)} eligible orders")
    if os.environ.get(REPORT_ENV):
        with open(os.environ[REPORT_ENV], "a", encoding="utf-8") as report:
            drain = {"scenario": scenario, "seconds": round(seconds, 1), "orders": len(backlog)}
            report.write(json.dumps(drain) + "\n")
    return seconds


def keep_the_worker_busy(stack, *, count: int = 40, call_seconds: float = 0.3) -> None:
    """Return while the worker is in the middle of ``count`` orders: they are eligible at once and every Odoo
    call takes ``call_seconds`` (until the caller clears Odoo's faults), and some but not all are in Odoo."""
    burst = stack.amazon_admin("POST", "orders/generate", count=count, mix={
        **DEMO_MIX, "eligible_after_seconds": [0, 0], "fba_ship_after_seconds": [0, 0],
        "cancel_before_eligible_ratio": 0.0, "cancel_after_eligible_ratio": 0.0, "replacement_ratio": 0.0})["orders"]
    stack.odoo_admin("POST", "faults", kind="latency", seconds=call_seconds, ratio=1.0)

    def mid_burst():
        created = stack.runtime.odoo_client.execute("sale.order", "search_count", [("client_order_ref", "in", burst)])
        return 0 < created < count

    wait_for(mid_burst, message=f"the worker importing a burst of {count} orders", timeout=60, interval=0.2)


def settled(stack, *, timeout: float, settle_seconds: float = 6.0) -> Reconciliation:
    """The reconciliation of every Amazon order once Odoo matches Amazon and has for ``settle_seconds``
    (the last one seen when the timeout ends, for the assertions to show what is wrong)."""
    deadline, stable_since, result = time.monotonic() + timeout, None, Reconciliation()
    while time.monotonic() < deadline:
        latest = odoo_reconciles(stack)
        if latest is not None:
            result = latest
            say(f"amazon {result.amazon_orders} orders ({result.eligible} eligible, {result.cancelled} cancelled) | "
                f"odoo {result.sale_orders} sale orders | to reconcile {result.problems}")
        if latest is not None and latest.ok:
            stable_since = stable_since or time.monotonic()
            if time.monotonic() - stable_since >= settle_seconds:
                return result
        else:
            stable_since = None
        time.sleep(2.0)
    return result


def assert_cancellations_and_exactly_once(stack, cancellations, *, min_eligible: int) -> Reconciliation:
    """The planned cancellations (``PlannedCancellations``) are right in Odoo; then every order is in Odoo
    exactly once, nothing is dead-lettered, and every process of the stack still runs."""
    cancelled = cancellations.complete()
    assert cancelled.cancelled_in_odoo == cancellations.after_import
    assert cancelled.cancelled == cancellations.after_import + cancellations.before_import
    result = settled(stack, timeout=120)
    assert_exactly_once(stack, result)
    assert result.eligible >= min_eligible
    return result


def assert_exactly_once(stack, result: Reconciliation) -> None:
    """Every eligible order once in Odoo with Amazon's lines and total, nothing else, no dead letter, and
    every process of the stack still running."""
    assert result.missing == [] and result.unexpected == [], (result.missing, result.unexpected)
    assert result.not_cancelled == [] and result.not_confirmed == [], (result.not_cancelled, result.not_confirmed)
    assert result.duplicates == []
    assert result.wrong_totals == [] and result.wrong_lines == []
    assert [letter.summary() for letter in stack.runtime.dead_letters.list()] == []
    assert stack.exited() == {}
