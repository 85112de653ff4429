"""Stock: free quantities to offer on Amazon, and the FBA location that mirrors Amazon's stock.

- ``free_quantities``: ``free_qty`` (on hand minus reserved) for a warehouse, minus what sits under the
  "Amazon FBA" parent when it belongs to the warehouse (Amazon's stock, every account's, not ours to sell).
- ``ensure_fba_location``: an account's internal location under the virtual (view) parent "Amazon FBA",
  itself under the warehouse's view location (``WH/Amazon FBA/<name>``); each found by name or created.
- ``set_location_quantity``: inventory mode, ``stock.quant`` ``inventory_quantity`` then
  ``action_apply_inventory`` (which returns nothing, or a conflict wizard answered by keeping the
  counted quantity).
"""

from __future__ import annotations

from typing import Iterable

import structlog

from .client import OdooClient
from .errors import OdooPermanentError
from .field_values import declared, many2one_id
from .products import products_by_code
from .references import find_warehouse  # noqa: F401  (part of this module's interface)
from .validation import action_context
from .values import Warehouse

log = structlog.get_logger(__name__)

LOCATION_FIELDS = ("name", "usage", "location_id")
QUANT_FIELDS = ("product_id", "location_id", "inventory_quantity")
INVENTORY_MODE = {"inventory_mode": True}
FBA_PARENT = "Amazon FBA"
CONFLICT_WIZARD = "stock.inventory.conflict"


def free_quantities(client: OdooClient, product_ids: Iterable[int], *, warehouse: Warehouse,
                    fba_location_id: int | None = None) -> dict[int, float]:
    """Free quantity per product id in the warehouse, the FBA locations left out; never below zero."""
    ids = sorted(set(product_ids))
    if not ids:
        return {}
    in_warehouse = _free_qty(client, ids, {"warehouse_id": warehouse.id})
    on_fba: dict[int, float] = {}
    if fba_location_id and _location_warehouse(client, fba_location_id) == warehouse.id:
        on_fba = _free_qty(client, ids, {"location": _fba_scope(client, fba_location_id)})
    return {product: max(in_warehouse.get(product, 0.0) - on_fba.get(product, 0.0), 0.0) for product in ids}


def free_quantities_by_sku(client: OdooClient, skus: Iterable[str], *, warehouse: Warehouse,
                           fba_location_id: int | None = None) -> dict[str, float]:
    """The same, by internal reference; SKUs without a product are absent."""
    by_code = products_by_code(client, skus)
    quantities = free_quantities(client, by_code.values(), warehouse=warehouse, fba_location_id=fba_location_id)
    return {code: quantities[product] for code, product in by_code.items()}


def ensure_fba_location(client: OdooClient, *, name: str, warehouse: Warehouse) -> int:
    """The internal location ``name`` under the warehouse's "Amazon FBA" view location, created when missing."""
    parent = _ensure_location(client, FBA_PARENT, usage="view", parent_id=warehouse.view_location_id,
                              warehouse=warehouse)
    return _ensure_location(client, name, usage="internal", parent_id=parent, warehouse=warehouse)


def fba_location_ids(client: OdooClient) -> list[int]:
    """Every account's FBA location: the internal locations under an "Amazon FBA" parent (archived ones too).
    Not cached: an account added later has its location found at the next call."""
    return client.search("stock.location", [("location_id.name", "=", FBA_PARENT), ("usage", "=", "internal")],
                         order="id", context={"active_test": False})


def _ensure_location(client: OdooClient, name: str, *, usage: str, parent_id: int, warehouse: Warehouse) -> int:
    """Found by name under the parent, or created. Workers creating it at the same moment each create one: the
    oldest (lowest id) is the location, and each creator removes its own younger copy at once."""
    domain = [("name", "=", name), ("location_id", "=", parent_id)]

    def found() -> list[dict]:
        return client.search_read("stock.location", domain, ["active"], order="id", context={"active_test": False})

    def load() -> int:
        rows = found()
        if not rows:
            created = client.create_one("stock.location", declared(LOCATION_FIELDS, {
                "name": name, "usage": usage, "location_id": parent_id}))
            rows = found()
            if rows[0]["id"] != created:
                client.execute("stock.location", "unlink", [created])
            else:
                log.info("odoo_fba_location_created", location_id=created, warehouse=warehouse.code, usage=usage)
        if not rows[0].get("active", True):
            raise OdooPermanentError(f"the FBA location {name!r} of warehouse {warehouse.code} is archived in Odoo: "
                                     "unarchive it", code="odoo_fba_location_archived", model="stock.location")
        return rows[0]["id"]
    return client.cache.get_or_load(("stock.location", "fba", name, parent_id), load)


def set_location_quantity(client: OdooClient, *, product_id: int, location_id: int, quantity: float) -> None:
    """Make the on-hand quantity of the product on the location exactly ``quantity`` (an inventory adjustment).

    The location may hold several quants of the product until Odoo merges them (a delivery that took more
    than was there leaves a negative one): the adjustment goes on one of them, counted so that the total is
    ``quantity``. Setting a single quant to ``quantity`` would leave the others' units on top.
    """
    quants = client.search_read("stock.quant", [("product_id", "=", product_id), ("location_id", "=", location_id)],
                                ["quantity"], order="id")
    if quants:
        quant_id = quants[0]["id"]
        counted = quantity - sum(float(q["quantity"] or 0.0) for q in quants[1:])
        client.write("stock.quant", [quant_id], {"inventory_quantity": counted}, context=INVENTORY_MODE)
    else:
        quant_id = client.create_one("stock.quant", declared(QUANT_FIELDS, {
            "product_id": product_id, "location_id": location_id, "inventory_quantity": quantity}),
            context=INVENTORY_MODE)
    result = client.execute("stock.quant", "action_apply_inventory", [quant_id], context=INVENTORY_MODE)
    if isinstance(result, dict) and result.get("res_model") == CONFLICT_WIZARD:
        context = {**action_context(result), **INVENTORY_MODE}
        wizard_id = result.get("res_id") or client.create_one(CONFLICT_WIZARD, {}, context=context)
        client.execute(CONFLICT_WIZARD, "action_keep_counted_quantity", [wizard_id], context=context)
    elif isinstance(result, dict) and result.get("res_model"):
        raise OdooPermanentError(f"setting the quantity of product {product_id} on location {location_id}: Odoo opened "
                                 f"the wizard {result['res_model']!r} (a lot-tracked product?)",
                                 code="odoo_inventory_wizard", model="stock.quant", method="action_apply_inventory")
    log.info("odoo_location_quantity_set", product_id=product_id, location_id=location_id, quantity=quantity)


def _free_qty(client: OdooClient, product_ids: list[int], context: dict) -> dict[int, float]:
    return {row["id"]: float(row["free_qty"] or 0.0)
            for row in client.read("product.product", product_ids, ["free_qty"], context=context)}


def _fba_scope(client: OdooClient, fba_location_id: int) -> int:
    """The "Amazon FBA" parent of an FBA location (every account's FBA stock), else the location itself."""
    def load() -> int:
        row = client.read("stock.location", [fba_location_id], ["location_id"])[0]
        parent = row.get("location_id")
        return parent[0] if parent and parent[1].split("/")[-1] == FBA_PARENT else fba_location_id
    return client.cache.get_or_load(("stock.location", "fba_scope", fba_location_id), load)


def _location_warehouse(client: OdooClient, location_id: int) -> int | None:
    return client.cache.get_or_load(("stock.location", "warehouse", location_id), lambda: many2one_id(
        client.read("stock.location", [location_id], ["warehouse_id"])[0]["warehouse_id"]))

