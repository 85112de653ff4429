"""What Amazon holds for each seller: listing quantities per marketplace (FBM) and FBA stock.

Orders move stock as on Amazon: an FBM order takes its quantity off the listing when placed and gives it
back when cancelled; an FBA order reserves fulfillable units (``pendingCustomerOrderQuantity``) until it
ships or is cancelled. Quantities never go below zero; what was really taken is returned on cancellation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .clock import iso


@dataclass
class Listing:
    seller_id: str
    sku: str
    marketplace_id: str
    channel_code: str
    quantity: int
    product_type: str
    created: datetime
    updated: datetime
    seller_quantity: int | None = None
    seller_updated: datetime | None = None

    def describe(self) -> dict[str, Any]:
        return {
            "fulfillment_channel_code": self.channel_code,
            "quantity": self.quantity,
            "last_updated": iso(self.updated),
            "quantity_set_by_seller": self.seller_quantity,
            "set_by_seller_at": iso(self.seller_updated) if self.seller_updated else None,
        }


class ListingStore:
    def __init__(self) -> None:
        self._listings: dict[tuple[str, str, str], Listing] = {}

    def add(self, listing: Listing) -> None:
        self._listings[(listing.seller_id, listing.sku, listing.marketplace_id)] = listing

    def get(self, seller_id: str, sku: str, marketplace_id: str) -> Listing | None:
        return self._listings.get((seller_id, sku, marketplace_id))

    def has_sku(self, seller_id: str, sku: str) -> bool:
        return any(key[0] == seller_id and key[1] == sku for key in self._listings)

    def set_by_seller(self, listing: Listing, *, quantity: int, channel_code: str, at: datetime) -> None:
        listing.quantity, listing.channel_code, listing.updated = quantity, channel_code, at
        listing.seller_quantity, listing.seller_updated = quantity, at

    def take(self, seller_id: str, sku: str, marketplace_id: str, quantity: int, at: datetime) -> int:
        """Take up to ``quantity`` units for an order; returns how many were really taken."""
        listing = self.get(seller_id, sku, marketplace_id)
        if listing is None:
            return 0
        taken = min(quantity, max(listing.quantity, 0))
        listing.quantity -= taken
        listing.updated = at
        return taken

    def give_back(self, seller_id: str, sku: str, marketplace_id: str, quantity: int, at: datetime) -> None:
        listing = self.get(seller_id, sku, marketplace_id)
        if listing is not None and quantity:
            listing.quantity += quantity
            listing.updated = at

    def snapshot(self, seller_id: str | None = None) -> dict[str, dict[str, dict[str, Any]]]:
        """seller id -> SKU -> marketplace id -> quantities."""
        result: dict[str, dict[str, dict[str, Any]]] = {}
        for (seller, sku, marketplace_id), listing in sorted(self._listings.items()):
            if seller_id in (None, seller):
                result.setdefault(seller, {}).setdefault(sku, {})[marketplace_id] = listing.describe()
        return result


@dataclass
class FbaStock:
    seller_id: str
    sku: str
    marketplace_id: str
    fulfillable: int
    last_updated: datetime
    reserved_customer_orders: int = 0
    inbound_working: int = 0
    inbound_shipped: int = 0
    inbound_receiving: int = 0
    unfulfillable: int = 0

    @property
    def total(self) -> int:
        return (self.fulfillable + self.reserved_customer_orders + self.unfulfillable
                + self.inbound_working + self.inbound_shipped + self.inbound_receiving)

    def describe(self) -> dict[str, Any]:
        return {
            "fulfillable": self.fulfillable,
            "reserved_customer_orders": self.reserved_customer_orders,
            "inbound_working": self.inbound_working,
            "inbound_shipped": self.inbound_shipped,
            "inbound_receiving": self.inbound_receiving,
            "unfulfillable": self.unfulfillable,
            "total": self.total,
            "last_updated": iso(self.last_updated),
        }


class FbaInventory:
    def __init__(self) -> None:
        self._stock: dict[tuple[str, str, str], FbaStock] = {}

    def add(self, stock: FbaStock) -> None:
        self._stock[(stock.seller_id, stock.sku, stock.marketplace_id)] = stock

    def get(self, seller_id: str, sku: str, marketplace_id: str) -> FbaStock | None:
        return self._stock.get((seller_id, sku, marketplace_id))

    def in_marketplace(self, seller_id: str, marketplace_id: str) -> list[FbaStock]:
        return [s for (seller, _, mp), s in sorted(self._stock.items()) if seller == seller_id and mp == marketplace_id]

    def reserve(self, stock: FbaStock, quantity: int, at: datetime) -> int:
        taken = min(quantity, max(stock.fulfillable, 0))
        stock.fulfillable -= taken
        stock.reserved_customer_orders += taken
        stock.last_updated = at
        return taken

    def release(self, stock: FbaStock, quantity: int, at: datetime, *, shipped: bool) -> None:
        stock.reserved_customer_orders -= quantity
        if not shipped:
            stock.fulfillable += quantity
        stock.last_updated = at

    def snapshot(self, seller_id: str | None = None) -> dict[str, dict[str, dict[str, Any]]]:
        result: dict[str, dict[str, dict[str, Any]]] = {}
        for (seller, sku, marketplace_id), stock in sorted(self._stock.items()):
            if seller_id in (None, seller):
                result.setdefault(seller, {}).setdefault(sku, {})[marketplace_id] = stock.describe()
        return result
