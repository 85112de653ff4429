"""Orders per second into a real Odoo: naive create + confirm per order, against the bus end to end, in one run.

- ``naive``: the orders' sale orders (the same lines, mapped from the same Amazon orders, under other order ids)
  created and confirmed one at a time through the project's Odoo client: one ``create`` and one
  ``action_confirm`` per order, sequentially. Customer and products are looked up before the clock starts,
  so the naive rate is the best a create-and-confirm loop can do.
- ``bus``: the Amazon simulator's orders (35% FBA, none cancelled), made eligible before the clock starts; then
  a worker process and the scheduler (``ops.demo_stack.DemoStack`` on a private Redis). The clock starts when
  the scheduler is up, before its first tick: a deployment's worker and scheduler run before orders come, so
  the start of their processes is not timed. It stops when every order has its confirmed sale order and
  every FBA order its delivery done. The result is then reconciled with Amazon (lines and totals to the
  cent). The simulated Amazon runs 60 times faster than the real one, so its orders are polled every second;
  Odoo is real and runs in real time, so the bus polls it (deliveries and stock, for Amazon) at the deployed
  interval, 20 s, and not 60 times too often.

The last line is ``ratio: X``, the bus rate over the naive rate.

Usage: python bench/real_odoo_throughput.py --odoo-url URL --odoo-db DB --odoo-user U --odoo-password P
       [--orders N] [--threads T] [--batch-size B] [--batches-at-once A] [--worker-log-level DEBUG]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import uuid
from dataclasses import replace
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from private_redis import private_redis  # noqa: E402

from amzbus.connectors.amazon import order_to_event  # noqa: E402
from amzbus.connectors.odoo import references  # noqa: E402
from amzbus.connectors.odoo.order_mapping import CHARGE_PRODUCT_NAMES, event_to_sale_order_draft  # noqa: E402
from amzbus.connectors.odoo.order_products import ensure_charge_products  # noqa: E402
from amzbus.connectors.odoo.orders import sale_order_values, tax_field_name  # noqa: E402
from amzbus.connectors.odoo.partners import CustomerRef  # noqa: E402
from amzbus.connectors.odoo.products import resolve_products  # noqa: E402
from amzbus.ops.demo import amazon_orders, prepare  # noqa: E402
from amzbus.ops.demo_stack import DemoStack, OdooTarget  # noqa: E402
from amzbus.ops.reconcile import reconcile  # noqa: E402

SETTLED_MIX = {"cancel_before_eligible_ratio": 0.0, "cancel_after_eligible_ratio": 0.0, "replacement_ratio": 0.0,
               "eligible_after_seconds": [1, 2], "fba_ship_after_seconds": [1, 2]}
SPEED = 60.0
ODOO_POLL_SECONDS = 20.0  # [scheduler] shipments_seconds and stock_seconds, as deployed


def naive_values(stack, events: dict, run: str) -> list[dict]:
    """Each order's sale order values, under the order id ``NAIVE-<run>-<id>``, with everything looked up."""
    odoo, settings = stack.runtime.odoo_client, stack.runtime.settings
    partner = odoo.create_one("res.partner", {"name": f"Naive benchmark customer {run}"})
    vals_list = []
    for marketplace, event in events.values():
        account = next(a for a in settings.accounts if marketplace in a.marketplaces)
        draft = event_to_sale_order_draft(event, marketplace=marketplace, account=account).draft
        draft = replace(draft, amazon_order_id=f"NAIVE-{run}-{draft.amazon_order_id}")
        ensure_charge_products(odoo, {line.reference for line in draft.lines if line.reference in CHARGE_PRODUCT_NAMES})
        products = resolve_products(odoo, [(line.kind, line.reference) for line in draft.lines])
        vals_list.append(sale_order_values(draft, CustomerRef(partner, partner), products,
                                           pricelist_id=references.pricelist_id(odoo, draft.currency),
                                           team_id=references.team_id(odoo, account.sales_team),
                                           tax_field=tax_field_name(odoo)))
    return vals_list


def placed_events(stack, orders: list[dict]) -> dict:
    """Amazon order id -> (marketplace, OrderPlaced) of every order to apply."""
    catalog = stack.runtime.settings.marketplaces
    events = {}
    for order in orders:
        event = order_to_event(order, marketplaces=catalog)
        if event is not None and hasattr(event, "items"):
            events[event.order_id] = (catalog.find(order["salesChannel"]["marketplaceId"]), event)
    return events


def run_naive(odoo, vals_list: list[dict]) -> float:
    started = time.monotonic()
    for vals in vals_list:
        order_id = odoo.create_one("sale.order", vals)
        odoo.execute("sale.order", "action_confirm", [order_id])
    return time.monotonic() - started


