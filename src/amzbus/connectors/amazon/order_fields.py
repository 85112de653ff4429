"""Typed reads from one Amazon order's JSON, whose errors name the order id and the field.

Values are never put into error messages (they may be a buyer's personal data): only the
order id, the field's path (``orderItems[1].product.sellerSku``) and what is wrong with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Mapping, NoReturn

from amzbus.bus.errors import PermanentError
from amzbus.schemas import Money


class OrderMappingError(PermanentError):
    """An Amazon order that cannot become an event: a field is missing or malformed."""

    def __init__(self, order_id: str | None, field: str, problem: str) -> None:
        self.order_id = order_id
        self.field = field
        self.problem = problem
        super().__init__(f"order {order_id or '<no id>'}: {field}: {problem}", code="OrderMappingError")


@dataclass(frozen=True)
class OrderNode:
    """A JSON object inside one order, with its path from the order's root."""

    order_id: str | None
    data: Mapping[str, Any]
    path: str = ""

    def field(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def fail(self, key: str, problem: str) -> NoReturn:
        raise OrderMappingError(self.order_id, self.field(key), problem)

    def _value(self, key: str, kind: type | tuple[type, ...], noun: str, required: bool) -> Any:
        value = self.data.get(key)
        if value is None:
            if required:
                self.fail(key, "is missing")
            return None
        if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
            self.fail(key, f"must be {noun}, not a boolean")
        if not isinstance(value, kind):
            self.fail(key, f"must be {noun}, not {type(value).__name__}")
        return value

    def child(self, key: str, *, required: bool = False) -> "OrderNode | None":
        value = self._value(key, dict, "an object", required)
        return None if value is None else OrderNode(self.order_id, value, self.field(key))

    def children(self, key: str, *, required: bool = False) -> list["OrderNode"]:
        values = self._value(key, list, "a list", required) or []
        nodes = []
        for index, value in enumerate(values):
            if not isinstance(value, dict):
                self.fail(f"{key}[{index}]", f"must be an object, not {type(value).__name__}")
            nodes.append(OrderNode(self.order_id, value, f"{self.field(key)}[{index}]"))
        return nodes

    def text(self, key: str, *, required: bool = False) -> str | None:
        value = self._value(key, str, "a string", required)
        if value is not None and not value.strip():
            if required:
                self.fail(key, "is empty")
            return None
        return value

    def texts(self, key: str) -> list[str]:
        values = self._value(key, list, "a list", False) or []
        for index, value in enumerate(values):
            if not isinstance(value, str):
                self.fail(f"{key}[{index}]", f"must be a string, not {type(value).__name__}")
        return values

    def integer(self, key: str, *, required: bool = False, minimum: int | None = None) -> int | None:
        value = self._value(key, int, "an integer", required)
        if value is not None and minimum is not None and value < minimum:
            self.fail(key, f"must be at least {minimum}")
        return value

    def timestamp(self, key: str) -> datetime:
        value = self.text(key, required=True)
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            self.fail(key, "is not an ISO 8601 date-time")
        if parsed.tzinfo is None:
            self.fail(key, "has no time zone")
        return parsed

    def money(self, key: str, *, required: bool = False) -> Money | None:
        node = self.child(key, required=required)
        if node is None:
            return None
        amount_text = node.text("amount", required=True)
        currency = node.text("currencyCode", required=True)
        try:
            amount = Decimal(amount_text)
        except InvalidOperation:
            node.fail("amount", "is not a decimal number")
        if not amount.is_finite():
            node.fail("amount", "is not a finite number")
        if len(currency) != 3 or not currency.isalpha() or not currency.isupper():
            node.fail("currencyCode", "is not an ISO 4217 currency code")
        return Money(amount, currency)
