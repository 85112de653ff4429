"""Helpers for the to_odoo consumer tests: an Odoo simulator, a runtime wired to it and to Redis, events, reads.

``OdooWorld`` holds a running simulator, a ``Runtime`` (real Redis, the test's namespace, the simulator as
Odoo) with two accounts (``na-main`` on Amazon.com, ``eu-main`` on Amazon.de), the consumers' handlers
(``world.handlers``: a ``ToOdoo``), and reads Odoo's records directly from the simulator's database.
"""

from __future__ import annotations

import random
from datetime import datetime, timezone
from decimal import Decimal

import pytest

from amzbus.bus.marketplaces import MarketplaceCatalog
from amzbus.bus.settings import AccountSettings, BusSettings, OdooSettings, Settings
from amzbus.consumers.to_odoo import ToOdoo
from amzbus.ops.runtime import Runtime
from amzbus.schemas import Address, Buyer, Money, OrderCancelled, OrderItem, OrderPlaced, envelop
from amzbus.simulators.odoo import start_in_thread

MARKETPLACES = MarketplaceCatalog()
PASSWORD = "to-odoo-test-password"
CATALOG = {"MUG-RED": "Red mug", "MUG-BLUE": "Blue mug", "TEA-GREEN": "Green tea"}
_random = random.SystemRandom()


def accounts() -> tuple[AccountSettings, ...]:
    def account(name, code, team):
        place = MARKETPLACES.find(code)
        return AccountSettings(name=name, seller_id=f"SELLER-{code}", region=place.region, marketplaces=(place,),
                               lwa_client_id_env="X", lwa_client_secret_env="Y", refresh_token_env="Z",
                               fba_location=f"Amazon FBA {code}", sales_team=team)
    return account("na-main", "US", "Amazon North America"), account("eu-main", "DE", "Amazon Europe")


class OdooWorld:
    def __init__(self, simulator, *, broker_url: str, namespace: str, **handler_options) -> None:
        self.simulator = simulator
        self.settings = Settings(
            bus=BusSettings(broker_url=broker_url, namespace=namespace),
            odoo=OdooSettings(url=simulator.url, database=simulator.state.db_name, user="admin",
                              password_env="ODOO_PASSWORD", api="jsonrpc", timeout_seconds=5.0),
            accounts=accounts(), source="to_odoo tests")
        self.runtime = Runtime(self.settings, environ={"ODOO_PASSWORD": PASSWORD})
        self.handlers = ToOdoo.from_runtime(self.runtime, **handler_options)
        self.create_products(CATALOG)

    def close(self) -> None:
        self.runtime.odoo_client.close()

    def create_products(self, names_by_sku: dict[str, str]) -> None:
        with self.simulator.state.transaction() as env:
            env["product.product"].create_records([
                {"name": name, "default_code": sku, "type": "consu", "is_storable": True}
                for sku, name in names_by_sku.items()])

    def records(self, model: str, domain: list, fields: list[str], order: str | None = None) -> list[dict]:
        with self.simulator.state.transaction() as env:
            return env[model].search_read(domain, fields, order=order)

    def sale_orders(self, amazon_order_id: str) -> list[dict]:
        return self.records("sale.order", [("client_order_ref", "=", amazon_order_id)],
                            ["name", "state", "amount_total", "delivery_status", "origin", "team_id", "currency_id",
                             "pricelist_id", "partner_id", "partner_shipping_id", "date_order"])

    def the_sale_order(self, amazon_order_id: str) -> dict:
        orders = self.sale_orders(amazon_order_id)
        assert len(orders) == 1, f"expected one sale order for {amazon_order_id}, found {len(orders)}"
        return orders[0]

    def lines(self, sale_order_id: int) -> list[dict]:
        return self.records("sale.order.line", [("order_id", "=", sale_order_id)],
                            ["name", "product_id", "product_uom_qty", "price_unit", "discount", "tax_id",
                             "price_total", "display_type"], order="sequence, id")

    def pickings(self, sale_order_id: int) -> list[dict]:
        return self.records("stock.picking", [("sale_id", "=", sale_order_id)],
                            ["name", "state", "note", "location_id", "backorder_id", "carrier_tracking_ref",
                             "carrier_id"], order="id")

    def messages(self, model: str, record_id: int) -> list[str]:
        return [row["body"] for row in self.records("mail.message", [("model", "=", model), ("res_id", "=", record_id)],
                                                    ["body"])]


