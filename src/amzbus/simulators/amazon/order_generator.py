"""Seeded, reproducible orders with a realistic mix (see ``OrderMix``), and each order's planned future.

The same seed, accounts, catalog and start time always give the same orders: ids, items, prices, buyers.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Callable, Sequence

from .accounts import SellerAccount
from .catalog import Product
from .marketplaces import SimMarketplace
from .money import ZERO, cents, tax_on
from .order_mix import OrderMix
from .orders_model import AMAZON, MERCHANT, Address, Buyer, Order, OrderItem
from .people import buyer_name, delivery_address

MARKETPLACE_WEIGHTS = {"US": 70, "CA": 20, "MX": 10, "DE": 35, "UK": 25, "FR": 15, "IT": 10, "ES": 10, "NL": 5}
ITEM_COUNT_WEIGHTS = (55, 25, 10, 6, 4)
COMPANIES = ("Nordlicht GmbH", "Acme Supplies Ltd", "Soluciones Peña S.L.", "Maison Él SARL")
GIFT_MESSAGES = ("Happy birthday! 🎂 With love", "Joyeux anniversaire !", "Alles Gute zum Geburtstag!",
                 "¡Feliz Navidad y próspero año nuevo!", "Congratulations on the new flat", "お誕生日おめでとう")


@dataclass(frozen=True)
class PlannedStep:
    """Something that will happen to an order ``after_seconds`` (Amazon time) after it was placed."""

    after_seconds: float
    action: str
    by: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class GeneratedOrder:
    order: Order
    plan: tuple[PlannedStep, ...]


class OrderGenerator:
    def __init__(self, *, seed: int | str, mix: OrderMix, is_taken: Callable[[str], bool]) -> None:
        self.rng = random.Random(f"amazon-simulator-orders-{seed}")
        self.mix = mix
        self._is_taken = is_taken
        self._issued: set[str] = set()

    def generate(self, account: SellerAccount, catalog: dict[str, Product], *, now: datetime,
                 marketplaces: Sequence[SimMarketplace], earlier: Sequence[Order]) -> GeneratedOrder:
        original = self._replacement_of(earlier)
        marketplace = original.marketplace if original else self._marketplace(marketplaces)
        fulfilled_by = original.fulfilled_by if original else (AMAZON if self._chance(self.mix.fba_ratio) else MERCHANT)
        created = now - timedelta(seconds=int(self.rng.uniform(0, self.mix.created_spread_seconds)))
        business = original is None and self._chance(self.mix.business_ratio)
        prime = self._chance(self.mix.prime_ratio)
        buyer, address = self._people(marketplace, fulfilled_by, business)
        order = Order(
            order_id=self._order_id(marketplace),
            seller_id=account.seller_id,
            marketplace_code=marketplace.code,
            fulfilled_by=fulfilled_by,
            created=created.replace(microsecond=0),
            items=[],
            buyer=buyer,
            address=address,
            programs=tuple(p for p, on in (("PRIME", prime), ("AMAZON_BUSINESS", business)) if on),
            replaced_order_id=original.order_id if original else None,
        )
        order.service_level = self._service_level(order, prime)
        tax_rate = ZERO if marketplace.tax_included else self.rng.choice(marketplace.sales_tax_rates)
        products = self._products(order, catalog, original)
        order.items = [self._item(order, product, tax_rate, business, original) for product in products]
        return GeneratedOrder(order, self._plan(order))

    def _people(self, marketplace: SimMarketplace, fulfilled_by: str, business: bool) -> tuple[Buyer, Address]:
        country = marketplace.country_code
        non_latin = self._chance(self.mix.non_latin_ratio)
        name = buyer_name(self.rng, country, non_latin=non_latin)
        company = self.rng.choice(COMPANIES) if business else None
        address = delivery_address(self.rng, country, name=name, non_latin=non_latin, company=company)
        buyer = Buyer(
            name=name if marketplace.region == "EU" else None,
            email=_email(self.rng, marketplace) if fulfilled_by == MERCHANT else None,
            company_name=company,
            purchase_order_number=f"PO-{self.rng.randint(10000, 99999)}" if business else None,
            vat_number=f"{country}{self.rng.randint(100000000, 999999999)}" if business and marketplace.region == "EU" else None,
        )
        return buyer, address

    def _products(self, order: Order, catalog: dict[str, Product], original: Order | None) -> list[Product]:
        if original is not None:
            return [catalog[original.items[0].sku]]
        candidates = [p for p in catalog.values() if p.channel == order.fulfilled_by]
        weights = ITEM_COUNT_WEIGHTS[: self.mix.max_items]
        count = min(self.rng.choices(range(1, len(weights) + 1), weights=weights)[0], len(candidates))
        return self.rng.sample(candidates, count)

    def _item(self, order: Order, product: Product, tax_rate: Decimal, business: bool,
              original: Order | None) -> OrderItem:
        item = OrderItem(order_item_id=self._order_item_id(), sku=product.sku, asin=product.asin,
                         title=product.title, quantity=1 if original else self._quantity(), unit_price=ZERO)
        if original is not None:
            return item
        factor = order.marketplace.price_factor
        item.unit_price = product.unit_price(order.marketplace)
        if business and self._chance(0.5):
            item.unit_price, item.price_designation = cents(item.unit_price * Decimal("0.9")), "BUSINESS_PRICE"
        if "PRIME" not in order.programs:
            item.shipping = cents(Decimal(self.rng.choice(("0", "2.99", "4.99"))) * factor)
        self._promotions(item, factor)
        self._gift(order, item, factor)
        item.item_tax = tax_on(item.line_price - item.promotion_discount, tax_rate)
        item.shipping_tax = tax_on(item.shipping - item.shipping_discount, tax_rate)
        item.gift_wrap_tax = tax_on(item.gift_wrap, tax_rate)
        return item

    def _promotions(self, item: OrderItem, factor: Decimal) -> None:
        ids = []
        if self._chance(self.mix.promotion_ratio):
            item.promotion_discount = min(cents(item.line_price * Decimal("0.10")), item.line_price)
            ids.append(f"PROMO-{self.rng.randint(1000, 9999)}-TENOFF")
        if item.shipping > 0 and self._chance(0.15):
            item.shipping_discount = item.shipping
            ids.append("FREE-SHIPPING-" + "".join(self.rng.choices(string.ascii_uppercase, k=6)))
        item.promotion_ids = tuple(ids)

    def _gift(self, order: Order, item: OrderItem, factor: Decimal) -> None:
        if not self._chance(self.mix.gift_ratio):
            return
        item.gift_wrap_level = self.rng.choice(("Classic", "Premium"))
        item.gift_wrap = cents(Decimal("3.99" if item.gift_wrap_level == "Classic" else "5.99") * factor)
        if order.fulfilled_by == MERCHANT:
            item.gift_message = self.rng.choice(GIFT_MESSAGES)

    def _plan(self, order: Order) -> tuple[PlannedStep, ...]:
        if not self.mix.auto_lifecycle:
            return ()
        eligible = self._seconds(self.mix.eligible_after_seconds)
        roll = self.rng.random()
        if roll < self.mix.cancel_before_eligible_ratio:
            by, reason = self.rng.choice((("BUYER", "Ordered by mistake"), ("AMAZON", "Payment could not be authorized")))
            return (PlannedStep(eligible, "cancel", by, reason),)
        if order.is_fba:
            return (PlannedStep(self._seconds(self.mix.fba_ship_after_seconds), "ship"),)
        steps = [PlannedStep(eligible, "make_eligible")]
        if roll < self.mix.cancel_before_eligible_ratio + self.mix.cancel_after_eligible_ratio:
            later = eligible + self._seconds(self.mix.cancel_after_seconds)
            steps.append(PlannedStep(later, "cancel", "BUYER", self.rng.choice(("Changed my mind", "Found a better price"))))
        return tuple(steps)

    def _replacement_of(self, earlier: Sequence[Order]) -> Order | None:
        candidates = [o for o in earlier if o.replaced_order_id is None and o.items]
        if candidates and self._chance(self.mix.replacement_ratio):
            return self.rng.choice(candidates)
        return None

    def _marketplace(self, marketplaces: Sequence[SimMarketplace]) -> SimMarketplace:
        return self.rng.choices(marketplaces, weights=[MARKETPLACE_WEIGHTS[m.code] for m in marketplaces])[0]

    def _service_level(self, order: Order, prime: bool) -> str:
        if order.is_fba:
            return self.rng.choice(("NEXT_DAY", "SECOND_DAY")) if prime else "STANDARD"
        return self.rng.choices(("STANDARD", "EXPEDITED", "NEXT_DAY"), weights=(70, 20, 10))[0]

    def _order_id(self, marketplace: SimMarketplace) -> str:
        while True:
            candidate = (f"{self.rng.choice(marketplace.order_id_prefixes)}-"
                         f"{self.rng.randint(0, 9999999):07d}-{self.rng.randint(0, 9999999):07d}")
            if candidate not in self._issued and not self._is_taken(candidate):
                self._issued.add(candidate)
                return candidate

    def _order_item_id(self) -> str:
        return f"{self.rng.randint(10**13, 10**14 - 1)}"

    def _quantity(self) -> int:
        return min(self.rng.choices((1, 2, 3, 4, 6), weights=(70, 18, 7, 3, 2))[0], self.mix.max_quantity)

    def _seconds(self, window: tuple[float, float]) -> float:
        return self.rng.uniform(*window)

    def _chance(self, ratio: float) -> bool:
        return self.rng.random() < ratio


def _email(rng: random.Random, marketplace: SimMarketplace) -> str:
    local = "".join(rng.choices(string.ascii_lowercase + string.digits, k=15))
    return f"{local}@marketplace.{marketplace.domain.removeprefix('www.')}"
