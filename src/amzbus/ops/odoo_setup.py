"""What a demo needs in a fresh Odoo (18 with sale_management, sale_stock and delivery): the products
of the simulated catalog. Sales teams, pricelists, the FBA location and the fallback products are
created by the connector itself when first needed.
"""

from __future__ import annotations

from typing import Iterable

PRODUCT_FIELDS = ("name", "default_code", "type", "is_storable", "list_price", "sale_ok")


def ensure_catalog_products(client, skus: Iterable[str]) -> int:
    """Create a storable product for every SKU without one (internal reference = SKU); how many were created."""
    wanted = sorted(set(skus))
    existing = {row["default_code"] for row in client.execute(
        "product.product", "search_read", [("default_code", "in", wanted)], fields=["default_code"])}
    missing = [sku for sku in wanted if sku not in existing]
    if missing:
        client.execute("product.product", "create", [
            {"name": sku.replace("-", " ").title(), "default_code": sku, "type": "consu", "is_storable": True,
             "list_price": 0.0, "sale_ok": True} for sku in missing])
    return len(missing)


def catalog_skus(listings: dict, fba_inventory: dict) -> set[str]:
    """SKUs of the simulator's ``/_admin/listings`` and ``/_admin/fba-inventory`` answers (per account)."""
    return {sku for per_account in (listings, fba_inventory) for skus in per_account.values() for sku in skus}
