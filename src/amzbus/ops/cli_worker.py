"""``amzbus worker``: one of the three long-running processes of a deployment."""

from __future__ import annotations

import click

from .stop_signals import stop_on_signals
from .worker import default_threads, run_worker


@click.command()
@click.option("--threads", type=click.IntRange(min=1),
              help="Worker threads in this process (default: [odoo] order_batch_size x order_batches_at_once, "
                   "at least 8).")
@click.option("--queue", "queues", multiple=True, help="Only these queues (default: all).")
@click.option("--prefetch", type=int, help="Messages fetched ahead per queue (default: 2 x threads).")
@click.option("--consumers", "consumer_specs", multiple=True, metavar="MODULE:FUNCTION",
              help="Extra consumers to subscribe (register(bus, settings)); the bus's own are always on.")
@click.option("--metrics-host", default="127.0.0.1", show_default=True,
              help="Address of this process's /metrics (0.0.0.0 in a container).")
@click.option("--metrics-port", default=9191, show_default=True, type=int,
              help="Port of this process's /metrics (a taken port falls back to a free one; -1: none).")
@click.pass_obj
def worker(lazy, threads, queues, prefetch, consumer_specs, metrics_host, metrics_port) -> None:
    """Apply events from the queues to Odoo and Amazon."""
    runtime = lazy.get()
    stop = stop_on_signals()
    if not runtime.wait_for_broker(stop):
        return
    runtime.register_consumers(consumer_specs)
    run_worker(runtime, threads=threads or default_threads(runtime.settings), queues=queues or None,
               prefetch=prefetch, stop=stop, metrics_host=metrics_host,
               metrics_port=None if metrics_port < 0 else metrics_port)
