"""Products for order lines: by offer mapping, else by internal reference, else a fallback product.

- Items (SKU): the offer lookup (a callable SKU -> product id or None, the account's offer table),
  else the ``product.product`` whose ``default_code`` is the SKU, else the fallback "Amazon sale".
- Shipping (ship service level) and gift wrap (gift-wrap level): the product whose ``default_code``
  is that level, else the fallback shipping / gift-wrap product.

All references of an order are looked up in one ``search_read``; found products are cached on the
client for ``PRODUCT_CACHE_SECONDS``. Missing fallback products are created as services (one
``create``) unless ``ProductFallbacks.create_missing`` is False, which makes them a PermanentError.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

import structlog

from .client import OdooClient
from .errors import OdooPermanentError
from .field_values import declared
from .values import LineKind

log = structlog.get_logger(__name__)

PRODUCT_FIELDS = ("name", "default_code", "type", "sale_ok")
PRODUCT_CACHE_SECONDS = 300.0
FALLBACK_NAMES = {LineKind.ITEM: "Amazon sale", LineKind.SHIPPING: "Amazon shipping",
                  LineKind.GIFT_WRAP: "Amazon gift wrap"}

OfferLookup = Callable[[str], "int | None"]
ProductKey = tuple[LineKind, "str | None"]


@dataclass(frozen=True)
class ProductFallbacks:
    """Internal references of the products used when nothing matches."""

    item: str = "AMAZON-SALE"
    shipping: str = "AMAZON-SHIPPING"
    gift_wrap: str = "AMAZON-GIFT-WRAP"
    create_missing: bool = True

    def code_for(self, kind: LineKind) -> str:
        return {LineKind.ITEM: self.item, LineKind.SHIPPING: self.shipping, LineKind.GIFT_WRAP: self.gift_wrap}[kind]


@dataclass(frozen=True)
class ProductMatch:
    product_id: int
    matched_by: str  # "offer", "default_code" or "fallback"


def find_product_for_sku(client: OdooClient, sku: str, *, offer_lookup: OfferLookup | None = None,
                         fallbacks: ProductFallbacks = ProductFallbacks()) -> ProductMatch:
    return resolve_products(client, [(LineKind.ITEM, sku)], offer_lookup=offer_lookup, fallbacks=fallbacks)[
        (LineKind.ITEM, sku)]


def resolve_products(client: OdooClient, keys: Iterable[ProductKey], *, offer_lookup: OfferLookup | None = None,
                     fallbacks: ProductFallbacks = ProductFallbacks()) -> dict[ProductKey, ProductMatch]:
    """A product for every (kind, reference), in at most one search (plus one create for missing fallbacks)."""
    keys = list(dict.fromkeys(keys))
    offers = {key: offer_lookup(key[1]) for key in keys if offer_lookup and key[0] is LineKind.ITEM and key[1]}
    offers = {key: product for key, product in offers.items() if product}
    codes = {key[1] for key in keys if key not in offers and key[1]}
    if any(client.cache.get(("product.product", code)) is None for code in codes) or None in {k[1] for k in keys}:
        codes |= {fallbacks.code_for(key[0]) for key in keys if key not in offers}  # same search, no extra call
    by_code = products_by_code(client, codes)
    matches: dict[ProductKey, ProductMatch] = {key: ProductMatch(product, "offer") for key, product in offers.items()}
    for key in keys:
        if key not in matches and key[1] in by_code:
            matches[key] = ProductMatch(by_code[key[1]], "default_code")
    missing_kinds = {key[0] for key in keys if key not in matches}
    fallback_ids = _fallback_products(client, missing_kinds, by_code, fallbacks, searched=codes)
    for key in keys:
        if key not in matches:
            log.info("odoo_product_fallback", kind=key[0].value, reference=key[1])
            matches[key] = ProductMatch(fallback_ids[key[0]], "fallback")
    return matches


def products_by_code(client: OdooClient, codes: Iterable[str]) -> dict[str, int]:
    """``product.product`` ids by internal reference (the oldest when several share one); cached."""
    found: dict[str, int] = {}
    unknown = []
    for code in set(codes):
        cached = client.cache.get(("product.product", code))
        if cached:
            found[code] = cached
        else:
            unknown.append(code)
    if unknown:
        rows = client.search_read("product.product", [("default_code", "in", sorted(unknown))], ["default_code"],
                                  order="id")
        for row in rows:
            if row["default_code"] in unknown and row["default_code"] not in found:
                found[row["default_code"]] = row["id"]
                client.cache.put(("product.product", row["default_code"]), row["id"], ttl_seconds=PRODUCT_CACHE_SECONDS)
    return found


def _fallback_products(client: OdooClient, kinds: set[LineKind], by_code: dict[str, int],
                       fallbacks: ProductFallbacks, *, searched: set[str]) -> dict[LineKind, int]:
    unsearched = {fallbacks.code_for(kind) for kind in kinds} - searched
    if unsearched:
        by_code = {**by_code, **products_by_code(client, unsearched)}
    ids = {kind: by_code[fallbacks.code_for(kind)] for kind in kinds if fallbacks.code_for(kind) in by_code}
    to_create = sorted((kind for kind in kinds if kind not in ids), key=lambda kind: kind.value)
    if to_create and not fallbacks.create_missing:
        codes = ", ".join(fallbacks.code_for(kind) for kind in to_create)
        raise OdooPermanentError(f"no matching product and no fallback product with internal reference {codes} in Odoo",
                                 code="odoo_missing_fallback_product", model="product.product", method="search_read")
    if to_create:
        created = client.create("product.product", [declared(PRODUCT_FIELDS, {
            "name": FALLBACK_NAMES[kind], "default_code": fallbacks.code_for(kind), "type": "service",
            "sale_ok": True}) for kind in to_create])
        for kind, product_id in zip(to_create, created):
            ids[kind] = product_id
            client.cache.put(("product.product", fallbacks.code_for(kind)), product_id,
                             ttl_seconds=PRODUCT_CACHE_SECONDS)
            log.info("odoo_fallback_product_created", kind=kind.value, product_id=product_id)
    return ids
