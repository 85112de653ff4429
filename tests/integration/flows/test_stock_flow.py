"""The FBM stock flow against both simulators: Odoo's free quantity -> Amazon's listing quantity."""

from __future__ import annotations

import dataclasses

import pytest

from amzbus.bus.errors import PermanentError
from amzbus.schemas import StockChanged, envelop
from flows_testing import amazon, odoo_sim, world  # noqa: F401  (fixtures)


def configure(world, **account_options) -> None:
    """Change sim-na's settings (buffer, feed threshold...) for this test."""
    settings = world.runtime.settings
    accounts = tuple(dataclasses.replace(a, **account_options) if a.name == "sim-na" else a for a in settings.accounts)
    world.runtime.settings = dataclasses.replace(settings, accounts=accounts)


def stock_event(sku: str, quantity: int, version: int):
    return envelop(StockChanged(sku=sku, quantity=quantity, version=version), account="sim-na")


def test_a_stock_change_in_odoo_reaches_amazon_as_its_free_quantity_in_every_marketplace(world):
    # Given the first read of the account's stock, pushed: every FBM SKU on Amazon shows Odoo's quantity (none)
    producer, pusher = world.runtime.stock_producer("sim-na"), world.stock_pusher()
    first = producer.poll()
    assert first.full and first.events_published == len(world.fbm_skus())
    world.push_published(pusher)
    assert {world.amazon_quantity(sku) for sku in world.fbm_skus()} == {0}
    # When 17 units of one SKU are counted in Odoo and the stream is polled
    sku = world.fbm_skus()[0]
    world.set_odoo_stock(sku, 17)
    second = producer.poll()
    # Then one event, absolute, with a greater version, and Amazon shows 17 in each of the account's marketplaces
    (event,) = [e.payload for e in world.published]
    assert (event.sku, event.quantity) == (sku, 17) and not second.full and event.version > 1
    assert world.push_published(pusher) == ["pushed"]
    assert {world.amazon_quantity(sku, marketplace=m) for m in ("US", "CA", "MX")} == {17}
    # And a poll with nothing new publishes nothing
    assert producer.poll().events_published == 0


def test_the_buffer_is_kept_back_and_the_quantity_never_goes_below_zero(world):
    # Given an account keeping 3 units back, and two SKUs with 10 and 2 units in Odoo
    configure(world, stock_buffer=3)
    many, few = world.fbm_skus()[:2]
    world.set_odoo_stock(many, 10)
    world.set_odoo_stock(few, 2)
    # When the stock is read
    world.runtime.stock_producer("sim-na").poll()
    # Then Amazon is offered 7 and 0
    quantities = {e.payload.sku: e.payload.quantity for e in world.published}
    assert (quantities[many], quantities[few]) == (7, 0)


def test_units_reserved_for_an_order_are_not_offered(world):
    # Given 5 units of a SKU in Odoo, then an FBM order that reserves some of them
    (order_id,) = world.fbm_orders(1)
    line = world.amazon.state.order_json(order_id)["orderItems"][0]
    sku, ordered = line["product"]["sellerSku"], line["quantityOrdered"]
    producer = world.runtime.stock_producer("sim-na")
    producer.poll()
    world.published.clear()
    world.set_odoo_stock(sku, ordered + 5)
    sale_order = world.sale_order_id(order_id)
    world.odoo.execute("stock.picking", "action_assign",
                       [p["id"] for p in world.odoo.search_read("stock.picking", [("sale_id", "=", sale_order)], [])])
    # When the stock is read
    producer.poll()
    # Then Amazon is offered what is free: 5
    assert {e.payload.sku: e.payload.quantity for e in world.published}[sku] == 5


@pytest.mark.parametrize("arrival", [("old", "new"), ("new", "old")])
def test_an_older_quantity_never_overwrites_a_newer_one_whatever_the_order_of_arrival(world, arrival):
    # Given two reads of one SKU: version 5 says 4 units, version 9 says 11
    sku = world.fbm_skus()[1]
    events = {"old": stock_event(sku, 4, 5), "new": stock_event(sku, 11, 9)}
    pusher = world.stock_pusher()
    # When they arrive in either order
    outcomes = [pusher.push_stock(events[name]) for name in arrival]
    # Then Amazon shows the newer quantity, and the older one was pushed only if it came first
    assert world.amazon_quantity(sku) == 11
    assert outcomes == (["pushed", "pushed"] if arrival == ("old", "new") else ["pushed", "superseded"])


def test_many_skus_go_in_one_feed_and_a_refused_sku_is_dead_lettered_alone_with_amazons_issue(world):
    # Given an account whose threshold is 3 SKUs, and changes of 4 SKUs, one of which Amazon does not know
    configure(world, stock_feed_threshold=3)
    skus = world.fbm_skus()[:3]
    pusher = world.stock_pusher()
    for number, sku in enumerate([*skus, "NOT-ON-AMAZON"], start=1):
        pusher.stock.ledger.want("sim-na", sku, 100, number * 10)
    # When one of them is pushed
    assert pusher.push_stock(stock_event(skus[0], 10, 100)) == "superseded"
    assert pusher.flush_stock("sim-na") == "pushed"
    # Then one feed carried them all, the known SKUs show their quantity, the unknown one alone is refused
    feeds = world.amazon.state.feeds_summary()
    assert len(feeds) == 1 and feeds[0]["feedType"] == "JSON_LISTINGS_FEED"
    assert [world.amazon_quantity(sku) for sku in skus] == [10, 20, 30]
    ((account, sku, version, quantity, issue),) = world.refused
    assert (account, sku, version, quantity) == ("sim-na", "NOT-ON-AMAZON", 100, 40) and issue
    assert pusher.stock.ledger.pending("sim-na") == {}
    # And its dead letter carries Amazon's issue text; a replay pushes it again (refused again: a new dead letter)
    with pytest.raises(PermanentError) as dead:
        pusher.stock_sku_refused(account, sku, version, quantity, issue, replayed=False)
    assert issue in dead.value.message and "NOT-ON-AMAZON" in dead.value.message
    assert pusher.stock_sku_refused(account, sku, version, quantity, issue, replayed=True) == "pushed"
    assert len(world.refused) == 2


def test_a_replayed_refusal_is_dropped_when_a_newer_quantity_came_meanwhile(world):
    # Given a SKU refused at version 3, then a newer quantity (version 4) applied
    sku = world.fbm_skus()[2]
    pusher = world.stock_pusher()
    pusher.stock.ledger.want("sim-na", sku, 3, 1)
    pusher.stock.ledger.settle("sim-na", sku, 3)
    assert pusher.push_stock(stock_event(sku, 8, 4)) == "pushed"
    # When the old refusal is replayed, Then nothing is pushed and Amazon keeps the newer quantity
    assert pusher.stock_sku_refused("sim-na", sku, 3, 1, "an issue", replayed=True) == "superseded"
    assert world.amazon_quantity(sku) == 8


def test_the_reconciliation_publishes_every_mapped_sku_even_unchanged(world):
    producer = world.runtime.stock_producer("sim-na")
    producer.poll()
    world.published.clear()
    # When the daily reconciliation runs with nothing changed
    result = producer.reconcile()
    # Then every FBM SKU is published again, none of the FBA ones
    assert result.full and sorted(e.payload.sku for e in world.published) == world.fbm_skus()
