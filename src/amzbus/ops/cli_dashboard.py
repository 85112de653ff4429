"""``amzbus dashboard``: the web page operators keep open, and the deployment's ``/metrics``."""

from __future__ import annotations

import os
import signal

import click

from .dashboard.security import TOKEN_ENV


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help=f"Address to listen on; anything but loopback needs {TOKEN_ENV}.")
@click.option("--port", default=8080, show_default=True, type=int)
@click.option("--refresh", "refresh_seconds", default=5.0, show_default=True, help="Seconds between page refreshes.")
@click.pass_obj
def dashboard(lazy, host, port, refresh_seconds) -> None:
    """Serve the dashboard: queues, streams, rate limits, workers, warnings, dead letters (replay, purge)."""
    from .dashboard.server import DashboardServer

    token = os.environ.get(TOKEN_ENV) or None
    server = DashboardServer(lazy.get(), host=host, port=port, token=token, refresh_seconds=refresh_seconds)
    signal.signal(signal.SIGTERM, lambda *_: server.close())
    click.echo(f"dashboard on {server.url} (actions {'need the token' if token else f'off: {TOKEN_ENV} is not set'})")
    server.serve_forever()
