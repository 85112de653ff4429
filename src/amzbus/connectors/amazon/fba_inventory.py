"""FBA Inventory API v1 getInventorySummaries, one marketplace at a time.

A ``nextToken`` lives 30 seconds and must be sent with the same other parameters (reference/spapi.md
§1.6): every page of a marketplace is read at once, before any summary is handed out, and a token older
than ``token_lifetime_seconds`` (the rate limiter may have made us wait) is not sent but reported as a
retryable ``AmazonUnavailable``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Iterator, Sequence

from .errors import AmazonUnavailable
from .library import InventoryApi
from .orders import amazon_time
from .session import AccountSession

TOKEN_LIFETIME_SECONDS = 30.0


@dataclass(frozen=True)
class InventorySummary:
    marketplace_id: str
    sku: str
    fulfillable_quantity: int
    total_quantity: int | None
    asin: str | None
    fnsku: str | None
    condition: str | None
    last_updated: datetime | None


def inventory_summary(raw: dict[str, Any], *, marketplace_id: str) -> InventorySummary:
    details = raw.get("inventoryDetails") or {}
    updated = raw.get("lastUpdatedTime")
    fulfillable = details.get("fulfillableQuantity")
    if not isinstance(raw.get("sellerSku"), str) or not isinstance(fulfillable, int):
        raise AmazonUnavailable(f"Amazon getInventorySummaries answered a summary without sellerSku or "
                                f"inventoryDetails.fulfillableQuantity in {marketplace_id}",
                                code="UnexpectedResponse", status=200, operation="getInventorySummaries")
    return InventorySummary(
        marketplace_id=marketplace_id, sku=raw["sellerSku"], fulfillable_quantity=fulfillable,
        total_quantity=raw.get("totalQuantity"), asin=raw.get("asin"), fnsku=raw.get("fnSku"),
        condition=raw.get("condition"),
        last_updated=datetime.fromisoformat(updated) if isinstance(updated, str) and updated else None)


class FbaInventorySection:
    def __init__(self, session: AccountSession, *, token_lifetime_seconds: float = TOKEN_LIFETIME_SECONDS) -> None:
        self._session = session
        self._token_lifetime = token_lifetime_seconds

    def summaries(self, *, marketplace_ids: Sequence[str] | None = None, changed_since: datetime | None = None,
                  skus: Sequence[str] = ()) -> Iterator[InventorySummary]:
        """Every FBA summary (with details) of each marketplace, optionally only those changed since a time."""
        for marketplace_id in marketplace_ids or self._session.marketplace_ids:
            yield from self.marketplace_summaries(marketplace_id, changed_since=changed_since, skus=skus)

    def marketplace_summaries(self, marketplace_id: str, *, changed_since: datetime | None = None,
                              skus: Sequence[str] = ()) -> list[InventorySummary]:
        params: dict[str, Any] = {"details": "true", "granularityType": "Marketplace", "granularityId": marketplace_id,
                                  "marketplaceIds": marketplace_id}
        if changed_since is not None:
            params["startDateTime"] = amazon_time(changed_since)
        if skus:
            params["sellerSkus"] = list(skus)
        summaries: list[InventorySummary] = []
        for page in self._pages(params, marketplace_id):
            summaries.extend(inventory_summary(raw, marketplace_id=marketplace_id) for raw in page)
        return summaries

    def _pages(self, params: dict[str, Any], marketplace_id: str) -> Iterator[list[dict[str, Any]]]:
        api = self._session.api(InventoryApi)
        token, received = None, 0.0
        while True:
            if token and time.monotonic() - received > self._token_lifetime:
                raise AmazonUnavailable(f"the nextToken of getInventorySummaries in {marketplace_id} expired before "
                                        "it could be sent (rate limit wait)", code="NextTokenExpired", status=None,
                                        operation="getInventorySummaries")
            query = {**params, "nextToken": token} if token else dict(params)
            response = self._session.call("getInventorySummaries",
                                          lambda: api.get_inventory_summary_marketplace(**query))
            received = time.monotonic()
            payload = response.payload if isinstance(response.payload, dict) else {}
            yield [s for s in payload.get("inventorySummaries") or [] if isinstance(s, dict)]
            token = response.next_token
            if not token:
                return
