"""``amzbus demo``: simulators, a worker and the producers; generated orders; reconciliation.

Each run seeds the Amazon simulator afresh (``--seed`` repeats one) and prints the seed. Exits 0 only when
every eligible Amazon order has exactly one confirmed sale order, created by this run, with the right
lines and total, none exists for the others, the cancelled ones are cancelled, and nothing is left
in the dead letters. With no Redis answering, it runs everything in this process on the embedded
broker and says so.
"""

from __future__ import annotations

import os
import random
import sys
import time

import click
import redis

from ..bus.logging import configure_logging
from ..bus.settings import DEFAULT_BROKER_URL
from .cli_progress import progress
from .demo import prepare, run_flows, run_orders, summary_lines
from .demo_flows import prepare_flows
from .demo_stack import DemoStack, OdooTarget


def _broker(url: str | None) -> tuple[str, bool, str]:
    """(broker URL, embedded?, how to describe it)."""
    url = url or os.environ.get("REDIS_URL") or DEFAULT_BROKER_URL
    if url.startswith("stub://"):
        return url, True, "embedded (in-process, as asked)"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
        return url, False, f"Redis at {url}"
    except redis.RedisError:
        return "stub://", True, f"embedded (in-process): no Redis answered at {url}"


@click.command()
@click.option("--orders", default=300, show_default=True, help="Amazon orders to generate.")
@click.option("--broker-url", help="Broker to use (default: $REDIS_URL or redis://127.0.0.1:6379/0).")
@click.option("--odoo-url", help="A real Odoo 18 to use instead of the simulator.")
@click.option("--odoo-db")
@click.option("--odoo-user")
@click.option("--odoo-password")
@click.option("--speed", default=60.0, show_default=True, help="Time compression of the Amazon simulator.")
@click.option("--timeout", default=600.0, show_default=True, help="Seconds to wait for reconciliation.")
@click.option("--push", is_flag=True, help="Also run Amazon's ORDER_CHANGE notifications through a local SQS "
                                           "(moto's server) and a reader; polling stays on.")
@click.option("--seed", type=click.IntRange(min=1), help="The Amazon simulator's seed, to repeat a run "
              "(default: a fresh one, printed: Amazon order ids are unique for ever, so each run makes its own).")
def demo(orders, broker_url, odoo_url, odoo_db, odoo_user, odoo_password, speed, timeout, push, seed) -> None:
    """Drive generated orders through the bus into Odoo and reconcile."""
    seed = seed or random.SystemRandom().randrange(1, 2**31)
    url, embedded, description = _broker(broker_url)
    if push and embedded:
        raise click.UsageError("--push needs Redis: the notification reader runs as its own process")
    odoo = None
    if odoo_url:
        if not (odoo_db and odoo_user and odoo_password):
            raise click.UsageError("--odoo-url needs --odoo-db, --odoo-user and --odoo-password")
        odoo = OdooTarget(odoo_url.rstrip("/"), odoo_db, odoo_user, odoo_password)
    say = lambda text: click.echo(f"[{time.strftime('%H:%M:%S')}] {text}")
    say(f"broker: {description}")
    say(f"seed: {seed} (repeat this run with --seed {seed})")
    stack = DemoStack(broker_url=url, namespace=f"demo-{int(time.time())}-{seed}", speed=speed, seed=seed, odoo=odoo,
                      embedded=embedded)
    log_file = open(stack.workdir / "demo.log", "a", encoding="utf-8")
    configure_logging(format="json", level="INFO", stream=log_file)  # the console shows progress only
    pushing, push_lines = None, []
    try:
        with progress() as bar:
            setup = bar.add_task("starting the simulators", total=5)
            stack.start_simulators()
            stack.write_config(margin_seconds=round(120 / speed + 1, 2))
            if push:
                from .push_stack import start_push, start_reader

                pushing = start_push(stack)
                start_reader(stack)
                say(f"push: Amazon notifies SQS {pushing.sqs.endpoint}; both accounts subscribed; reader started")
            say(f"Amazon simulator {stack.amazon_url} (speed {speed:g}); Odoo {stack.odoo.url}; "
                f"logs in {stack.workdir}")
            bar.update(setup, advance=1, description="creating the catalog's products in Odoo")
            say(f"created {prepare(stack)} catalog products in Odoo")
            bar.update(setup, advance=1, description="filling the offer table and Odoo's FBM stock")
            say(f"offer table: {prepare_flows(stack)} SKUs; FBM stock counted in Odoo")
            bar.update(setup, advance=1, description="starting a worker")
            stack.start_worker()
            bar.update(setup, advance=1, description="starting the scheduler")
            stack.start_scheduler()
            bar.update(setup, advance=1, description="set up")
        outcome = run_orders(stack, count=orders, say=say, timeout=timeout)
        outcome = run_flows(stack, outcome, say=say, timeout=timeout)
        if pushing:
            from .push_stack import push_summary_lines

            push_lines = push_summary_lines(stack)
    finally:
        stack.stop()
        if pushing:
            pushing.sqs.stop()
        log_file.close()
    for line in summary_lines(outcome, broker=description) + push_lines:
        click.echo(line)
    sys.exit(0 if outcome.ok else 1)
