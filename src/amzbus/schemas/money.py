"""Money: a decimal amount with its currency, carried as strings (never floats)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from marshmallow import Schema, fields, post_load, validate


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str

    def __add__(self, other: "Money") -> "Money":
        if other.currency != self.currency:
            raise ValueError(f"cannot add {other.currency} to {self.currency}")
        return Money(self.amount + other.amount, self.currency)

    def __neg__(self) -> "Money":
        return Money(-self.amount, self.currency)

    @classmethod
    def zero(cls, currency: str) -> "Money":
        return cls(Decimal("0.00"), currency)


class DecimalString(fields.Decimal):
    """A decimal carried as a string ("12.30"); a JSON number is refused (floats lose cents)."""

    default_error_messages = {"not_string": "Must be a decimal string such as \"12.30\", not a number."}

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, str):
            raise self.make_error("not_string")
        return super()._deserialize(value, attr, data, **kwargs)


class MoneySchema(Schema):
    amount = DecimalString(required=True, as_string=True, allow_nan=False)
    currency = fields.String(required=True, validate=validate.Regexp(r"^[A-Z]{3}$", error="Not an ISO 4217 code."))

    @post_load
    def make(self, data, **kwargs) -> Money:
        return Money(**data)


def money_field(**kwargs) -> fields.Nested:
    return fields.Nested(MoneySchema, **kwargs)
