"""What changed in Odoo's stock since a time, and the free quantity of products where the seller sells from.

- ``changed_products``: the products of the stock moves and quants written since ``since`` (Odoo's naive
  UTC ``write_date``). Quants change with every reservation, validation and inventory adjustment; moves
  cover quants Odoo deletes once empty. Pages are keyed by id within the window, so rows written during the
  read are not skipped; the caller starts the next window at the latest ``write_date`` seen, minus an overlap.
- ``StockScope``: where the free quantity is counted: a location (and its children) when the account names
  one, else a warehouse without its FBA location (Amazon's stock, not ours to sell).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from .client import OdooClient
from .errors import OdooPermanentError
from .references import find_warehouse
from .stock import ensure_fba_location, free_quantities

MODELS = ("stock.move", "stock.quant")


@dataclass(frozen=True)
class StockChanges:
    product_ids: frozenset[int]
    latest_write_date: str | None  # None: nothing was written in the window


def changed_products(client: OdooClient, *, since: str, page_size: int = 500) -> StockChanges:
    products: set[int] = set()
    latest: str | None = None
    for model in MODELS:
        last_id = 0
        while True:
            rows = client.search_read(model, [("write_date", ">=", since), ("id", ">", last_id)],
                                      ["product_id", "write_date"], limit=page_size, order="id asc")
            for row in rows:
                if row.get("product_id"):
                    products.add(row["product_id"][0])
                latest = max(latest or row["write_date"], row["write_date"])
            if len(rows) < page_size:
                break
            last_id = rows[-1]["id"]
    return StockChanges(frozenset(products), latest)


@dataclass(frozen=True)
class StockScope:
    """``location``: an internal location's full name (``WH/Stock``); else ``warehouse`` (a code, or the first)."""

    location: str | None = None
    warehouse: str | None = None
    fba_location: str | None = None

    def free_quantities(self, client: OdooClient, product_ids: Iterable[int]) -> dict[int, float]:
        ids = sorted(set(product_ids))
        if not ids:
            return {}
        if self.location:
            location_id = self._location_id(client)
            rows = client.read("product.product", ids, ["free_qty"], context={"location": location_id})
            return {row["id"]: max(float(row["free_qty"] or 0.0), 0.0) for row in rows}
        warehouse = find_warehouse(client, code=self.warehouse)
        fba = ensure_fba_location(client, name=self.fba_location, warehouse=warehouse) if self.fba_location else None
        return free_quantities(client, ids, warehouse=warehouse, fba_location_id=fba)

    def _location_id(self, client: OdooClient) -> int:
        def load() -> int:
            rows = client.search_read("stock.location", [("complete_name", "=", self.location),
                                                         ("usage", "=", "internal")], ["name"], limit=1)
            if not rows:
                raise OdooPermanentError(f"Odoo has no internal location {self.location!r} (stock_location)",
                                         code="odoo_unknown_location", model="stock.location", method="search_read")
            return rows[0]["id"]
        return client.cache.get_or_load(("stock.location", "complete_name", self.location), load)
