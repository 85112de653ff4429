"""``amzbus poll orders --account A [--since ISO] --dry-run``: what a poll would do, without doing it.

Every order a poll would read is previewed: its event's envelope, or, for an order that cannot be mapped,
an ``UnmappableOrder`` saying that the poll would dead-letter it and why. One bad order never hides the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Iterator

from amzbus.bus.marketplaces import MarketplaceCatalog
from amzbus.schemas import Envelope

from .client import AmazonClient
from .order_mapping import OrderMappingError, order_envelope


@dataclass(frozen=True)
class UnmappableOrder:
    """An order a poll would dead-letter (with Amazon's raw order), and the mapping error's reason (no buyer data:
    the reason names the field, never its value)."""

    account: str
    order_id: str | None
    reason: str

    def as_json(self) -> dict[str, Any]:
        return {"would_dead_letter": {"account": self.account, "order_id": self.order_id, "reason": self.reason}}


def preview_order_events(client: AmazonClient, *, since: datetime, marketplaces: MarketplaceCatalog,
                         until: datetime | None = None) -> Iterator[Envelope | UnmappableOrder]:
    """Read every page of orders updated since ``since``, map them, yield their envelopes and unmappable orders.

    No side effect: nothing is published, dead-lettered or moved. Orders that produce no event (pending,
    FBA not yet shipped) are skipped.
    """
    account = client.account.name
    for order in client.orders.search(last_updated_after=since, until=until):
        try:
            envelope = order_envelope(order, account=account, marketplaces=marketplaces)
        except OrderMappingError as error:
            order_id = error.order_id or (order.get("orderId") if isinstance(order, dict) else None)
            yield UnmappableOrder(account, order_id if isinstance(order_id, str) else None, error.message)
            continue
        if envelope is not None:
            yield envelope
