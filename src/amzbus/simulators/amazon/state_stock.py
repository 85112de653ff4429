"""Stock operations on the simulated Amazon: set and read FBM listing quantities and FBA inventory.

Accounts are named by name (``sim-na``), seller id or region; marketplaces by code (``US``) or id.
"""

from __future__ import annotations

from typing import Any

from .marketplaces import BY_ID


class StockOperations:
    def set_listing_quantity(self, *, account: str, sku: str, marketplace: str, quantity: int) -> dict[str, Any]:
        with self.lock:
            seller, marketplace_id = self._seller_marketplace(account, marketplace)
            listing = self.listings.get(seller.seller_id, sku, marketplace_id)
            if listing is None:
                raise LookupError(f"{seller.name} has no listing for SKU {sku!r} in {marketplace}")
            if not isinstance(quantity, int) or quantity < 0:
                raise ValueError(f"quantity must be a non-negative integer, not {quantity!r}")
            listing.quantity, listing.updated = quantity, self.clock.now_seconds()
            return listing.describe()

    def listing_quantities(self, account: str | None = None) -> dict[str, Any]:
        with self.lock:
            self.advance()
            return self._by_names(self.listings.snapshot(), account)

    def set_fba_quantity(self, *, account: str, sku: str, marketplace: str, **quantities: int) -> dict[str, Any]:
        allowed = {"fulfillable", "inbound_working", "inbound_shipped", "inbound_receiving", "unfulfillable"}
        unknown = sorted(set(quantities) - allowed)
        if unknown or any(not isinstance(v, int) or v < 0 for v in quantities.values()):
            raise ValueError(f"FBA quantities: allowed keys {sorted(allowed)} with non-negative integers; got {quantities}")
        with self.lock:
            seller, marketplace_id = self._seller_marketplace(account, marketplace)
            stock = self.fba.get(seller.seller_id, sku, marketplace_id)
            if stock is None:
                raise LookupError(f"{seller.name} has no FBA stock for SKU {sku!r} in {marketplace}")
            for name, value in quantities.items():
                setattr(stock, name, value)
            stock.last_updated = self.clock.now_seconds()
            return stock.describe()

    def fba_quantities(self, account: str | None = None) -> dict[str, Any]:
        with self.lock:
            self.advance()
            return self._by_names(self.fba.snapshot(), account)

    def _seller_marketplace(self, account: str, marketplace: str):
        seller = self.accounts.find(account)
        found = seller.sells_in(marketplace)
        if found is None:
            raise LookupError(f"{seller.name} does not sell in marketplace {marketplace!r}")
        return seller, found.marketplace_id

    def _by_names(self, snapshot: dict[str, Any], account: str | None) -> dict[str, Any]:
        """seller id / marketplace id keys -> account name / marketplace code keys."""
        result = {}
        for seller in self.accounts.select(account):
            skus = snapshot.get(seller.seller_id, {})
            result[seller.name] = {sku: {BY_ID[mid].code: v for mid, v in per_mp.items()} for sku, per_mp in skus.items()}
        return result
