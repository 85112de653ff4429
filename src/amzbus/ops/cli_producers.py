"""Producer commands: ``scheduler``, ``poll orders --dry-run``, ``resync``, ``recover``."""

from __future__ import annotations

import json
import time

import click

from ..bus.errors import BusError
from ..producers.scheduler import run_scheduler
from .cli_values import parse_when
from .stop_signals import stop_on_signals


@click.command()
@click.pass_obj
def scheduler(lazy) -> None:
    """Enqueue the polls of every stream at its interval (run exactly one per deployment)."""
    runtime = lazy.get()
    stop = stop_on_signals()
    if runtime.wait_for_broker(stop):
        runtime.register_consumers()
        run_scheduler(runtime, stop=stop)


@click.group()
def poll() -> None:
    """Poll a stream by hand."""


@poll.command("orders")
@click.option("--account", required=True)
@click.option("--since", help="ISO time (default: the stream's cursor minus the overlap).")
@click.option("--dry-run", is_flag=True, required=True, help="Print the events; publish nothing, move nothing.")
@click.pass_obj
def poll_orders(lazy, account, since, dry_run) -> None:
    """Print, as JSON lines, the events a poll would publish, and the orders it would dead-letter (and why)."""
    from ..connectors.amazon.preview import UnmappableOrder, preview_order_events
    from ..producers.amazon_orders import stream_name
    from ..schemas import encode

    runtime = lazy.get()
    runtime.settings.account(account)
    start = parse_when(since, "--since")
    if start is None:
        cursor = runtime.cursors.get(stream_name(account))
        start = runtime.orders_producer(account).window_start(cursor)
    client = runtime.amazon_clients[account]
    events = unmappable = 0
    for preview in preview_order_events(client, since=start, marketplaces=runtime.settings.marketplaces):
        if isinstance(preview, UnmappableOrder):
            unmappable += 1
            click.echo(json.dumps(preview.as_json(), ensure_ascii=False))
        else:
            events += 1
            click.echo(json.dumps(encode(preview), ensure_ascii=False))
    click.echo(f"{account}: a poll would publish {events} event(s) and dead-letter {unmappable} order(s)", err=True)


@click.command()
@click.option("--account", required=True)
@click.option("--since", required=True, help="ISO time to read again from.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON summary on stdout and no progress.")
@click.pass_obj
def resync(lazy, account, since, as_json) -> None:
    """Read every order updated since a date again and publish its event (harmless for what Odoo has).

    Uses the polls' reader and the account's searchOrders tokens: waits for each token, shows pages read,
    events published and the time left at the current rate; interrupted, run it again to carry on.
    """
    from .window_display import WindowDisplay

    runtime = lazy.get()
    runtime.register_consumers()
    start = parse_when(since, "--since")
    producer = runtime.orders_producer(account)
    started = time.monotonic()
    with WindowDisplay(account, seconds_per_token=producer.reader.seconds_per_token, quiet=as_json) as display:
        result = producer.resync(start, progress=display.update)
    if as_json:
        click.echo(json.dumps({"account": account, "since": start.isoformat(),
                               "window_end": result.window_end.isoformat() if result.window_end else None,
                               "pages_read": result.pages_read, "orders_read": result.orders_seen,
                               "events_published": result.events_published, "unmappable": result.unmappable,
                               "seconds": round(time.monotonic() - started, 1)}))
        return
    click.echo(f"{account}: resync from {start.isoformat()} done: {result.pages_read} page(s), {result.orders_seen} "
               f"order(s), {result.events_published} event(s) published, {len(result.unmappable)} unmappable "
               f"(in the dead letters)")


@click.command()
@click.argument("order_id")
@click.option("--account", required=True)
@click.pass_obj
def recover(lazy, order_id, account) -> None:
    """Fetch one Amazon order by its id (3-7-7 digits) and publish its event."""
    import re

    if not re.fullmatch(r"\d{3}-\d{7}-\d{7}", order_id):
        raise BusError(f"{order_id!r} is not an Amazon order id (3-7-7 digits, e.g. 123-1234567-1234567)")
    runtime = lazy.get()
    runtime.register_consumers()
    click.echo(f"{account}: fetching {order_id}", err=True)
    envelope = runtime.orders_producer(account).recover(order_id)
    if envelope is None:
        click.echo(f"{order_id}: nothing to import yet (pending, or FBA not yet shipped)")
    else:
        click.echo(f"{order_id}: published {envelope.event_type} ({envelope.event_id})")