def run_bus(stack, *, events: dict, threads: int) -> float:
    """Seconds from the scheduler's start (its first tick) until every order is done. A deployment's worker and
    scheduler are up before orders come: their processes' start is not timed."""
    odoo, wanted = stack.runtime.odoo_client, set(events)
    fba = {order_id for order_id, (_, event) in events.items() if event.channel == "FBA"}
    stack.start_worker(threads=threads)
    _logged_at(stack, "worker", "worker_started")
    stack.start_scheduler()
    started = _logged_at(stack, "scheduler", "scheduler_started")  # logged before its first tick
    done = [("client_order_ref", "in", sorted(wanted)), ("state", "=", "sale"),
            "|", ("client_order_ref", "not in", sorted(fba)), ("delivery_status", "=", "full")]
    while True:  # one count per look, so that watching costs Odoo little
        count = odoo.execute("sale.order", "search_count", done)
        if count >= len(wanted):
            return time.time() - started
        if time.time() - started > 1800:
            raise SystemExit(f"bench: only {count} of {len(wanted)} orders done after 30 minutes")
        time.sleep(0.25)


def _logged_at(stack, process: str, event: str, timeout: float = 120.0) -> float:
    """The time (epoch seconds, the process's own clock) of the first ``event`` line in the process's log."""
    log, deadline = stack.workdir / f"{process}.log", time.monotonic() + timeout
    while time.monotonic() < deadline:
        lines = (log.read_text(encoding="utf-8") if log.exists() else "").splitlines()
        for record in (json.loads(line) for line in lines if line.startswith("{")):
            if record.get("event") == event:
                return datetime.fromisoformat(record["timestamp"].replace("Z", "+00:00")).timestamp()
        time.sleep(0.05)
    raise SystemExit(f"bench: the {process} did not log {event} within {timeout:.0f} s (see {log})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--odoo-url", required=True)
    parser.add_argument("--odoo-db", required=True)
    parser.add_argument("--odoo-user", required=True)
    parser.add_argument("--odoo-password", required=True)
    parser.add_argument("--orders", type=int, default=200,
                        help="Amazon orders (a backlog: with fewer, the bus's start and its last batch weigh more)")
    parser.add_argument("--threads", type=int, default=80, help="worker threads of the bus's worker process")
    parser.add_argument("--batch-size", type=int, default=40, help="[odoo] order_batch_size")
    parser.add_argument("--batches-at-once", type=int, default=2, help="[odoo] order_batches_at_once")
    parser.add_argument("--worker-log-level", default="INFO", choices=("DEBUG", "INFO"))
    args = parser.parse_args()
    target = OdooTarget(args.odoo_url, args.odoo_db, args.odoo_user, args.odoo_password)
    run = uuid.uuid4().hex[:8]
    with private_redis() as url:
        stack = DemoStack(broker_url=url, namespace=f"bench-{run}", speed=SPEED, odoo=target, poll_seconds=1.0,
                          seed=random.randrange(1, 2**31))  # new Amazon order ids: none in Odoo yet
        try:
            stack.start_simulators()
            stack.write_config(margin_seconds=round(120 / SPEED + 1, 2))
            config = stack.config_path.read_text(encoding="utf-8").replace(
                "[odoo]\n", f"[odoo]\norder_batch_size = {args.batch_size}\n"
                             f"order_batches_at_once = {args.batches_at_once}\n")
            for stream in ("shipments", "stock"):  # Odoo runs in real time: its polls at their real interval
                config = config.replace(f"{stream}_seconds = 1.0", f"{stream}_seconds = {ODOO_POLL_SECONDS}")
            # DEBUG: every Odoo call with its duration, in the worker's log
            stack.config_path.write_text(config.replace('level = "INFO"', f'level = "{args.worker_log_level}"'),
                                         encoding="utf-8")
            prepare(stack)
            stack.amazon_admin("PUT", "rate-limits", searchOrders={"rate": 1000, "burst": 1000})
            stack.amazon_admin("POST", "orders/generate", count=args.orders, mix=SETTLED_MIX)
            time.sleep(max(3.0, 2 * 120 / SPEED + 2))  # eligible, and older than the freshness margin
            events = placed_events(stack, amazon_orders(stack))
            fba = sum(event.channel == "FBA" for _, event in events.values())
            odoo = stack.runtime.odoo_client
            naive = naive_values(stack, events, run)
            half = len(naive) // 2
            naive_seconds = run_naive(odoo, naive[:half])
            bus_seconds = run_bus(stack, events=events, threads=args.threads)
            check = reconcile(amazon_orders(stack), odoo, marketplaces=stack.runtime.settings.marketplaces)
            dead = stack.dead_letter_count()
            stack.stop()  # the bus is done: the naive loop's second half has Odoo to itself, as its first had
            naive_seconds += run_naive(odoo, naive[half:])
            naive_rate, bus_rate = len(naive) / naive_seconds, len(events) / bus_seconds
            print(f"naive: {len(naive)} orders created and confirmed one at a time (half before the bus, half "
                  f"after) in {naive_seconds:.1f} s = {naive_rate:.2f} orders/s")
            print(f"bus: {len(events)} orders ({fba} FBA, delivered) from the Amazon simulator to confirmed sale "
                  f"orders in {bus_seconds:.1f} s = {bus_rate:.2f} orders/s (1 worker x {args.threads} threads, batches "
                  f"of up to {args.batch_size}, {args.batches_at_once} at once, Amazon polled every 1 s, Odoo "
                  f"every {ODOO_POLL_SECONDS:.0f} s); reconciled {check.ok}, dead letters {dead}")
            print(f"(process logs in {stack.workdir})")
            print(f"ratio: {bus_rate / naive_rate:.2f}")
        finally:
            stack.stop()


if __name__ == "__main__":
    main()
