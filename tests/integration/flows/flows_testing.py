"""Both simulators, the real Redis and a runtime wired to them, for the Odoo -> Amazon flows.

``FlowWorld``: the SP-API simulator (time 60x faster), the Odoo simulator over JSON-RPC, a ``Runtime`` on the
test's namespace whose accounts are the simulator's sellers, the simulated catalog as Odoo products, and
the offer table (SKU -> product of the same reference). Events the producers publish are collected in
``world.published`` (nothing is sent to a broker); the consumers' handlers are called directly.
"""

from __future__ import annotations

import random

import pytest
from stack_testing import simulator_config

from amzbus.bus.config_file import load_settings
from amzbus.bus.offer_table import Offer
from amzbus.connectors.amazon import order_envelope
from amzbus.connectors.odoo.deliveries import deliver_sale_order
from amzbus.connectors.odoo.orders import find_sale_order
from amzbus.connectors.odoo.products import products_by_code
from amzbus.connectors.odoo.references import find_warehouse
from amzbus.connectors.odoo.stock import set_location_quantity
from amzbus.consumers.to_amazon import ToAmazon
from amzbus.consumers.to_odoo import ToOdoo
from amzbus.ops.odoo_setup import catalog_skus, ensure_catalog_products
from amzbus.ops.runtime import Runtime
from amzbus.simulators.amazon.server import start_in_thread as start_amazon
from amzbus.simulators.odoo import start_in_thread as start_odoo

FBM_ONLY = {"fba_ratio": 0.0, "cancel_before_eligible_ratio": 0.0, "cancel_after_eligible_ratio": 0.0,
            "auto_lifecycle": False, "max_items": 3, "max_quantity": 3}
_random = random.SystemRandom()


class FlowWorld:
    def __init__(self, amazon, odoo, path, env) -> None:
        self.amazon, self.odoo_server = amazon, odoo
        self.runtime = Runtime(load_settings(path), environ=env)
        self.published = []
        self.runtime.bus.publish = self.published.append
        self.odoo = self.runtime.odoo_client
        listings, fba = amazon.state.listing_quantities(), amazon.state.fba_quantities()
        skus = catalog_skus(listings, fba)
        ensure_catalog_products(self.odoo, skus)
        self.runtime.offer_table.set([Offer(account, sku, sku) for account, per_account in listings.items()
                                      for sku in per_account])
        self.to_odoo = ToOdoo.from_runtime(self.runtime)
        self.refused: list[tuple] = []
        for account in listings:  # the first FBA inventory read tells the stock stream which SKUs Amazon fulfils
            self.runtime.fba_inventory_producer(account).poll()
        self.published.clear()

    def fbm_orders(self, count: int, *, account: str = "sim-na") -> list[str]:
        """``count`` FBM orders placed on Amazon, made eligible, and imported into Odoo."""
        ids = self.amazon.state.generate_orders(count=count, account=account, mix=FBM_ONLY)
        for order_id in ids:
            self.amazon.state.make_eligible(order_id)
            envelope = order_envelope(self.amazon.state.order_json(order_id), account=account,
                                      marketplaces=self.runtime.settings.marketplaces)
            self.to_odoo.apply_order_placed(envelope)
        return ids

    def fbm_order_of_several_units(self, *, account: str = "sim-na") -> str:
        """An imported FBM order of at least two units (generated until one comes; the seed makes it the same)."""
        for _ in range(20):
            (order_id,) = self.fbm_orders(1, account=account)
            if sum(i["quantityOrdered"] for i in self.amazon.state.order_json(order_id)["orderItems"]) >= 2:
                return order_id
        raise AssertionError("no order of two units or more in 20")

    def sale_order_id(self, amazon_order_id: str) -> int:
        return find_sale_order(self.odoo, amazon_order_id).id

    def ship(self, amazon_order_id: str, *, carrier: str | None = "DHL Express", tracking: str | None = "auto",
             quantities: dict[int, float] | None = None) -> list[int]:
        """Validate the order's open delivery in Odoo (``quantities``: product id -> units, a partial one),
        with a carrier and a tracking number; the validated picking ids."""
        sale_order_id = self.sale_order_id(amazon_order_id)
        open_pickings = self.odoo.search_read("stock.picking", [("sale_id", "=", sale_order_id),
                                                                ("state", "not in", ["done", "cancel"])], ["name"])
        values = {}
        if carrier:
            values["carrier_id"] = self.carrier_id(carrier)
        if tracking:
            values["carrier_tracking_ref"] = f"TRK{_random.randint(10**9, 10**10)}" if tracking == "auto" else tracking
        if values:
            self.odoo.write("stock.picking", [p["id"] for p in open_pickings], values)
        return list(deliver_sale_order(self.odoo, sale_order_id, quantities_by_product=quantities).picking_ids)

    def carrier_id(self, name: str) -> int:
        found = self.odoo.search_read("delivery.carrier", [("name", "=", name)], ["name"])
        if found:
            return found[0]["id"]
        product = self.odoo.search_read("product.product", [], ["name"], limit=1)[0]["id"]
        return self.odoo.create_one("delivery.carrier", {"name": name, "product_id": product,
                                                         "delivery_type": "fixed"})

    def ordered_moves(self, amazon_order_id: str) -> list[dict]:
        return self.odoo.search_read("stock.move", [("sale_line_id.order_id", "=", self.sale_order_id(amazon_order_id))],
                                     ["product_id", "product_uom_qty"], order="id")

    def fbm_skus(self, account: str = "sim-na", marketplace: str = "US") -> list[str]:
        listings = self.amazon.state.listing_quantities(account)[account]
        return sorted(sku for sku, where in listings.items()
                      if marketplace in where and where[marketplace]["fulfillment_channel_code"] == "DEFAULT")

    def amazon_quantity(self, sku: str, account: str = "sim-na", marketplace: str = "US") -> int:
        return self.amazon.state.listing_quantities(account)[account][sku][marketplace]["quantity"]

    def set_odoo_stock(self, sku: str, quantity: float) -> None:
        """Count ``quantity`` units of the SKU's product on WH/Stock (an inventory adjustment)."""
        product_id = products_by_code(self.odoo, [sku])[sku]
        set_location_quantity(self.odoo, product_id=product_id, quantity=quantity,
                              location_id=find_warehouse(self.odoo).stock_location_id)

    def stock_pusher(self, **options):
        """The push_stock consumer, with the SKUs it refuses collected in ``world.refused``."""
        return ToAmazon.from_runtime(self.runtime, stock_options={
            "reject": lambda *refusal: self.refused.append(refusal), "feed_first_wait_seconds": 0.05, **options})

    def push_published(self, pusher) -> list[str]:
        outcomes = [pusher.push_stock(e) for e in self.published if e.event_type == "StockChanged"]
        self.published.clear()
        return outcomes

    def close(self) -> None:
        self.odoo.close()


@pytest.fixture
def amazon():
    simulator = start_amazon(port=0, seed=11, speed=60)
    yield simulator
    simulator.shutdown()


@pytest.fixture
def odoo_sim():
    server = start_odoo(password="admin")
    yield server
    server.shutdown()


@pytest.fixture
def world(tmp_path, amazon, odoo_sim, redis_url, namespace):
    path, env = simulator_config(tmp_path / "amzbus.toml", amazon=amazon, redis_url=redis_url, namespace=namespace,
                                 odoo_url=odoo_sim.url)
    world = FlowWorld(amazon, odoo_sim, path, env)
    yield world
    world.close()
