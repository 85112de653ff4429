"""Products an Amazon order needs beyond what ``products`` matches by itself.

- ``offer_lookup``: the account's offer table (SKU -> internal reference) turned into the SKU -> product id
  lookup ``products.resolve_products`` takes. An offer naming a reference Odoo does not have is logged
  (``offer_product_missing``) and ignored: the SKU is then matched by internal reference, else by the
  fallback product; never a failure.
- ``ensure_charge_products``: the service products of the order mapping's tax and adjustment lines
  (``AMAZON-TAX``, ``AMAZON-ADJUSTMENT``), found by internal reference or created (one search, one create
  at most; then cached with the other products).
"""

from __future__ import annotations

from typing import Iterable, Mapping

import structlog

from .client import OdooClient
from .field_values import declared
from .order_mapping import CHARGE_PRODUCT_NAMES
from .products import PRODUCT_CACHE_SECONDS, OfferLookup, products_by_code

log = structlog.get_logger(__name__)

PRODUCT_FIELDS = ("name", "default_code", "type", "sale_ok", "taxes_id")


def offer_lookup(client: OdooClient, offer_table, *, account: str) -> OfferLookup:
    """SKU -> product id through ``offer_table.product_ref(account, sku)`` (charge product codes are not offers)."""
    def lookup(sku: str) -> int | None:
        if sku in CHARGE_PRODUCT_NAMES:
            return None
        product_ref = offer_table.product_ref(account, sku)
        if product_ref is None:
            return None
        product_id = products_by_code(client, [product_ref]).get(product_ref)
        if product_id is None:
            log.warning("offer_product_missing", account=account, sku=sku, product_ref=product_ref)
        return product_id
    return lookup


def ensure_charge_products(client: OdooClient, codes: Iterable[str],
                           names: Mapping[str, str] = CHARGE_PRODUCT_NAMES) -> dict[str, int]:
    """Product ids of the charge products ``codes``, creating the missing ones as untaxed services."""
    wanted = sorted(set(codes))
    unknown = [code for code in wanted if code not in names]
    if unknown:
        raise ValueError(f"not charge products: {unknown} (known: {sorted(names)})")
    found = products_by_code(client, wanted) if wanted else {}
    missing = [code for code in wanted if code not in found]
    if missing:
        created = client.create("product.product", [declared(PRODUCT_FIELDS, {
            "name": names[code], "default_code": code, "type": "service", "sale_ok": True,
            "taxes_id": [(6, 0, [])]}) for code in missing])
        for code, product_id in zip(missing, created):
            client.cache.put(("product.product", code), product_id, ttl_seconds=PRODUCT_CACHE_SECONDS)
            log.info("odoo_charge_product_created", product_ref=code, product_id=product_id)
        found.update(zip(missing, created))
    return found
