"""The shipments flow's own records: packages Amazon has, and deliveries that cannot be confirmed yet.

- ``ConfirmedPackages``: per account, the Odoo deliveries (picking ids) Amazon confirmed (or said it had
  already), so that a replay or a re-read of the same delivery never calls confirmShipment again.
- ``DeliveryWarnings``: per account, the validated deliveries the producer could not confirm (no tracking
  number, no carrier, a line that is no item of the Amazon order), with the reason, for ``amzbus status``.
  A delivery written again in Odoo (tracking added) is read again; once confirmed its warning goes.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

RETENTION_SECONDS = 180 * 86_400


class ConfirmedPackages:
    def __init__(self, redis, *, namespace: str, retention_seconds: int = RETENTION_SECONDS) -> None:
        self._redis, self._namespace, self._retention = redis, namespace, retention_seconds

    def _key(self, account: str) -> str:
        return f"{self._namespace}:confirmed_packages:{account}"

    def record(self, account: str, picking_id: int, *, amazon_order_id: str, outcome: str) -> None:
        value = json.dumps({"amazon_order_id": amazon_order_id, "outcome": outcome, "at": time.time()})
        self._redis.hset(self._key(account), str(picking_id), value)
        self._redis.expire(self._key(account), self._retention)

    def is_confirmed(self, account: str, picking_id: int) -> bool:
        return bool(self._redis.hexists(self._key(account), str(picking_id)))

    def count(self, account: str) -> int:
        return int(self._redis.hlen(self._key(account)))


@dataclass(frozen=True)
class DeliveryWarning:
    account: str
    picking_id: int
    delivery: str
    amazon_order_id: str
    reason: str
    seen_at: float


class DeliveryWarnings:
    def __init__(self, redis, *, namespace: str) -> None:
        self._redis, self._namespace = redis, namespace

    def _key(self, account: str) -> str:
        return f"{self._namespace}:warnings:deliveries:{account}"

    def record(self, account: str, picking_id: int, *, delivery: str, amazon_order_id: str, reason: str) -> None:
        value = json.dumps({"delivery": delivery, "amazon_order_id": amazon_order_id, "reason": reason,
                            "seen_at": time.time()})
        self._redis.hset(self._key(account), str(picking_id), value)

    def clear(self, account: str, picking_id: int) -> None:
        self._redis.hdel(self._key(account), str(picking_id))

    def current(self) -> list[DeliveryWarning]:
        """Every account's, newest first."""
        warnings, prefix = [], self._key("")
        for key in self._redis.scan_iter(match=prefix + "*", count=500):
            account = key.decode()[len(prefix):]
            for picking_id, raw in self._redis.hgetall(key).items():
                value = json.loads(raw)
                warnings.append(DeliveryWarning(account, int(picking_id), value["delivery"],
                                                value["amazon_order_id"], value["reason"], value["seen_at"]))
        return sorted(warnings, key=lambda w: w.seen_at, reverse=True)
