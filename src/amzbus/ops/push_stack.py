"""Push notifications on a ``DemoStack``: a local SQS (moto's server), Amazon pushing to it, every account
subscribed (``amzbus notifications setup``), and the reader (``amzbus notifications listen``) as a process.

Used by ``amzbus demo --push``, ``bench/order_latency.py`` and the end-to-end tests.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from ..bus.errors import BusError
from .sqs_stand_in import AWS_ENV, REGION, LocalSqs

ODOO_CLOCK_GRAIN = timedelta(seconds=1)  # Odoo stores whole seconds


@dataclass
class PushSetup:
    sqs: LocalSqs
    queue_url: str
    queue_arn: str


def start_push(stack, *, drop_rate: float = 0.0, duplicate_rate: float = 0.1,
               visibility_timeout_seconds: int = 30, wait_seconds: int = 20) -> PushSetup:
    """After ``stack.write_config()``: SQS up, Amazon pushing, every account subscribed. Start the reader with
    ``start_reader``."""
    sqs = LocalSqs(log_path=stack.workdir / "sqs.log").start()
    queue = sqs.create_queue(f"{stack.namespace}-order-change")
    stack.amazon_admin("PUT", "notifications", sqs_endpoint=sqs.endpoint, drop_rate=drop_rate,
                       duplicate_rate=duplicate_rate)
    stack.env.update(AWS_ENV)
    with open(stack.config_path, "a", encoding="utf-8") as config:
        config.write(f'\n[notifications]\nqueue_url = "{queue.url}"\nqueue_arn = "{queue.arn}"\nregion = "{REGION}"\n'
                     f'endpoint_url = "{sqs.endpoint}"\nwait_seconds = {wait_seconds}\n'
                     f'visibility_timeout_seconds = {visibility_timeout_seconds}\n')
    setup = subprocess.run([sys.executable, "-m", "amzbus", "--config", str(stack.config_path), "notifications",
                            "setup", "--all"], env=stack.env, capture_output=True, text=True, timeout=60)
    if setup.returncode != 0:
        sqs.stop()
        raise BusError(f"amzbus notifications setup failed: {setup.stderr.strip() or setup.stdout.strip()}")
    return PushSetup(sqs, queue.url, queue.arn)


def start_reader(stack, name: str = "notifications") -> None:
    stack._spawn(name, ["notifications", "listen"])


@dataclass(frozen=True)
class Latency:
    count: int
    p50: float | None
    p95: float | None
    maximum: float | None = None
    preexisting: int = 0  # sale orders already in Odoo before the order became eligible (an earlier run's)

    def line(self) -> str:
        earlier = (f", {self.preexisting} sale order(s) already in Odoo from an earlier run not measured"
                   if self.preexisting else "")
        if not self.count:
            return f"order latency: no order measured{earlier}"
        return f"order latency p50 {self.p50:.1f} s, p95 {self.p95:.1f} s (n={self.count}{earlier})"


def order_latency(stack) -> Latency:
    """From the moment each order became eligible on Amazon to its confirmed sale order in Odoo (``date_order``,
    set by the confirmation; whole seconds), in wall-clock seconds. A sale order created before the order became
    eligible is an earlier run's (a real Odoo keeps them, and a seed gives the same order ids): not measured."""
    eligible_at = stack.amazon_admin("GET", "notifications")["eligible_at"]
    rows = stack.runtime.odoo_client.execute("sale.order", "search_read",
                                             [("client_order_ref", "in", list(eligible_at))],
                                             fields=["client_order_ref", "date_order", "create_date", "state"])
    seconds, preexisting = [], 0
    for row in rows:
        if row["state"] not in ("sale", "done") or not row.get("date_order"):
            continue
        eligible = datetime.fromisoformat(eligible_at[row["client_order_ref"]])
        if _odoo_time(row["create_date"]) < eligible - ODOO_CLOCK_GRAIN:
            preexisting += 1
            continue
        seconds.append(max(0.0, (_odoo_time(row["date_order"]) - eligible).total_seconds()))
    return replace(latency_of(seconds), preexisting=preexisting)


def _odoo_time(text: str) -> datetime:
    return datetime.fromisoformat(text + "+00:00")


def push_summary_lines(stack) -> list[str]:
    """The demo summary's push lines: orders whose event a notification brought, and the order latency."""
    from ..producers.notification_stats import NotificationStats

    received = NotificationStats(stack.runtime.redis, namespace=stack.namespace).orders_published()
    return [f"orders received by notification: {len(received)}", order_latency(stack).line()]


def latency_of(seconds: list[float]) -> Latency:
    if not seconds:
        return Latency(0, None, None)
    if len(seconds) == 1:
        return Latency(1, seconds[0], seconds[0], seconds[0])
    cuts = statistics.quantiles(seconds, n=100, method="inclusive")
    return Latency(len(seconds), statistics.median(seconds), cuts[94], max(seconds))
