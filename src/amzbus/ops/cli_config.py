"""``amzbus config check``: validates the configuration and says exactly what is wrong."""

from __future__ import annotations

import os

import click

from ..bus.errors import ConfigError
from ..bus.config_file import load_settings


@click.group()
def config() -> None:
    """Inspect the configuration."""


@config.command("check")
@click.option("--secrets/--no-secrets", default=True, show_default=True,
              help="Also check that every named secret variable is set.")
@click.pass_obj
def check(lazy, secrets: bool) -> None:
    """Validate the configuration file (and that the secrets it names are set)."""
    if lazy.path is None:
        raise ConfigError("no configuration file: pass --config PATH, set AMZBUS_CONFIG, or create ./amzbus.toml")
    settings = load_settings(lazy.path)
    if secrets:
        for account in settings.accounts:
            account.credentials(os.environ)
        if settings.odoo:
            settings.odoo.secret(os.environ)
    click.echo(f"{lazy.path}: ok ({len(settings.accounts)} account(s), broker {settings.bus.broker_url.split('://')[0]}://, "
               f"odoo {'configured' if settings.odoo else 'not configured'})")
