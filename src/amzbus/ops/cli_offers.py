"""``amzbus offers import|set|list``: the SKU -> Odoo product table, per seller account."""

from __future__ import annotations

import json

import click

from ..bus.offer_table import Offer, parse_offers_csv


@click.group()
def offers() -> None:
    """Which Odoo product each Amazon SKU sells (per account)."""


@offers.command("import")
@click.argument("source", type=click.File("r", encoding="utf-8-sig"))
@click.option("--account", help="Account of every row (when the file has no account column).")
@click.pass_obj
def import_(lazy, source, account) -> None:
    """Import a CSV file with the columns sku,product_ref (and account)."""
    runtime = lazy.get()
    known = {a.name for a in runtime.settings.accounts}
    if account is not None:
        runtime.settings.account(account)
    rows = parse_offers_csv(source.read(), source=source.name, account=account, known_accounts=known)
    click.echo(f"imported {runtime.offer_table.set(rows)} offer(s)")


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
