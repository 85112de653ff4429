"""Amazon orders cancelled before their sale order existed, so that a late ``OrderPlaced`` does not create one.

``OrderPlaced`` and ``OrderCancelled`` of one order are separate messages: a placed event still being retried
(Odoo was down) can be applied after the cancellation found nothing to cancel. The cancellation leaves a
mark ``{namespace}:cancelled_before_import:{account}:{order id}`` (kept 30 days, ids only) that
``apply_order_placed`` checks before creating anything.
"""

from __future__ import annotations

RETENTION_SECONDS = 30 * 86_400


class CancelledOrders:
    """Parameters:
      retention_seconds: how long a mark is kept (default 30 days, as long as dead letters).
    """

    def __init__(self, redis, *, namespace: str, retention_seconds: int = RETENTION_SECONDS) -> None:
        self._redis = redis
        self._namespace = namespace
        self._retention_seconds = retention_seconds

    def _key(self, account: str, amazon_order_id: str) -> str:
        return f"{self._namespace}:cancelled_before_import:{account}:{amazon_order_id}"

    def mark(self, account: str, amazon_order_id: str) -> None:
        self._redis.set(self._key(account, amazon_order_id), "1", ex=self._retention_seconds)

    def is_marked(self, account: str, amazon_order_id: str) -> bool:
        return bool(self._redis.exists(self._key(account, amazon_order_id)))
