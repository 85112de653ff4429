"""Reference data looked up by code or name and cached on the client: countries, states, currencies,
pricelists, sales teams, warehouses, carriers.

Unknown countries and states return None (an address must never block an order); a missing
currency or warehouse is a PermanentError naming it; pricelists and sales teams are created when
missing (``Amazon EUR``, the configured team name).
"""

from __future__ import annotations

from typing import Any

from .client import OdooClient
from .errors import OdooPermanentError
from .field_values import declared, many2one_id
from .values import Warehouse

PRICELIST_FIELDS = ("name", "currency_id")
TEAM_FIELDS = ("name",)
WAREHOUSE_FIELDS = ("code", "view_location_id", "lot_stock_id")
INACTIVE_TOO = {"active_test": False}


def country_id(client: OdooClient, code: str | None) -> int | None:
    if not code:
        return None
    countries = client.cache.get_or_load(("res.country", "all"), lambda: {
        str(row["code"]).upper(): row["id"] for row in client.search_read("res.country", [], ["code"]) if row["code"]})
    return countries.get(code.strip().upper())


def state_id(client: OdooClient, country: int | None, code_or_name: str | None, *,
             country_code: str | None = None) -> int | None:
    """The state of ``country`` matched by code, with or without the country prefix (``DE-BY`` or ``BY``: Odoo 18
    codes German states ``DE-BY``, Amazon may send either), else by name (``Bayern``), ignoring case; None when
    nothing matches (an address never blocks an order). ``country_code`` is the country's ISO code (the prefix)."""
    if not country or not code_or_name:
        return None
    states = client.cache.get_or_load(("res.country.state", country), lambda: client.search_read(
        "res.country.state", [("country_id", "=", country)], ["code", "name"], order="id"))
    wanted = _folded(code_or_name)
    prefix = f"{_folded(country_code)}-" if country_code else "\0"
    bare = _unprefixed(wanted, prefix)
    for matches in (lambda state: _folded(state.get("code")) == wanted,
                    lambda state: _unprefixed(_folded(state.get("code")), prefix) == bare,
                    lambda state: _folded(state.get("name")) == wanted):
        found = next((state["id"] for state in states if matches(state)), None)
        if found is not None:
            return found
    return None


def _folded(text: Any) -> str:
    return " ".join(str(text or "").split()).casefold()


def _unprefixed(code: str, prefix: str) -> str:
    return code[len(prefix):] if code.startswith(prefix) else code


def carrier_id(client: OdooClient, name: str | None) -> int | None:
    """The shipping method (``delivery.carrier``) named ``name`` (ignoring case), or None: Amazon's carrier names
    (``UPS``, ``DHL``) match the carriers a seller set up under those names."""
    if not name:
        return None
    carriers = client.cache.get_or_load(("delivery.carrier", "all"), lambda: client.search_read(
        "delivery.carrier", [], ["name"], order="id"))
    return next((row["id"] for row in carriers if _folded(row.get("name")) == _folded(name)), None)


def currency_id(client: OdooClient, code: str) -> int:
    def load() -> int:
        found = client.search("res.currency", [("name", "=", code.upper())], limit=1, context=INACTIVE_TOO)
        if not found:
            raise OdooPermanentError(f"Odoo has no currency {code!r}", code="odoo_unknown_currency",
                                     model="res.currency", method="search")
        return found[0]
    return client.cache.get_or_load(("res.currency", code.upper()), load)


def pricelist_id(client: OdooClient, currency_code: str) -> int:
    """A pricelist in that currency (the oldest), created as ``Amazon <CODE>`` when there is none."""
    def load() -> int:
        currency = currency_id(client, currency_code)
        found = client.search("product.pricelist", [("currency_id", "=", currency)], limit=1, order="id")
        if found:
            return found[0]
        return client.create_one("product.pricelist", declared(PRICELIST_FIELDS, {
            "name": f"Amazon {currency_code.upper()}", "currency_id": currency}))
    return client.cache.get_or_load(("product.pricelist", currency_code.upper()), load)


def team_id(client: OdooClient, name: str) -> int:
    """The sales team (``crm.team``) of that name, created when missing."""
    def load() -> int:
        found = client.search("crm.team", [("name", "=", name)], limit=1, order="id")
        return found[0] if found else client.create_one("crm.team", declared(TEAM_FIELDS, {"name": name}))
    return client.cache.get_or_load(("crm.team", name), load)


def find_warehouse(client: OdooClient, *, warehouse_id: int | None = None, code: str | None = None) -> Warehouse:
    """The warehouse by id or code; with neither, the company's first warehouse."""
    domain: list[Any] = [("id", "=", warehouse_id)] if warehouse_id else [("code", "=", code)] if code else []

    def load() -> Warehouse:
        rows = client.search_read("stock.warehouse", domain, WAREHOUSE_FIELDS, limit=1, order="id")
        if not rows:
            raise OdooPermanentError(f"Odoo has no warehouse {warehouse_id or code or '(none at all)'}",
                                     code="odoo_unknown_warehouse", model="stock.warehouse", method="search_read")
        row = rows[0]
        return Warehouse(row["id"], row["code"], many2one_id(row["view_location_id"]), many2one_id(row["lot_stock_id"]))
    return client.cache.get_or_load(("stock.warehouse", warehouse_id, code), load)
