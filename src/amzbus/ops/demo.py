"""The demonstration: generated Amazon orders driven through the bus into Odoo, then reconciled.

Works on any stack (processes on Redis, or everything in this process on the embedded broker) that
offers ``amazon_admin``, ``runtime`` (to read Odoo and the dead letters) and ``dead_letter_count``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable

from ..bus.errors import RetryableError
from .demo_flows import FlowsCheck, drive_flows, wait_for_flows
from .odoo_setup import catalog_skus, ensure_catalog_products
from .reconcile import PROBLEMS, Reconciliation, last_sale_order_id, reconcile

# The simulator's durations are Amazon seconds, divided by its speed.
DEMO_MIX = {"eligible_after_seconds": [30, 240], "fba_ship_after_seconds": [60, 480], "cancel_after_seconds": [240, 480]}


@dataclass
class DemoOutcome:
    reconciliation: Reconciliation
    dead_letters: int
    elapsed_seconds: float
    orders_generated: int
    seed: int | None = None  # the Amazon simulator's seed: the same seed gives the same orders again
    flows: FlowsCheck | None = None  # shipments, FBM stock, FBA stock (ops/demo_flows)

    @property
    def ok(self) -> bool:
        return self.reconciliation.ok and self.dead_letters == 0 and (self.flows is None or self.flows.ok)


def prepare(stack) -> int:
    listings = stack.amazon_admin("GET", "listings")["listings"]
    fba = stack.amazon_admin("GET", "fba-inventory")["fbaInventory"]
    return ensure_catalog_products(stack.runtime.odoo_client, catalog_skus(listings, fba))


def amazon_orders(stack) -> list[dict]:
    summaries = stack.amazon_admin("GET", "orders")["orders"]
    return [stack.amazon_admin("GET", f"orders/{s['orderId']}")["order"] for s in summaries]


def run_orders(stack, *, count: int, say: Callable[[str], None], timeout: float = 600.0,
               settle_seconds: float = 8.0) -> DemoOutcome:
    """Generate ``count`` orders, wait until Odoo reconciles with Amazon and stays so (or until waiting cannot change
    the verdict any more: ``Reconciliation.final``), report."""
    started = time.monotonic()
    before = last_sale_order_id(stack.runtime.odoo_client)  # what this run creates comes after it
    stack.amazon_admin("POST", "orders/generate", count=count, mix=DEMO_MIX)
    say(f"generated {count} Amazon orders over {len(stack.runtime.settings.accounts)} accounts")
    result, stable_since = Reconciliation(), None
    while time.monotonic() - started < timeout:
        orders = amazon_orders(stack)
        try:
            result = reconcile(orders, stack.runtime.odoo_client, marketplaces=stack.runtime.settings.marketplaces,
                               created_after_id=before)
        except RetryableError as error:  # Odoo away for a moment: the bus waits for it, and so do we
            say(f"cannot read Odoo yet ({error.code}); retrying")
            stable_since = None
            time.sleep(2.0)
            continue
        quiet = _seconds_since_last_change(orders) >= settle_seconds
        say(f"amazon {result.amazon_orders} orders ({result.eligible} eligible, {result.cancelled} cancelled, "
            f"{result.not_yet_eligible} waiting) | odoo {result.sale_orders} sale orders "
            f"({result.created_by_run} created by this run) | "
            f"to reconcile {result.problems} | dead letters {stack.dead_letter_count()}")
        if result.final and quiet:
            stable_since = stable_since or time.monotonic()
            if time.monotonic() - stable_since >= settle_seconds:
                break
        else:
            stable_since = None
        time.sleep(2.0)
    return DemoOutcome(result, stack.dead_letter_count(), time.monotonic() - started, count, stack.seed)


def run_flows(stack, outcome: DemoOutcome, *, say: Callable[[str], None], timeout: float = 300.0) -> DemoOutcome:
    """Once the orders reconcile: deliveries, Odoo stock and FBA stock changes, until Amazon and Odoo agree."""
    if not outcome.reconciliation.ok:
        return outcome
    started = time.monotonic()
    deliveries = drive_flows(stack, say=say)
    outcome.flows = wait_for_flows(stack, deliveries, say=say, timeout=timeout)
    outcome.dead_letters = stack.dead_letter_count()
    outcome.elapsed_seconds += time.monotonic() - started
    return outcome


def _seconds_since_last_change(orders: list[dict]) -> float:
    if not orders:
        return float("inf")
    latest = max(datetime.fromisoformat(o["lastUpdatedTime"].replace("Z", "+00:00")) for o in orders)
    return (datetime.now(timezone.utc) - latest).total_seconds()


def summary_lines(outcome: DemoOutcome, *, broker: str) -> list[str]:
    r = outcome.reconciliation
    lines = [
        f"broker: {broker}",
        f"seed: {outcome.seed} (repeat this run with --seed {outcome.seed}, against another Odoo)",
        f"Amazon orders: {r.amazon_orders} ({r.eligible} eligible, {r.cancelled} cancelled of which "
        f"{r.cancelled_in_odoo} after import, {r.not_yet_eligible} not eligible)",
        f"Odoo sale orders: {r.sale_orders} ({r.created_by_run} created by this run, {len(r.from_before)} found "
        "from before)",
        f"missing: {len(r.missing)}, unexpected: {len(r.unexpected)}, not cancelled: {len(r.not_cancelled)}, "
        f"not confirmed: {len(r.not_confirmed)}, wrong totals: {len(r.wrong_totals)}, "
        f"wrong lines: {len(r.wrong_lines)}",
        f"duplicates: {len(r.duplicates)}",
        *(["this run created none of the sale orders it expected"] if r.created_none_expected else []),
        f"dead letters: {outcome.dead_letters}",
        *(outcome.flows.summary_lines() if outcome.flows else ["Odoo -> Amazon flows: not run (orders did not "
                                                               "reconcile)"]),
        f"time: {outcome.elapsed_seconds:.0f} s",
        "RECONCILED" if outcome.ok else "NOT RECONCILED",
    ]
    for name in PROBLEMS:
        for problem in getattr(r, name)[:10]:
            lines.append(f"  {name}: {problem}")
    return lines
