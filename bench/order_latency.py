"""Order latency, push (ORDER_CHANGE over SQS, polling still on) against polling only, at Amazon's real timings.

One run, two stacks side by side on a private Redis, each with real processes (Amazon simulator at speed 1, Odoo
simulator, a worker, the scheduler polling every 180 s with the default 180-second freshness margin); the push stack
also has moto's SQS server and ``amzbus notifications listen``. Both get the same steady stream of orders
(``--per-minute`` for ``--minutes``), which go through Amazon's lifecycle in real time (eligible 30-240 s after
purchase, FBA shipped after 60-480 s, some cancelled).

Latency of an order: from the moment it became eligible on Amazon (FBM Unshipped, FBA Shipped: the simulator
records it, wall-clock) to its confirmed sale order in Odoo (``date_order``, set by the confirmation). The run ends
once every order is settled in Odoo on both stacks.

Usage: python bench/order_latency.py [--minutes 6] [--per-minute 10] [--drain-minutes 20]
"""

from __future__ import annotations

import argparse
import sys
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from private_redis import private_redis  # noqa: E402

from amzbus.ops.demo import DEMO_MIX, amazon_orders, prepare  # noqa: E402
from amzbus.ops.demo_stack import DemoStack  # noqa: E402
from amzbus.ops.push_stack import order_latency, start_push, start_reader  # noqa: E402
from amzbus.ops.reconcile import reconcile  # noqa: E402
from amzbus.producers.notification_stats import NotificationStats  # noqa: E402

POLL_SECONDS = 180.0  # the default: searchOrders restores one token every ~180 s


def start(url: str, *, push: bool) -> tuple[DemoStack, object]:
    stack = DemoStack(broker_url=url, namespace=f"bench-latency-{uuid.uuid4().hex[:8]}", speed=1.0,
                      poll_seconds=POLL_SECONDS)
    stack.start_simulators()
    stack.write_config()  # Amazon's timings: default freshness margin (180 s) and overlap
    pushing = start_push(stack) if push else None
    if pushing is None:
        stack.amazon_admin("PUT", "notifications", watch=True)  # record eligibility times, push nothing
    prepare(stack)
    stack.start_worker()
    stack.start_scheduler()
    if pushing is not None:
        start_reader(stack)
    return stack, pushing


def settled(stack) -> bool:
    orders = amazon_orders(stack)
    result = reconcile(orders, stack.runtime.odoo_client, marketplaces=stack.runtime.settings.marketplaces)
    return result.ok and result.not_yet_eligible == 0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=6.0, help="How long orders keep coming.")
    parser.add_argument("--per-minute", type=float, default=10.0, help="Orders per minute, on each stack.")
    parser.add_argument("--drain-minutes", type=float, default=20.0, help="Longest wait for Odoo to settle after.")
    args = parser.parse_args()
    with private_redis() as url:
        stacks = {"push": start(url, push=True), "polling only": start(url, push=False)}
        try:
            began, generated = time.monotonic(), 0
            while time.monotonic() - began < args.minutes * 60:
                for stack, _ in stacks.values():
                    stack.amazon_admin("POST", "orders/generate", count=1, mix=DEMO_MIX)
                generated += 1
                time.sleep(60.0 / args.per_minute)
            print(f"{generated} orders generated on each stack over {args.minutes:g} min; waiting for Odoo",
                  flush=True)
            deadline = time.monotonic() + args.drain_minutes * 60
            while time.monotonic() < deadline and not all(settled(stack) for stack, _ in stacks.values()):
                time.sleep(10)
            report(stacks, generated, args)
        finally:
            for stack, pushing in stacks.values():
                stack.stop()
                if pushing is not None:
                    pushing.sqs.stop()


def report(stacks, generated: int, args) -> None:
    print(f"order latency, eligible on Amazon -> confirmed in Odoo, Amazon speed 1, {args.per_minute:g} orders/min "
          f"for {args.minutes:g} min on each stack ({generated} orders), poll every {POLL_SECONDS:.0f} s")
    print(f"{'':24}{'orders':>8}{'p50 (s)':>10}{'p95 (s)':>10}{'max (s)':>10}{'by push':>9}{'settled':>9}")
    for name, (stack, pushing) in stacks.items():
        latency = order_latency(stack)
        by_push = len(NotificationStats(stack.runtime.redis, namespace=stack.namespace).orders_published())
        fmt = lambda v: f"{v:10.1f}" if v is not None else f"{'-':>10}"  # noqa: E731
        print(f"{name:24}{latency.count:8d}{fmt(latency.p50)}{fmt(latency.p95)}{fmt(latency.maximum)}"
              f"{by_push:9d}{'yes' if settled(stack) else 'NO':>9}")


if __name__ == "__main__":
    main()
