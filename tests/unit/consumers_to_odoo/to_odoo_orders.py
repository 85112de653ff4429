"""OrderPlaced events for the to_odoo mapping tests: a few lines each, sensible defaults, unique order ids."""

from __future__ import annotations

import itertools
from datetime import datetime, timezone
from decimal import Decimal

from amzbus.bus.marketplaces import MarketplaceCatalog
from amzbus.bus.settings import AccountSettings
from amzbus.schemas import Address, Buyer, Money, OrderItem, OrderPlaced

MARKETPLACES = MarketplaceCatalog()
_ids = itertools.count(1)
WHEN = datetime(2026, 11, 20, 9, 30, tzinfo=timezone.utc)


def account(name: str = "main", *, marketplace: str = "US") -> AccountSettings:
    region = MARKETPLACES.find(marketplace).region
    return AccountSettings(name=name, seller_id="A1SELLER", region=region,
                           marketplaces=(MARKETPLACES.find(marketplace),), lwa_client_id_env="X",
                           lwa_client_secret_env="Y", refresh_token_env="Z", fba_location="Amazon FBA",
                           sales_team=f"Amazon {region}")


def money(amount: str | None, currency: str) -> Money | None:
    return Money(Decimal(amount), currency) if amount is not None else None


def item(sku: str = "MUG-RED", *, quantity: int = 1, price: str = "10.00", currency: str = "USD",
         title: str | None = "Red mug", tax: str | None = None, shipping: str | None = None,
         shipping_tax: str | None = None, shipping_discount: str | None = None, promotion: str | None = None,
         gift_wrap: str | None = None, gift_wrap_tax: str | None = None, gift_wrap_level: str | None = None,
         gift_message: str | None = None, shipped: int = 0) -> OrderItem:
    return OrderItem(
        order_item_id=f"{next(_ids):014d}", sku=sku, quantity=quantity, title=title, quantity_shipped=shipped,
        item_price=money(price, currency), item_tax=money(tax, currency), shipping_price=money(shipping, currency),
        shipping_tax=money(shipping_tax, currency), shipping_discount=money(shipping_discount, currency),
        promotion_discount=money(promotion, currency), gift_wrap_price=money(gift_wrap, currency),
        gift_wrap_tax=money(gift_wrap_tax, currency), gift_wrap_level=gift_wrap_level, gift_message=gift_message)


def order(*items: OrderItem, marketplace: str = "US", channel: str = "FBM", status: str = "UNSHIPPED",
          total: str | None = "auto", buyer: Buyer | None = None, ship_to: Address | None | str = "default",
          service_level: str | None = "Standard", order_id: str | None = None) -> OrderPlaced:
    """An order on ``marketplace``; ``total="auto"`` sums the items as Amazon does, ``None`` leaves it out."""
    place = MARKETPLACES.find(marketplace)
    items = items or (item(currency=place.currency),)
    if total == "auto":
        total = str(amazon_total(items, tax_included=place.tax_included))
    return OrderPlaced(
        order_id=order_id or f"{next(_ids) % 1000:03d}-{next(_ids):07d}-{next(_ids):07d}", channel=channel,
        status=status, purchase_date=WHEN, last_updated=WHEN, currency=place.currency,
        prices_include_tax=place.tax_included, items=tuple(items), order_total=money(total, place.currency),
        buyer=buyer if buyer is not None else Buyer(name="Jane Doe", email="jane@marketplace.amazon.com"),
        ship_to=address(place.country) if ship_to == "default" else ship_to, ship_service_level=service_level)


def address(country: str = "US", *, name: str | None = "Jane Doe") -> Address:
    return Address(name=name, address_lines=("1 Main Street", "Apt 4"), city="Springfield", state_or_region="IL",
                   postal_code="62701", country_code=country, phone="+1 555 0100")


def amazon_total(items, *, tax_included: bool) -> Decimal:
    """What Amazon charges: prices, shipping and gift wrap, less discounts, plus taxes where prices exclude them."""
    def value(money_or_none):
        return money_or_none.amount if money_or_none else Decimal("0")
    total = Decimal("0")
    for line in items:
        total += value(line.item_price) + value(line.shipping_price) + value(line.gift_wrap_price)
        total -= value(line.promotion_discount) + value(line.shipping_discount)
        if not tax_included:
            total += value(line.item_tax) + value(line.shipping_tax) + value(line.gift_wrap_tax)
    return total


def marketplace(code: str):
    return MARKETPLACES.find(code)
