"""The FBA stock mirror against both simulators: getInventorySummaries (paged) -> the account's FBA location."""

from __future__ import annotations

from datetime import timedelta

from amzbus.bus.offer_table import Offer
from amzbus.connectors.odoo.products import products_by_code
from amzbus.connectors.odoo.references import find_warehouse
from amzbus.connectors.odoo.stock import ensure_fba_location
from amzbus.schemas import FbaInventoryReported, envelop
from flows_testing import amazon, odoo_sim, world  # noqa: F401  (fixtures)


def fba_marketplace(world, account="sim-na") -> str:
    """The code of the marketplace the account's FBA location mirrors (its first: CA for sim-na)."""
    marketplace_id = world.runtime.settings.account(account).fba_marketplace_id
    return world.runtime.settings.marketplaces.find(marketplace_id).code


def fulfillable(world, account="sim-na") -> dict[str, int]:
    marketplace = fba_marketplace(world, account)
    stock = world.amazon.state.fba_quantities(account)[account]
    return {sku: where[marketplace]["fulfillable"] for sku, where in stock.items() if marketplace in where}


def on_fba_location(world, sku: str) -> float:
    location = ensure_fba_location(world.odoo, name=world.runtime.settings.account("sim-na").fba_location,
                                   warehouse=find_warehouse(world.odoo))
    product = products_by_code(world.odoo, [sku])[sku]
    quants = world.odoo.search_read("stock.quant", [("product_id", "=", product), ("location_id", "=", location)],
                                    ["quantity"])
    return sum(q["quantity"] for q in quants)


def apply_published(world) -> list[str]:
    outcomes = [world.to_odoo.apply_fba_inventory(e) for e in world.published if e.event_type == "FbaInventoryReported"]
    world.published.clear()
    return outcomes


def test_every_page_of_fba_stock_is_read_and_mirrored_on_the_fba_location(world):
    # Given Amazon answering two summaries a page
    world.amazon.state.set_inventory_page_size(2)
    amazon_stock = fulfillable(world)
    calls = world.amazon.state.call_counts()["operations"]["getInventorySummaries"]["calls"]
    # When the account's FBA inventory is read in full and applied
    result = world.runtime.fba_inventory_producer("sim-na").poll(full=True)
    # Then every SKU came, over several pages, and Odoo's FBA location holds Amazon's fulfillable quantity
    assert result.full and sorted(e.payload.sku for e in world.published) == sorted(amazon_stock)
    assert world.amazon.state.call_counts()["operations"]["getInventorySummaries"]["calls"] - calls == 3
    assert set(apply_published(world)) == {"applied"}
    assert {sku: on_fba_location(world, sku) for sku in amazon_stock} == amazon_stock
    # And the location is an internal one under the virtual "Amazon FBA" parent
    location = ensure_fba_location(world.odoo, name="Amazon FBA", warehouse=find_warehouse(world.odoo))
    (row,) = world.odoo.read("stock.location", [location], ["usage", "location_id"])
    (parent,) = world.odoo.read("stock.location", [row["location_id"][0]], ["usage", "name"])
    assert row["usage"] == "internal" and (parent["usage"], parent["name"]) == ("view", "Amazon FBA")


def test_the_next_read_brings_only_what_amazon_changed_since(world):
    producer = world.runtime.fba_inventory_producer("sim-na")
    producer.poll(full=True)
    apply_published(world)
    # Given Amazon's fulfillable quantity of one SKU changes
    sku = sorted(fulfillable(world))[0]
    world.amazon.state.set_fba_quantity(account="sim-na", sku=sku, marketplace=fba_marketplace(world), fulfillable=3)
    # When the stream is read again
    result = producer.poll()
    # Then only that SKU comes (startDateTime), and Odoo follows
    assert not result.full and [e.payload.sku for e in world.published] == [sku]
    apply_published(world)
    assert on_fba_location(world, sku) == 3


def test_a_full_read_comes_again_when_it_is_due(world):
    producer = world.runtime.fba_inventory_producer("sim-na")
    assert producer.poll().full is False
    producer._full_every = timedelta(0)
    assert producer.poll().full and len(world.published) == len(fulfillable(world))


