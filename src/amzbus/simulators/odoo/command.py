"""``amzbus simulator odoo``: run the Odoo 18 simulator as a server until interrupted."""

from __future__ import annotations

import signal

import click

from .server import RunningOdooSimulator
from .state import SimulatorState


@click.command(name="odoo")
@click.option("--port", default=8069, show_default=True, type=int, help="Port to listen on (0 picks a free one).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--db", "db_name", default="amzbus", show_default=True, help="Database name clients must use.")
@click.option("--user", default="admin", show_default=True, help="Login of the admin user.")
@click.option("--password", default="admin", show_default=True, help="Password of the admin user.")
@click.option("--api-key", default=None, help="API key of the admin user for JSON-2 (generated when omitted).")
def odoo(port: int, host: str, db_name: str, user: str, password: str, api_key: str | None) -> None:
    """Run the Odoo 18 simulator (JSON-RPC, JSON-2, /_admin) until Ctrl-C."""
    state = SimulatorState(db_name=db_name, login=user, password=password, api_key=api_key)
    server = RunningOdooSimulator(state, host=host, port=port).start()
    click.echo(f"Odoo 18 simulator listening on {server.url}")
    click.echo(f"  database: {db_name}   login: {user}")
    click.echo(f"  API key (JSON-2, Authorization: bearer ...): {state.api_key}")
    click.echo(f"  admin API: {server.url}/_admin/info")
    signal.signal(signal.SIGTERM, lambda signum, frame: server.shutdown())
    try:
        server.wait()
    except KeyboardInterrupt:
        click.echo("stopping")
    finally:
        server.shutdown()
