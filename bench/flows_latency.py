"""Latency of the Odoo -> Amazon flows at the default intervals, through real processes.

- shipment: a delivery validated in Odoo (carrier, tracking) -> Amazon has the package (the simulator's
  ``confirmedAt``, wall-clock time);
- stock: a quantity counted in Odoo -> Amazon's listing shows it (observed every 50 ms on the simulator).

Time is compressed by ``--scale`` K everywhere: the scheduler's intervals are the defaults divided by K
(shipments and stock 20 s -> 20/K s), the Amazon simulator runs K times faster (its rate limits too), and
every latency measured is multiplied by K to convert it back. Odoo's and the bus's own processing times are
multiplied too, so the converted figures are an upper bound.

The changes are made one at a time at random moments (uniform over one interval), so they fall anywhere in
the polling cycle; Amazon's limits are its published ones, scaled. Reports p50, p95 and the 429s.

Usage: python bench/flows_latency.py [--scale 10] [--samples 40]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
import uuid
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from private_redis import private_redis  # noqa: E402

from amzbus.bus.settings import SchedulerSettings  # noqa: E402
from amzbus.connectors.odoo.deliveries import deliver_sale_order  # noqa: E402
from amzbus.connectors.odoo.products import products_by_code  # noqa: E402
from amzbus.connectors.odoo.references import find_warehouse  # noqa: E402
from amzbus.connectors.odoo.stock import set_location_quantity  # noqa: E402
from amzbus.connectors.odoo.stock_changes import StockScope  # noqa: E402
from amzbus.ops.demo import prepare, run_orders  # noqa: E402
from amzbus.ops.demo_flows import _carrier_id, _is_fbm, prepare_flows  # noqa: E402
from amzbus.ops.demo_stack import DemoStack  # noqa: E402

DEFAULTS = SchedulerSettings()
rng = random.Random(9)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))]


def shipment_latencies(stack, samples: int, interval: float) -> list[float]:
    odoo = stack.runtime.odoo_client
    summaries = stack.amazon_admin("GET", "orders")["orders"]
    fbm = [o["orderId"] for o in summaries if o["fulfilledBy"] == "MERCHANT" and o["status"] == "UNSHIPPED"]
    carrier = _carrier_id(odoo, "UPS")
    latencies = []
    for order_id in fbm[:samples]:
        time.sleep(rng.uniform(0, interval))
        sale = odoo.search_read("sale.order", [("client_order_ref", "=", order_id)], ["id"])[0]["id"]
        pickings = odoo.search("stock.picking", [("sale_id", "=", sale), ("state", "not in", ["done", "cancel"])])
        odoo.write("stock.picking", pickings, {"carrier_id": carrier, "carrier_tracking_ref": f"1Z{order_id[-7:]}"})
        deliver_sale_order(odoo, sale)
        validated = time.time()
        latencies.append(_wait_package(stack, order_id) - validated)
    return latencies


def _wait_package(stack, order_id: str, timeout: float = 120.0) -> float:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for package in stack.amazon_admin("GET", "shipments")["shipments"]:
            if package["orderId"] == order_id:
                return datetime.fromisoformat(package["confirmedAt"]).timestamp()
        time.sleep(0.05)
    raise SystemExit(f"bench: the shipment of {order_id} never reached Amazon")


def stock_latencies(stack, samples: int, interval: float) -> list[float]:
    odoo = stack.runtime.odoo_client
    listings = stack.amazon_admin("GET", "listings?account=sim-na")["listings"]["sim-na"]
    skus = sorted(sku for sku, where in listings.items() if _is_fbm(where))
    products = products_by_code(odoo, skus)
    location = find_warehouse(odoo).stock_location_id
    account = stack.runtime.settings.account("sim-na")
    scope = StockScope(location=account.stock_location, warehouse=account.stock_warehouse,
                       fba_location=account.fba_location)
    latencies = []
    for index in range(samples):
        sku = skus[index % len(skus)]
        time.sleep(rng.uniform(0, interval))
        set_location_quantity(odoo, product_id=products[sku], location_id=location, quantity=100 + index)
        changed = time.time()
        free = scope.free_quantities(odoo, [products[sku]])[products[sku]]  # minus what open orders reserve
        latencies.append(_wait_quantity(stack, sku, int(free)) - changed)
    return latencies


def _wait_quantity(stack, sku: str, quantity: int, timeout: float = 120.0) -> float:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        where = stack.amazon_admin("GET", "listings?account=sim-na")["listings"]["sim-na"][sku]
        if all(entry["quantity"] == quantity for entry in where.values()):
            return time.time()
        time.sleep(0.05)
    raise SystemExit(f"bench: Amazon never showed {quantity} for {sku}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=10.0)
    parser.add_argument("--samples", type=int, default=40)
    args = parser.parse_args()
    interval = DEFAULTS.shipments_seconds / args.scale
    with private_redis() as url:
        stack = DemoStack(broker_url=url, namespace=f"bench-{uuid.uuid4().hex[:8]}", speed=args.scale,
                          poll_seconds=interval)
        try:
            stack.start_simulators()
            stack.write_config(margin_seconds=round(120 / args.scale + 1, 2))
            prepare(stack)
            prepare_flows(stack)
            stack.start_worker()
            stack.start_scheduler()
            outcome = run_orders(stack, count=int(args.samples * 3.5), say=lambda _: None, timeout=600)
            assert outcome.reconciliation.ok, "the orders did not reconcile"
            shipments = [s * args.scale for s in shipment_latencies(stack, args.samples, interval)]
            stock = [s * args.scale for s in stock_latencies(stack, args.samples, DEFAULTS.stock_seconds / args.scale)]
            throttled = sum(op["throttled"] for op in stack.amazon_admin("GET", "calls")["operations"].values())
        finally:
            stack.stop()
    print(f"scale x{args.scale:g}: shipments/stock every {DEFAULTS.shipments_seconds:g}/{DEFAULTS.stock_seconds:g} s "
          f"(run at {interval:g} s), {args.samples} samples each, seconds converted back")
    for name, values in (("delivery validated -> Amazon has the shipment", shipments),
                         ("stock counted in Odoo -> Amazon shows it", stock)):
        print(f"{name}: p50 {statistics.median(values):.1f} s, p95 {percentile(values, 0.95):.1f} s, "
              f"max {max(values):.1f} s")
    print(f"429 answers from Amazon: {throttled}")


if __name__ == "__main__":
    main()
