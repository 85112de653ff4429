"""All orders of all sellers, by id."""

from __future__ import annotations

from .orders_model import Order


class OrderBook:
    def __init__(self) -> None:
        self._orders: dict[str, Order] = {}

    def add(self, order: Order) -> None:
        if order.order_id in self._orders:
            raise ValueError(f"order {order.order_id} already exists")
        self._orders[order.order_id] = order

    def get(self, order_id: str) -> Order | None:
        return self._orders.get(order_id)

    def require(self, order_id: str) -> Order:
        order = self._orders.get(order_id)
        if order is None:
            raise LookupError(f"no order {order_id!r} in the simulator")
        return order

    def exists(self, order_id: str) -> bool:
        return order_id in self._orders

    def for_seller(self, seller_id: str) -> list[Order]:
        return [o for o in self._orders.values() if o.seller_id == seller_id]

    def all(self) -> list[Order]:
        return list(self._orders.values())
