"""``amzbus offers import|set|list``: the SKU -> Odoo product table, per seller account."""

from __future__ import annotations

import io
import json
import os

import click

from ..bus.offer_table import Offer, parse_offers_csv
from .cli_progress import progress


@click.group()
def offers() -> None:
    """Which Odoo product each Amazon SKU sells (per account)."""


@offers.command("import")
@click.argument("source", type=click.File("r", encoding="utf-8-sig"))
@click.option("--account", help="Account of every row (when the file has no account column).")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def import_(lazy, source, account, as_json) -> None:
    """Import a CSV file with the columns sku,product_ref (and account)."""
    runtime = lazy.get()
    known = {a.name for a in runtime.settings.accounts}
    if account is not None:
        runtime.settings.account(account)
    with progress(enabled=not as_json) as bar:
        text = _read(source, bar)
        rows = parse_offers_csv(text, source=source.name, account=account, known_accounts=known)
        writing = bar.add_task(f"importing {len(rows)} offer(s)", total=len(rows))
        imported = runtime.offer_table.set(rows)
        bar.update(writing, completed=imported)
    click.echo(json.dumps({"imported": imported}) if as_json else f"imported {imported} offer(s)")


def _read(source, bar, *, chunk: int = 1 << 16) -> str:
    """The whole file, read in chunks with a progress bar (its size is unknown for stdin)."""
    try:
        size = os.fstat(source.fileno()).st_size or None
    except (OSError, ValueError, io.UnsupportedOperation):
        size = None
    reading = bar.add_task(f"reading {source.name}", total=size)
    parts = []
    while part := source.read(chunk):
        parts.append(part)
        bar.advance(reading, len(part))
    bar.update(reading, total=sum(map(len, parts)), completed=sum(map(len, parts)))
    return "".join(parts)


@offers.command("set")
@click.argument("sku")
@click.argument("product_ref")
@click.option("--account", required=True)
@click.pass_obj
def set_(lazy, sku, product_ref, account) -> None:
    """Map one SKU to the Odoo product with this internal reference."""
    runtime = lazy.get()
    runtime.settings.account(account)
    runtime.offer_table.set([Offer(account, sku, product_ref)])
    click.echo(f"{account}: {sku} -> {product_ref}")


@offers.command("list")
@click.option("--account", help="Only this account.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def list_(lazy, account, as_json) -> None:
    """List the offer table."""
    runtime = lazy.get()
    names = [runtime.settings.account(account).name] if account else [a.name for a in runtime.settings.accounts]
    rows = [o for name in names for o in runtime.offer_table.list(name)]
    if as_json:
        click.echo(json.dumps([o.__dict__ for o in rows], indent=2))
    else:
        click.echo("\n".join(f"{o.account:<16}{o.sku:<32}{o.product_ref}" for o in rows) or "no offers")
