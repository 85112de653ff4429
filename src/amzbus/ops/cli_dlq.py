"""``amzbus dlq list|show|replay|purge|rescue``: inspect and replay what could not be applied."""

from __future__ import annotations

import json

import click

from ..bus.errors import BusError
from .cli_progress import track
from .cli_values import parse_when


def _emit(data, as_json: bool, human) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False) if as_json else human(data))


@click.group()
def dlq() -> None:
    """Dead letters: inspect, replay, purge; rescue messages of dead workers."""


@dlq.command("list")
@click.option("--queue", help="Only this queue (to_odoo, to_amazon).")
@click.option("--event-type", help="Only this event type (OrderPlaced, ...).")
@click.option("--account", help="Only this seller account.")
@click.option("--since", help="Only those dead-lettered since this ISO time.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def list_(lazy, queue, event_type, account, since, as_json) -> None:
    """List dead letters with their reason."""
    since_time = parse_when(since, "--since")
    letters = lazy.get().dead_letters.list(queue=queue, event_type=event_type, account=account, since=since_time)
    _emit([d.summary() for d in letters], as_json, lambda rows: "\n".join(
        f"{r['id']}  {r['queue']:<10} {r['event_type'] or '?':<22} {r['event_id'] or '?':<44} "
        f"{r['attempts'] or '?'} attempt(s)  {r['error_type'] or '?'}: {r['error_message'] or ''}"
        for r in rows) or "no dead letters")


@dlq.command()
@click.argument("letter_id")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def show(lazy, letter_id, as_json) -> None:
    """Show one dead letter: reason, attempts, traceback and the payload (masked)."""
    details = lazy.get().dead_letters.show(letter_id).details()
    _emit(details, as_json, lambda d: "\n".join(
        f"{key}: {json.dumps(value, ensure_ascii=False) if key == 'payload' else value}" for key, value in d.items()))


@dlq.command()
@click.argument("letter_ids", nargs=-1)
@click.option("--all", "everything", is_flag=True, help="Every dead letter.")
@click.option("--event-type", help="Every dead letter of this event type.")
@click.option("--since", help="Every dead letter since this ISO time.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def replay(lazy, letter_ids, everything, event_type, since, as_json) -> None:
    """Put dead letters back on their queue, attempts and age reset (twice is harmless)."""
    letters = lazy.get().dead_letters
    ids = _select(letters, letter_ids, everything, event_type=event_type, since=parse_when(since, "--since"))
    results = [result for letter_id in track(ids, "replaying dead letters", enabled=not as_json)
               for result in letters.replay([letter_id])]
    _emit([r.__dict__ for r in results], as_json,
          lambda rows: "\n".join(f"{r['id']}: {r['note']}" for r in rows) or "nothing to replay")


@dlq.command()
@click.argument("letter_ids", nargs=-1)
@click.option("--all", "everything", is_flag=True, help="Every dead letter.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def purge(lazy, letter_ids, everything, as_json) -> None:
    """Delete dead letters for good."""
    letters = lazy.get().dead_letters
    ids = _select(letters, letter_ids, everything)
    count = sum(letters.purge([letter_id]) for letter_id in track(ids, "purging dead letters", enabled=not as_json))
    _emit({"purged": count}, as_json, lambda d: f"purged {d['purged']} dead letter(s)")


@dlq.command()
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def rescue(lazy, as_json) -> None:
    """Put back messages left unacknowledged by worker processes that died."""
    rescued = lazy.get().stranded.rescue()
    _emit([r.__dict__ for r in rescued], as_json, lambda rows: "\n".join(
        f"{r['count']} message(s) of dead worker {r['broker_id']} back on {r['queue']}" for r in rows)
        or "no stranded messages")


def _select(letters, ids, everything, *, event_type=None, since=None) -> list[str]:
    filtered = event_type is not None or since is not None
    if bool(ids) + everything + filtered != 1:
        raise BusError("name dead-letter ids, or --all, or a filter (--event-type/--since), exactly one of them")
    if ids:
        return list(ids)
    return [d.id for d in letters.list(event_type=event_type, since=since)]
