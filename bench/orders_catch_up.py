"""Catch-up: a backlog of three searchOrders bursts per seller, drained at Amazon's real rate and burst.

Real processes (both simulators, one worker, the scheduler, a private Redis). Amazon's usage plan is
kept (burst 20, 0.0056 token/s); the simulator's speed compresses time, but one token still comes every
178.6 s / speed, which stays above the 2 s the rate limiter sleeps in place (speed 60: every 2.98 s), so
every token after the burst is a wait the poll hands over. Pages hold one order, so ``3 x 20`` orders per
seller are 60 pages; the scheduler polls at Amazon's restore period (180 s, scaled).

Measured per seller: from the opening of its first window (before its first page) to the cursor's move
(its last page published), against the theoretical minimum: the burst at once, then one page per restore
period, ``(pages - burst) / rate``. Also: 429s, orders Amazon served more than once (pages read again),
and Odoo's reconciliation (every order became its sale order: none lost).

Usage: python bench/orders_catch_up.py [--speed 60] [--bursts 3]
"""

from __future__ import annotations

import argparse
import sys
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from orders_throughput import SEARCH_ORDERS, SETTLED_MIX, _wait_reconciled  # noqa: E402
from private_redis import private_redis  # noqa: E402

from amzbus.ops.demo import prepare  # noqa: E402
from amzbus.ops.demo_stack import DemoStack  # noqa: E402

FBM_ONLY = {**SETTLED_MIX, "fba_ratio": 0.0}


def drain(url: str, *, speed: float, bursts: int) -> dict:
    period = 1 / (SEARCH_ORDERS["rate"] * speed)
    stack = DemoStack(broker_url=url, namespace=f"bench-{uuid.uuid4().hex[:8]}", speed=speed,
                      poll_seconds=round(180 / speed, 2))
    pages = bursts * SEARCH_ORDERS["burst"]
    try:
        stack.start_simulators()
        stack.write_config(margin_seconds=round(120 / speed + 1, 2), page_size=1)
        prepare(stack)
        accounts = [a.name for a in stack.runtime.settings.accounts]
        for account in accounts:
            stack.amazon_admin("POST", "orders/generate", count=pages, account=account, mix=FBM_ONLY)
        time.sleep(max(3.0, 2 * 120 / speed + 2))  # eligible, and older than the freshness margin
        stack.start_worker()
        stack.start_scheduler()
        opened, drained = _watch_first_windows(stack, accounts, timeout=pages * period * 2 + 60)
        reconciled = _wait_reconciled(stack)
        calls = stack.amazon_admin("GET", "calls")
        return {"period": period, "pages": pages, "seconds": {a: drained[a] - opened[a] for a in accounts},
                "throttled": calls["operations"]["searchOrders"]["throttled"],
                "search_pages": calls["search_pages"], "reconciled": reconciled.ok and not reconciled.missing,
                "eligible": reconciled.eligible}
    finally:
        stack.stop()


def _watch_first_windows(stack, accounts, *, timeout: float) -> tuple[dict, dict]:
    """When each seller's first window opened (its progress saved before page 1) and when its cursor moved."""
    runtime = stack.runtime
    opened, drained = {}, {}
    deadline = time.monotonic() + timeout
    while len(drained) < len(accounts):
        if time.monotonic() > deadline:
            raise SystemExit(f"bench: the backlog did not drain in {timeout:.0f} s: {drained}")
        for account in accounts:
            stream = f"amazon:{account}:orders"
            window = runtime.windows.load(stream)
            if window is not None and account not in opened:
                opened[account] = window.started_at
            if account not in drained and runtime.cursors.get(stream):
                drained[account] = time.time()
        time.sleep(0.05)
    return opened, drained


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--speed", type=float, default=60.0,
                        help="simulator time compression (a token every 178.6/speed s)")
    parser.add_argument("--bursts", type=int, default=3, help="backlog per seller, in searchOrders bursts of pages")
    args = parser.parse_args()
    with private_redis() as url:
        r = drain(url, speed=args.speed, bursts=args.bursts)
    minimum = (r["pages"] - SEARCH_ORDERS["burst"]) * r["period"]
    print(f"catch-up x{args.speed:g}: searchOrders burst {SEARCH_ORDERS['burst']}, one token every "
          f"{r['period']:.2f} s; {r['pages']} pages of 1 order per seller; theoretical minimum {minimum:.1f} s")
    for account, seconds in sorted(r["seconds"].items()):
        print(f"  {account}: drained in {seconds:.1f} s: achieved fraction {minimum / seconds:.3f}")
    served = {seller: (p["pages"], p["orders_served_again"]) for seller, p in r["search_pages"].items()}
    print(f"  searchOrders 429s: {r['throttled']}; (pages served, orders served again) per seller: {served}; "
          f"{r['eligible']} orders reconciled in Odoo: {r['reconciled']}")


if __name__ == "__main__":
    main()
