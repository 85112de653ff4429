"""Stock events: StockChanged (Odoo FBM stock -> Amazon) and FbaInventoryReported (Amazon FBA -> Odoo)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from marshmallow import Schema, fields, post_load, validate


@dataclass(frozen=True)
class StockChanged:
    """The quantity of a SKU available to sell (absolute, never a delta) as of ``version``."""

    event_type = "StockChanged"
    source = "odoo"

    sku: str
    quantity: int
    version: int

    def identity(self, account: str) -> str:
        return f"StockChanged:{account}:{self.sku}:{self.version}"

    def lock_key(self, account: str) -> str:
        return f"sku:{account}:{self.sku}"


@dataclass(frozen=True)
class FbaInventoryReported:
    """Amazon's fulfillable FBA quantity of a SKU as of Amazon's lastUpdatedTime."""

    event_type = "FbaInventoryReported"
    source = "amazon"

    sku: str
    fulfillable_quantity: int
    as_of: datetime
    asin: str | None = None
    fnsku: str | None = None

    def identity(self, account: str) -> str:
        return f"FbaInventoryReported:{account}:{self.sku}:{self.as_of.isoformat()}"

    def lock_key(self, account: str) -> str:
        return f"sku:{account}:{self.sku}"


class StockChangedSchema(Schema):
    sku = fields.String(required=True, validate=validate.Length(min=1))
    quantity = fields.Integer(required=True, strict=True, validate=validate.Range(min=0))
    version = fields.Integer(required=True, strict=True, validate=validate.Range(min=0))

    @post_load
    def make(self, data, **kwargs):
        return StockChanged(**data)


class FbaInventoryReportedSchema(Schema):
    sku = fields.String(required=True, validate=validate.Length(min=1))
    fulfillable_quantity = fields.Integer(required=True, strict=True, validate=validate.Range(min=0))
    as_of = fields.AwareDateTime(required=True)
    asin = fields.String(allow_none=True, load_default=None)
    fnsku = fields.String(allow_none=True, load_default=None)

    @post_load
    def make(self, data, **kwargs):
        return FbaInventoryReported(**data)
