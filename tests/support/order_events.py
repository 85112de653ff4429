"""A complete, valid OrderPlaced event for tests, with a buyer's personal data in it."""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

from amzbus.schemas import Address, Buyer, Money, OrderItem, OrderPlaced, envelop


def eur(amount: str) -> Money:
    return Money(Decimal(amount), "EUR")


def order_placed(order_id: str = "305-1234567-7654321") -> OrderPlaced:
    when = datetime(2026, 11, 20, 9, 30, tzinfo=timezone.utc)
    return OrderPlaced(
        order_id=order_id, channel="FBM", status="UNSHIPPED", purchase_date=when, last_updated=when,
        currency="EUR", prices_include_tax=True, order_total=eur("58.80"),
        buyer=Buyer(name="Jane Doe", email="jane.doe@example.com"),
        ship_to=Address(name="Jane Doe", address_lines=("12 Rue de Rivoli",), city="Paris", postal_code="75001",
                        country_code="FR", phone="+33 6 12 34 56 78"),
        items=(OrderItem(order_item_id="11111111111111", sku="MUG-RED", quantity=2, item_price=eur("49.80"),
                         item_tax=eur("8.30"), shipping_price=eur("9.00"), gift_message="Bon anniversaire"),),
    )


def order_placed_envelope(order_id: str = "305-1234567-7654321", account: str = "eu-main"):
    return envelop(order_placed(order_id), account=account, marketplace_id="A13V1IB3VIYZZH")
