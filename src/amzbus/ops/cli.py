"""The ``amzbus`` command line. Every command reads the configuration once, here, and passes it down.

Errors the bus raises on purpose (bad configuration, unknown ids, unreachable broker) end the
command with one line on stderr and exit status 1, never a traceback.
"""

from __future__ import annotations

import os
import sys

import click
import redis

from ..bus.errors import BusError
from ..bus.logging import configure_logging
from ..bus.redaction import redact_text
from ..bus.config_file import config_path, load_settings
from ..schemas import InvalidEventError
from .cli_config import config
from .cli_dlq import dlq
from .cli_offers import offers
from .cli_producers import poll, recover, resync, scheduler
from .cli_publish import publish
from .cli_status import status
from .cli_worker import worker
from .runtime import Runtime


class LazyGroup(click.Group):
    """Subcommands whose imports are heavy (simulators, demo) are loaded only when used."""

    lazy = {
        "simulator": "amzbus.ops.cli_simulator:simulator",
        "demo": "amzbus.ops.cli_demo:demo",
        "dashboard": "amzbus.ops.cli_dashboard:dashboard",
        "notifications": "amzbus.ops.cli_notifications:notifications",
    }

    def list_commands(self, ctx):
        return sorted([*super().list_commands(ctx), *self.lazy])

    def get_command(self, ctx, name):
        if name in self.lazy:
            module_name, _, attribute = self.lazy[name].partition(":")
            module = __import__(module_name, fromlist=[attribute])
            return getattr(module, attribute)
        return super().get_command(ctx, name)


@click.group(cls=LazyGroup)
@click.option("--config", "config_file", metavar="PATH", help="Configuration file (default: $AMZBUS_CONFIG, ./amzbus.toml).")
@click.pass_context
def cli(ctx: click.Context, config_file: str | None) -> None:
    """amazon-odoo-bus: keeps Amazon Seller Central and Odoo in step."""
    ctx.obj = LazyRuntime(config_file)


class LazyRuntime:
    """Reads the configuration on first use, so ``config check`` can report its errors itself."""

    def __init__(self, config_file: str | None) -> None:
        self.path = config_path(config_file)
        self._runtime: Runtime | None = None

    def get(self) -> Runtime:
        if self._runtime is None:
            settings = load_settings(self.path)
            configure_logging(format=settings.logging.format, level=settings.logging.level)
            self._runtime = Runtime(settings)
        return self._runtime


cli.add_command(worker)
cli.add_command(status)
cli.add_command(dlq)
cli.add_command(config)
cli.add_command(publish)
cli.add_command(offers)
for command in (scheduler, poll, resync, recover):
    cli.add_command(command)


def main(argv: list[str] | None = None) -> None:
    try:
        cli.main(args=argv, prog_name="amzbus", standalone_mode=False)
    except click.exceptions.Abort:
        _fail("aborted")
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except (BusError, InvalidEventError) as error:
        _fail(str(error))
    except redis.RedisError as error:
        _fail(f"Redis is not reachable or refused the command: {error}")
    except KeyboardInterrupt:
        _fail("interrupted")
    except Exception as error:  # a bug: one line for the operator, the traceback on demand
        if os.environ.get("AMZBUS_DEBUG"):
            raise
        _fail(f"unexpected {type(error).__name__}: {redact_text(str(error))} (set AMZBUS_DEBUG=1 for the traceback)")


def _fail(message: str) -> None:
    click.echo(f"amzbus: error: {message}", err=True)
    sys.exit(1)


if __name__ == "__main__":
    main()
