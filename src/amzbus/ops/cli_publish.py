"""``amzbus publish FILE``: validate canonical events (JSON lines or one JSON object) and publish them.

For operators re-injecting an event by hand; an invalid event is refused with the field and event id.
"""

from __future__ import annotations

import json

import click

from ..bus.errors import BusError
from ..schemas import decode


@click.command()
@click.argument("source", type=click.File("r", encoding="utf-8"))
@click.pass_obj
def publish(lazy, source) -> None:
    """Publish the events in SOURCE (a file, or - for standard input)."""
    text = source.read()
    events = _parse(text, getattr(source, "name", "input"))
    for event in events:
        decode(event)  # all are checked before any is sent
    runtime = lazy.get()
    runtime.register_consumers()
    for event in events:
        runtime.bus.publish_raw(event)
    click.echo(f"published {len(events)} event(s)")


def _parse(text: str, name: str) -> list:
    stripped = text.strip()
    if not stripped:
        raise BusError(f"{name}: no event in it")
    try:
        return [json.loads(stripped)] if stripped.startswith("{") and "\n{" not in stripped else \
            [json.loads(line) for line in stripped.splitlines() if line.strip()]
    except json.JSONDecodeError as error:
        raise BusError(f"{name}: not JSON (line {error.lineno}, column {error.colno}: {error.msg})") from None
