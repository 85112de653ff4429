"""The initial stock of every seller: FBM listing quantities and FBA inventory in each marketplace."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from .accounts import SellerAccount
from .catalog import FBA, Product
from .inventory import FbaInventory, FbaStock, Listing, ListingStore


def stock_catalog(account: SellerAccount, catalog: dict[str, Product], *, seed: int, now: datetime,
                  listings: ListingStore, fba: FbaInventory) -> None:
    rng = random.Random(f"amazon-simulator-stock-{seed}-{account.seller_id}")
    created = (now - timedelta(days=400)).replace(microsecond=0)
    for product in catalog.values():
        for marketplace in account.marketplaces:
            is_fba = product.channel == FBA
            listings.add(Listing(
                seller_id=account.seller_id, sku=product.sku, marketplace_id=marketplace.marketplace_id,
                channel_code=marketplace.fba_channel_code if is_fba else "DEFAULT",
                quantity=0 if is_fba else rng.randint(20, 200), product_type=product.product_type,
                created=created, updated=created,
            ))
            if is_fba:
                fba.add(FbaStock(
                    seller_id=account.seller_id, sku=product.sku, marketplace_id=marketplace.marketplace_id,
                    fulfillable=rng.randint(30, 300), last_updated=created + timedelta(days=rng.randint(0, 300)),
                    inbound_shipped=rng.choice((0, 0, 12, 24)), unfulfillable=rng.choice((0, 0, 0, 1, 2)),
                ))
