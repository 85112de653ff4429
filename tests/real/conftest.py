"""One suite, two targets: the same tests run against the Odoo simulator (always) and a real Odoo (when
ODOO_URL, ODOO_DB, ODOO_USER and ODOO_PASSWORD are set; JSON-2 also needs ODOO_API_KEY and Odoo 19+).

Each test gets a connected ``odoo`` client for its target and transport. Nothing is cleaned up:
every test names what it creates uniquely (``unique`` tokens, random Amazon order ids), so the
tests also run against a shared real database.
"""

from __future__ import annotations

import os
import random
import uuid
from dataclasses import dataclass
from decimal import Decimal

import pytest

from amzbus.bus.settings import OdooSettings
from amzbus.connectors.odoo import OdooClient, references, stock
from amzbus.connectors.odoo.http_channel import HttpChannel
from amzbus.connectors.odoo.version import probe_server_version
from amzbus.simulators.odoo.server import start_in_thread

REAL_ODOO_VARIABLES = ("ODOO_URL", "ODOO_DB", "ODOO_USER", "ODOO_PASSWORD")
TARGETS = [
    pytest.param(("simulator", "jsonrpc"), id="simulator-jsonrpc"),
    pytest.param(("simulator", "json2"), id="simulator-json2"),
    pytest.param(("real", "jsonrpc"), id="real-jsonrpc", marks=pytest.mark.real_odoo),
    pytest.param(("real", "json2"), id="real-json2", marks=pytest.mark.real_odoo),
]


@dataclass
class OdooTarget:
    """Where the tests run: ``kind`` simulator|real, ``api`` jsonrpc|json2; ``simulator`` when it is one."""

    kind: str
    api: str
    settings: OdooSettings
    secret: str
    simulator: object | None = None

    def client(self, **options) -> OdooClient:
        return OdooClient(self.settings, self.secret, **options)


@pytest.fixture(params=TARGETS)
def odoo_target(request):
    kind, api = request.param
    if kind == "simulator":
        server = start_in_thread()
        settings = OdooSettings(url=server.url, database="amzbus", user="admin", password_env="ODOO_PASSWORD",
                                api_key_env="ODOO_API_KEY" if api == "json2" else None, api=api, timeout_seconds=10)
        yield OdooTarget(kind, api, settings, server.state.api_key if api == "json2" else "admin", server)
        server.shutdown()
    else:
        yield _real_target(api)


def _real_target(api: str) -> OdooTarget:
    missing = [name for name in REAL_ODOO_VARIABLES if not os.environ.get(name)]
    if missing:
        pytest.skip(f"no real Odoo: set {', '.join(missing)} to run this test against one")
    if api == "json2" and not os.environ.get("ODOO_API_KEY"):
        pytest.skip("JSON-2 on a real Odoo needs ODOO_API_KEY (and Odoo 19 or later)")
    url = os.environ["ODOO_URL"]
    if api == "json2" and probe_server_version(HttpChannel(url)).major < 19:
        pytest.skip("the real Odoo is older than 19: it has no JSON-2 API")
    settings = OdooSettings(url=url, database=os.environ["ODOO_DB"], user=os.environ["ODOO_USER"],
                            password_env="ODOO_PASSWORD", api_key_env="ODOO_API_KEY" if api == "json2" else None,
                            api=api, timeout_seconds=60)
    secret = os.environ["ODOO_API_KEY"] if api == "json2" else os.environ["ODOO_PASSWORD"]
    return OdooTarget("real", api, settings, secret)


@pytest.fixture
def odoo(odoo_target):
    client = odoo_target.client().connect()
    yield client
    client.close()


@pytest.fixture
def unique():
    """A token that makes names, SKUs and e-mails of this test unique."""
    return uuid.uuid4().hex[:10]


@pytest.fixture
def amazon_order_id(new_amazon_order_id):
    return new_amazon_order_id()


@pytest.fixture
def new_amazon_order_id():
    """A factory of random Amazon order ids (3-7-7 digits)."""
    def new() -> str:
        digits = random.Random()
        return f"{digits.randint(100, 999)}-{digits.randint(10**6, 10**7 - 1)}-{digits.randint(10**6, 10**7 - 1)}"
    return new


@pytest.fixture
def warehouse(odoo):
    return references.find_warehouse(odoo)


@pytest.fixture
def make_product(odoo, warehouse):
    """``make_product(sku, on_hand=None)``: a storable product, with ``on_hand`` units in WH/Stock."""
    def make(sku: str, *, on_hand: float | None = None, price: Decimal = Decimal("10")) -> int:
        product_id = odoo.create_one("product.product", {"name": f"Product {sku}", "default_code": sku, "type": "consu",
                                                         "is_storable": True, "list_price": float(price)})
        if on_hand is not None:
            stock.set_location_quantity(odoo, product_id=product_id, location_id=warehouse.stock_location_id,
                                        quantity=on_hand)
        return product_id
    return make
