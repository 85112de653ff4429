"""What the shipments flow needs to know about the FBM orders the bus imported, kept at import.

- ``record``: an FBM order's account, marketplace and items (Amazon order item id, SKU, quantity), written by
  ``apply_order_placed`` once the sale order exists. The shipments producer reads it to know which account
  a delivery belongs to and which Amazon order item each delivered line is.
- ``mark_validated_by_bus``: the deliveries the bus validated itself (orders first seen shipped on Amazon):
  Amazon already knows them, so they are never confirmed.

Why keep the item ids rather than call getOrder per delivery: the ids are in the ``OrderPlaced`` event
already; keeping them costs one Redis hash per order, while getOrder (0.5 requests/s, burst 30, shared
with ``amzbus recover``) would add an Amazon round trip and a rate-limit wait to every confirmation, and a
throttled burst of validations would sit behind it. Entries live ``retention_seconds`` (default 180 days,
longer than any FBM order stays open).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Iterable

RETENTION_SECONDS = 180 * 86_400


@dataclass(frozen=True)
class FbmItem:
    order_item_id: str
    sku: str
    quantity: int


@dataclass(frozen=True)
class FbmOrder:
    account: str
    amazon_order_id: str
    marketplace_id: str
    items: tuple[FbmItem, ...]


class FbmOrders:
    """Keys ``{namespace}:fbm_order:{order id}`` (JSON) and ``{namespace}:bus_validated:{account}`` (a set)."""

    def __init__(self, redis, *, namespace: str, retention_seconds: int = RETENTION_SECONDS) -> None:
        self._redis = redis
        self._namespace = namespace
        self._retention = retention_seconds

    def record(self, order: FbmOrder) -> None:
        value = {"account": order.account, "marketplace_id": order.marketplace_id,
                 "items": [[i.order_item_id, i.sku, i.quantity] for i in order.items]}
        self._redis.set(self._order_key(order.amazon_order_id), json.dumps(value), ex=self._retention)

    def get(self, amazon_order_id: str) -> FbmOrder | None:
        raw = self._redis.get(self._order_key(amazon_order_id))
        if raw is None:
            return None
        value = json.loads(raw)
        return FbmOrder(account=value["account"], amazon_order_id=amazon_order_id,
                        marketplace_id=value["marketplace_id"],
                        items=tuple(FbmItem(item_id, sku, quantity) for item_id, sku, quantity in value["items"]))

    def mark_validated_by_bus(self, account: str, picking_ids: Iterable[int]) -> None:
        ids = [int(i) for i in picking_ids]
        if ids:
            key = self._validated_key(account)
            self._redis.sadd(key, *ids)
            self._redis.expire(key, self._retention)

    def validated_by_bus(self, account: str, picking_id: int) -> bool:
        return bool(self._redis.sismember(self._validated_key(account), int(picking_id)))

    def _order_key(self, amazon_order_id: str) -> str:
        return f"{self._namespace}:fbm_order:{amazon_order_id}"

    def _validated_key(self, account: str) -> str:
        return f"{self._namespace}:bus_validated:{account}"