def order_id() -> str:
    return f"{_random.randint(100, 999)}-{_random.randint(0, 9999999):07d}-{_random.randint(0, 9999999):07d}"


def money(amount: str | None, currency: str) -> Money | None:
    return Money(Decimal(amount), currency) if amount is not None else None


def item(sku: str, *, quantity: int = 1, price: str, currency: str = "USD", tax: str | None = None,
         shipping: str | None = None, shipping_tax: str | None = None, promotion: str | None = None,
         gift_wrap: str | None = None, gift_wrap_level: str | None = None, gift_message: str | None = None,
         shipped: int = 0) -> OrderItem:
    return OrderItem(order_item_id=f"{_random.randint(10**13, 10**14 - 1)}", sku=sku, quantity=quantity,
                     title=CATALOG.get(sku, "Something new"), quantity_shipped=shipped,
                     item_price=money(price, currency), item_tax=money(tax, currency),
                     shipping_price=money(shipping, currency), shipping_tax=money(shipping_tax, currency),
                     promotion_discount=money(promotion, currency), gift_wrap_price=money(gift_wrap, currency),
                     gift_wrap_level=gift_wrap_level, gift_message=gift_message)


def placed(*items: OrderItem, total: str, account: str = "na-main", channel: str = "FBM", status: str = "UNSHIPPED",
           buyer: Buyer | None = None, ship_to: Address | None = None, amazon_order_id: str | None = None,
           purchase_date: datetime | None = None, **event_fields):
    """An OrderPlaced envelope of ``account`` (``na-main``: Amazon.com, USD; ``eu-main``: Amazon.de, EUR), purchased
    ``purchase_date`` (default: now); ``event_fields``: other OrderPlaced fields (``replaced_order_id``...)."""
    place = MARKETPLACES.find("US" if account == "na-main" else "DE")
    when = datetime.now(timezone.utc).replace(microsecond=0)
    event = OrderPlaced(
        order_id=amazon_order_id or order_id(), channel=channel, status=status, purchase_date=purchase_date or when,
        last_updated=when, **event_fields,
        currency=place.currency, prices_include_tax=place.tax_included, items=items,
        order_total=money(total, place.currency),
        buyer=buyer if buyer is not None else Buyer(name="Jane Doe", email=f"{order_id()}@marketplace.amazon.com"),
        ship_to=ship_to or us_address(), ship_service_level="Standard")
    return envelop(event, account=account, marketplace_id=place.marketplace_id)


def cancelled(amazon_order_id: str, *, account: str = "na-main", reason: str | None = "BUYER: Changed my mind"):
    place = MARKETPLACES.find("US" if account == "na-main" else "DE")
    return envelop(OrderCancelled(order_id=amazon_order_id, reason=reason), account=account,
                   marketplace_id=place.marketplace_id)


def us_address(*, name: str | None = "Jane Doe", zip_code: str = "62701") -> Address:
    return Address(name=name, address_lines=("1 Main Street",), city="Springfield", state_or_region="IL",
                   postal_code=zip_code, country_code="US", phone="+1 555 0100")


# Fixtures: import them into a test module by name (``from to_odoo_testing import simulator, world``).


@pytest.fixture
def simulator():
    server = start_in_thread(password=PASSWORD)
    yield server
    server.shutdown()


@pytest.fixture
def world(simulator, redis_url, namespace):
    world = OdooWorld(simulator, broker_url=redis_url, namespace=namespace, lock_wait_seconds=0.2)
    yield world
    world.close()
