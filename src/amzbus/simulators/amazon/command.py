"""``amzbus simulator amazon``: run the SP-API simulator as a server, or print its configuration."""

from __future__ import annotations

import click

from .accounts import seeded_accounts
from .config_fragment import render_config
from .server import create_server


@click.command("amazon")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8100, show_default=True, type=int, help="Port to listen on (0: any free port).")
@click.option("--seed", default=1, show_default=True, type=int, help="Seed for accounts, catalog and orders.")
@click.option("--speed", default=1.0, show_default=True, type=click.FloatRange(min=0, min_open=True),
              help="Time runs this many times faster: rate limits, feed processing, order lifecycle, 2-minute rule.")
@click.option("--orders", "order_count", default=0, show_default=True, type=click.IntRange(min=0),
              help="Orders to generate at start, spread over both accounts.")
@click.option("--extra-accounts", default=0, show_default=True, type=click.IntRange(min=0, max=98),
              help="Seller accounts beyond sim-na and sim-eu (alternately NA and EU).")
@click.option("--sqs-endpoint", metavar="URL", help="Push ORDER_CHANGE notifications to the subscribed SQS queues "
                                                   "at this SQS-compatible endpoint (e.g. moto's server).")
@click.option("--print-config", is_flag=True, help="Print the amzbus.toml [[accounts]] tables and the credential "
                                                   "exports for this seed and address, then exit.")
def amazon(host: str, port: int, seed: int, speed: float, order_count: int, extra_accounts: int,
           sqs_endpoint: str | None, print_config: bool) -> None:
    """Amazon SP-API simulator (LWA, Orders, Listings, Feeds, FBA Inventory, Sellers, Notifications, and /_admin/)."""
    if print_config:
        accounts = seeded_accounts(seed, extra_accounts=extra_accounts)
        click.echo(render_config(accounts, endpoint=f"http://{host}:{port}", seed=seed), nl=False)
        return
    running = create_server(host=host, port=port, seed=seed, speed=speed, extra_accounts=extra_accounts)
    if order_count:
        running.state.generate_orders(count=order_count)
    if sqs_endpoint:
        running.state.push.settings.update({"sqs_endpoint": sqs_endpoint})
        running.state.push.start()
    click.echo(f"Amazon SP-API simulator listening on {running.url} (seed {seed}, speed {speed}); "
               f"admin at {running.url}/_admin/, configuration at {running.url}/_admin/config")
    try:
        running.server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        running.server.server_close()
