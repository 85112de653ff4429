"""Orders per second from the Amazon simulator to confirmed Odoo sale orders, through real processes.

Two runs, each on a private Redis with the simulators, one worker process and the scheduler:

- ``unthrottled``: Amazon's rate limits raised out of the way, so the bus and Odoo are measured;
  also RPC round trips per order (the Odoo simulator's call counts).
- ``real``: Amazon's published limits (scaled in time by the simulator's speed) and small pages,
  so that searchOrders' token bucket is what binds; the achieved fraction of the theoretical maximum
  those limits allow is theoretical minimum time / achieved time, with the 429s Amazon answered.

The orders are generated and made eligible first; the clock starts when the worker and the scheduler
do, and stops when Odoo reconciles with Amazon (every eligible order has its confirmed sale order).

Usage: python bench/orders_throughput.py [--orders N] [--mode unthrottled|real|both]
"""

from __future__ import annotations

import argparse
import math
import sys
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from private_redis import private_redis  # noqa: E402

from amzbus.ops.demo import amazon_orders, prepare  # noqa: E402
from amzbus.ops.demo_stack import DemoStack  # noqa: E402
from amzbus.ops.reconcile import reconcile  # noqa: E402

SETTLED_MIX = {"cancel_before_eligible_ratio": 0.0, "cancel_after_eligible_ratio": 0.0,
               "eligible_after_seconds": [1, 2], "fba_ship_after_seconds": [1, 2]}
SEARCH_ORDERS = {"rate": 0.0056, "burst": 20}  # Amazon's usage plan (reference/spapi.md §1.0)


def run(url: str, *, orders: int, speed: float, page_size: int, unthrottled: bool) -> dict:
    stack = DemoStack(broker_url=url, namespace=f"bench-{uuid.uuid4().hex[:8]}", speed=speed, poll_seconds=1.0)
    try:
        stack.start_simulators()
        stack.write_config(margin_seconds=round(120 / speed + 1, 2), page_size=page_size)
        prepare(stack)
        if unthrottled:
            stack.amazon_admin("PUT", "rate-limits", searchOrders={"rate": 1000, "burst": 1000})
        stack.amazon_admin("POST", "orders/generate", count=orders, mix=SETTLED_MIX)
        time.sleep(max(3.0, 2 * 120 / speed + 2))  # eligible, and older than the freshness margin
        stack.odoo_admin("DELETE", "calls")
        started, started_at = time.monotonic(), time.time()
        own_calls = stack.runtime.odoo_client.round_trips
        stack.start_worker()
        stack.start_scheduler()
        first_poll_seconds = _wait_first_polls(stack, started_at) - started_at
        result = _wait_reconciled(stack)
        elapsed = time.monotonic() - started
        own_calls = stack.runtime.odoo_client.round_trips - own_calls  # the benchmark's own reads
        calls = stack.amazon_admin("GET", "calls")
        odoo_calls = sum(row["count"] for row in stack.odoo_admin("GET", "calls")["calls"]) - own_calls
        per_seller: dict[str, int] = {}
        for order in stack.amazon_admin("GET", "orders")["orders"]:
            per_seller[order["sellerId"]] = per_seller.get(order["sellerId"], 0) + 1
        return {"orders": result.eligible, "elapsed": elapsed, "first_poll_seconds": first_poll_seconds, "orders_per_second": result.eligible / elapsed,
                "rpc_per_order": odoo_calls / max(1, result.eligible),
                "search_calls": calls["operations"]["searchOrders"]["calls"],
                "throttled": sum(op["throttled"] for op in calls["operations"].values()),
                "pages_needed": [math.ceil(n / page_size) for n in per_seller.values()],
                "pages_made": [by_op.get("searchOrders", 0) for by_op in calls["by_seller"].values()],
                "reconciled": result.ok}
    finally:
        stack.stop()


def _wait_first_polls(stack, started_at: float, timeout: float = 900.0) -> float:
    """When every account's first complete poll (all pages of the backlog) succeeded."""
    from datetime import datetime

    deadline = time.monotonic() + timeout
    accounts = [a.name for a in stack.runtime.settings.accounts]
    while time.monotonic() < deadline:
        report = stack.runtime.stream_health.report()
        done = [datetime.fromisoformat(report[f"amazon:{a}:orders"]["last_success_at"]).timestamp()
                for a in accounts if (report.get(f"amazon:{a}:orders") or {}).get("last_success_at")]
        if len(done) == len(accounts) and min(done) >= started_at - 1:
            return time.time()
        time.sleep(0.1)
    raise SystemExit("bench: the first polls did not finish")


def _wait_reconciled(stack, timeout: float = 900.0):
    deadline = time.monotonic() + timeout
    while True:
        result = reconcile(amazon_orders(stack), stack.runtime.odoo_client, marketplaces=stack.runtime.settings.marketplaces)
        if result.ok and not result.missing or time.monotonic() > deadline:
            return result
        time.sleep(0.5)


def theoretical_minimum_seconds(pages_needed: list[int], speed: float) -> float:
    """With a full bucket at the start, each seller needs (pages - burst) / rate seconds at best."""
    rate = SEARCH_ORDERS["rate"] * speed
    return max(max(0, pages - SEARCH_ORDERS["burst"]) / rate for pages in pages_needed)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=300)
    parser.add_argument("--mode", choices=("unthrottled", "real", "both"), default="both")
    parser.add_argument("--speed", type=float, default=600.0, help="simulator time compression for the real run")
    parser.add_argument("--page-size", type=int, default=1, help="orders per searchOrders page for the real run")
    args = parser.parse_args()
    with private_redis() as url:
        if args.mode in ("unthrottled", "both"):
            r = run(url, orders=args.orders, speed=60.0, page_size=100, unthrottled=True)
            print(f"unthrottled: {r['orders']} orders in {r['elapsed']:.1f} s = {r['orders_per_second']:.1f} orders/s, "
                  f"{r['rpc_per_order']:.2f} Odoo RPC per order, {r['throttled']} x 429, reconciled {r['reconciled']}")
        if args.mode in ("real", "both"):
            r = run(url, orders=args.orders, speed=args.speed, page_size=args.page_size, unthrottled=False)
            minimum = theoretical_minimum_seconds(r["pages_needed"], args.speed)
            print(f"real limits x{args.speed:g} (searchOrders {SEARCH_ORDERS['rate'] * args.speed:.2f}/s, burst "
                  f"{SEARCH_ORDERS['burst']}), pages of {args.page_size}: {r['orders']} orders in {r['elapsed']:.1f} s "
                  f"= {r['orders_per_second']:.1f} orders/s; searchOrders pages needed per seller {r['pages_needed']}, "
                  f"made {r['pages_made']}; theoretical "
                  f"minimum {minimum:.1f} s; backlog read in {r['first_poll_seconds']:.1f} s: achieved fraction "
                  f"{minimum / r['first_poll_seconds']:.2f}; {r['throttled']} x 429; "
                  f"reconciled {r['reconciled']}")


if __name__ == "__main__":
    main()
