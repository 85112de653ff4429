"""``amzbus poll orders --account A [--since ISO] --dry-run``: the envelopes a poll would publish, nothing else."""

from __future__ import annotations

from datetime import datetime
from typing import Iterator

from amzbus.bus.marketplaces import MarketplaceCatalog
from amzbus.schemas import Envelope

from .client import AmazonClient
from .order_mapping import order_envelope


def preview_order_events(client: AmazonClient, *, since: datetime, marketplaces: MarketplaceCatalog,
                         until: datetime | None = None) -> Iterator[Envelope]:
    """Read every page of orders updated since ``since``, map them, yield their envelopes.

    No side effect: nothing is published and no cursor moves. Orders that produce no event (pending,
    FBA not yet shipped) are skipped; an order that cannot be mapped raises ``OrderMappingError``.
    """
    for order in client.orders.search(last_updated_after=since, until=until):
        envelope = order_envelope(order, account=client.account.name, marketplaces=marketplaces)
        if envelope is not None:
            yield envelope
