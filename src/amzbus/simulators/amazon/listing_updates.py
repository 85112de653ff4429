"""Quantity updates on listings, shared by patchListingsItem and JSON_LISTINGS_FEED messages.

Only ``fulfillment_availability`` changes the simulator's state; other attributes are accepted and ignored.
An unknown SKU, a negative or non-integer quantity, a missing ``fulfillment_channel_code`` or a quantity
for an Amazon-fulfilled channel are ERROR issues, and then nothing of that submission is applied.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Iterable

from .inventory import Listing, ListingStore

ATTRIBUTE = "fulfillment_availability"
PATH = f"/attributes/{ATTRIBUTE}"
PATCH_OPS = ("add", "replace", "merge", "delete")


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    attribute: str | None = ATTRIBUTE


@dataclass(frozen=True)
class QuantityChange:
    listing: Listing
    quantity: int


def changes_from_patches(store: ListingStore, *, seller_id: str, sku: str, marketplace_ids: Iterable[str],
                         patches: list[Any]) -> tuple[list[QuantityChange], list[Problem]]:
    entries: list[Any] = []
    problems: list[Problem] = []
    for index, patch in enumerate(patches):
        if not isinstance(patch, dict) or patch.get("op") not in PATCH_OPS or not isinstance(patch.get("path"), str):
            problems.append(Problem("INVALID_PATCH", f"Patch at index {index} needs an op ({', '.join(PATCH_OPS)}) "
                                                     "and a path.", None))
        elif patch["path"] == PATH:
            entries.extend([{"fulfillment_channel_code": "DEFAULT", "quantity": 0}] if patch["op"] == "delete"
                           else _value_list(patch.get("value"), index, problems))
    return _changes(store, seller_id, sku, marketplace_ids, entries, problems)


def changes_from_attributes(store: ListingStore, *, seller_id: str, sku: str, marketplace_ids: Iterable[str],
                            attributes: dict[str, Any]) -> tuple[list[QuantityChange], list[Problem]]:
    problems: list[Problem] = []
    entries = _value_list(attributes.get(ATTRIBUTE), 0, problems) if ATTRIBUTE in attributes else []
    return _changes(store, seller_id, sku, marketplace_ids, entries, problems)


def apply(store: ListingStore, changes: list[QuantityChange], at: datetime) -> None:
    for change in changes:
        store.set_by_seller(change.listing, quantity=change.quantity, channel_code="DEFAULT", at=at)


def _value_list(value: Any, index: int, problems: list[Problem]) -> list[Any]:
    if not isinstance(value, list) or not value:
        problems.append(Problem("MISSING_VALUE", f"Value is missing for patch at index of {index}."))
        return []
    return value


def _changes(store: ListingStore, seller_id: str, sku: str, marketplace_ids: Iterable[str], entries: list[Any],
             problems: list[Problem]) -> tuple[list[QuantityChange], list[Problem]]:
    listings = [x for x in (store.get(seller_id, sku, m) for m in marketplace_ids) if x is not None]
    if not listings:
        return [], problems + [Problem("SKU_NOT_FOUND", f"The SKU '{sku}' has no listing in the requested "
                                                         "marketplaces.", None)]
    changes = []
    for entry in entries:
        quantity = _quantity(entry, problems)
        if quantity is None:
            continue
        scope = entry.get("marketplace_id")
        changes.extend(QuantityChange(x, quantity) for x in listings if scope in (None, x.marketplace_id))
    return (changes if not problems else []), problems


def _quantity(entry: Any, problems: list[Problem]) -> int | None:
    if not isinstance(entry, dict) or not entry.get("fulfillment_channel_code"):
        problems.append(Problem("MISSING_ATTRIBUTE", "The field 'fulfillment_channel_code' for the attribute "
                                "'fulfillment_availability' does not have enough values. The required minimum is "
                                "'1' value(s)."))
        return None
    if entry["fulfillment_channel_code"] != "DEFAULT":
        problems.append(Problem("INVALID_ATTRIBUTE", f"Quantity cannot be set for the Amazon-fulfilled channel "
                                f"'{entry['fulfillment_channel_code']}': Amazon manages FBA quantities."))
        return None
    quantity = entry.get("quantity")
    if isinstance(quantity, bool) or not isinstance(quantity, int):
        problems.append(Problem("INVALID_ATTRIBUTE", f"The value '{quantity}' for 'quantity' is not an integer."))
        return None
    if quantity < 0:
        problems.append(Problem("INVALID_ATTRIBUTE", f"The value '{quantity}' for 'quantity' is below the minimum "
                                "of 0."))
        return None
    return quantity
