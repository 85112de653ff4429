"""``amzbus simulator amazon|odoo``: run a simulator as a server (tests, benchmarks, the demo)."""

from __future__ import annotations

import importlib

import click

from ..bus.errors import ConfigError

SIMULATORS = {
    "amazon": ("amzbus.simulators.amazon.command", "amazon", "the SP-API simulator"),
    "odoo": ("amzbus.simulators.odoo.command", "odoo", "the Odoo 18 simulator"),
}


class SimulatorGroup(click.Group):
    def list_commands(self, ctx):
        return sorted(SIMULATORS)

    def get_command(self, ctx, name):
        if name not in SIMULATORS:
            return None
        module_name, attribute, title = SIMULATORS[name]
        try:
            return getattr(importlib.import_module(module_name), attribute)
        except (ImportError, AttributeError) as error:
            raise ConfigError(f"{title} is not available: {error}") from None


@click.group(cls=SimulatorGroup)
def simulator() -> None:
    """Run the Amazon SP-API or the Odoo simulator as a server."""