def test_an_older_report_never_overwrites_a_newer_one(world):
    # Given a report applied
    producer = world.runtime.fba_inventory_producer("sim-na")
    producer.poll(full=True)
    newest = next(e for e in world.published)
    world.published.clear()
    sku = newest.payload.sku
    assert world.to_odoo.apply_fba_inventory(newest) == "applied"
    # When an older report of the same SKU arrives late
    older = envelop(FbaInventoryReported(sku=sku, fulfillable_quantity=newest.payload.fulfillable_quantity + 50,
                                         as_of=newest.payload.as_of - timedelta(hours=1)),
                    account="sim-na", marketplace_id=newest.marketplace_id)
    # Then it changes nothing
    assert world.to_odoo.apply_fba_inventory(older) == "superseded"
    assert on_fba_location(world, sku) == newest.payload.fulfillable_quantity


def test_an_unmapped_sku_is_counted_and_shown_never_an_error(world):
    # Given an FBA SKU the offer table does not map
    world.runtime.offer_table._redis.hdel(f"{world.runtime.namespace}:offers:sim-na", "FBA-CANDLE-LAV-200")
    world.runtime.offer_table._cache.clear()
    world.runtime.fba_inventory_producer("sim-na").poll(full=True)
    # When its report is applied
    outcomes = {e.payload.sku: world.to_odoo.apply_fba_inventory(e) for e in world.published}
    # Then it is counted as unmapped, and the others are applied
    assert outcomes.pop("FBA-CANDLE-LAV-200") == "unmapped" and set(outcomes.values()) == {"applied"}
    assert world.to_odoo.fba_mirror.unmapped.by_account() == {"sim-na": ["FBA-CANDLE-LAV-200"]}
    # And once it is mapped, its next report applies and it is no longer listed
    world.runtime.offer_table.set([Offer("sim-na", "FBA-CANDLE-LAV-200", "FBA-CANDLE-LAV-200")])
    world.published.clear()
    world.runtime.fba_inventory_producer("sim-na").poll(full=True)
    candle = next(e for e in world.published if e.payload.sku == "FBA-CANDLE-LAV-200")
    assert world.to_odoo.apply_fba_inventory(candle) == "applied"
    assert world.to_odoo.fba_mirror.unmapped.by_account() == {}


def test_workers_creating_the_fba_location_at_the_same_moment_end_with_one(world):
    # Given eight clients (as many worker threads) that have never seen the FBA location
    import threading

    from amzbus.connectors.odoo import OdooClient

    settings = world.runtime.settings.odoo
    clients = [OdooClient(settings, lambda: "admin") for _ in range(8)]
    found, barrier = [], threading.Barrier(8)

    def ensure(client):
        barrier.wait()
        found.append(ensure_fba_location(client, name="Amazon FBA racing", warehouse=find_warehouse(client)))
    # When they all ask for it at once
    threads = [threading.Thread(target=ensure, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    # Then they all got the same location, and only one exists (under one "Amazon FBA" parent)
    assert len(set(found)) == 1 and len(found) == 8
    assert len(world.odoo.search("stock.location", [("name", "=", "Amazon FBA racing")])) == 1
    assert len(world.odoo.search("stock.location", [("name", "=", "Amazon FBA"), ("usage", "=", "view")])) == 1
    for client in clients:
        client.close()


def test_skus_read_again_after_an_fba_delivery_put_amazons_quantity_back(world):
    from amzbus.bus.stock_state import FbaRereads
    from amzbus.connectors.odoo.stock import set_location_quantity

    # Given the mirror applied, then an FBA order delivered in Odoo after Amazon's report already counted it
    world.runtime.fba_inventory_producer("sim-na").poll(full=True)
    apply_published(world)
    amazon_stock = fulfillable(world)
    sku = sorted(amazon_stock)[0]
    location = ensure_fba_location(world.odoo, name=world.runtime.settings.account("sim-na").fba_location,
                                   warehouse=find_warehouse(world.odoo))
    set_location_quantity(world.odoo, product_id=products_by_code(world.odoo, [sku])[sku], location_id=location,
                          quantity=amazon_stock[sku] - 1)
    # When the order's SKUs are read again, as the reread task does
    rereads = FbaRereads(world.runtime.redis, namespace=world.runtime.namespace)
    rereads.request("sim-na", [sku])
    assert world.runtime.fba_inventory_producer("sim-na").reread(rereads.take("sim-na")) == 1
    # Then the report of the read is applied over the earlier one: Odoo holds Amazon's quantity again
    assert apply_published(world) == ["applied"]
    assert on_fba_location(world, sku) == amazon_stock[sku] and rereads.take("sim-na") == []
