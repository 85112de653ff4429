"""Event factories for tests: unique, valid events."""

from __future__ import annotations

import uuid

from amzbus.schemas import StockChanged, envelop


def stock_changed(*, sku: str | None = None, quantity: int = 5, version: int = 1, account: str = "test"):
    return envelop(StockChanged(sku=sku or f"SKU-{uuid.uuid4().hex[:8]}", quantity=quantity, version=version),
                   account=account)
