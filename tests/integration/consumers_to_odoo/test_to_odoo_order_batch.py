"""OrderPlaced events applied as a batch (``consumers.order_batch``) against the Odoo simulator over HTTP: the same
sale orders as one by one, in a few calls for all of them, and each order's own outcome."""

from __future__ import annotations

import threading
from dataclasses import replace
from typing import Any, Callable

import pytest

from amzbus.bus.errors import PermanentError, RetryableError
from amzbus.consumers.order_batch import OrderBatch
from amzbus.consumers.to_odoo import Outcome
from amzbus.schemas import Buyer
from amzbus.simulators.odoo.exceptions import ValidationError
from amzbus.simulators.odoo.models.sale_order import SaleOrder
from test_to_odoo_on_the_bus import bus_world, drain  # noqa: F401  (fixture)
from to_odoo_testing import item, order_id, placed, simulator, world  # noqa: F401  (fixtures)

BATCH = 10


def buyers(count: int) -> list[Buyer]:
    return [Buyer(name=f"Buyer {n}", email=f"{order_id()}@marketplace.amazon.com") for n in range(count)]


def orders_of(customers: list[Buyer], *, fba_every: int = 2) -> list:
    """One order per customer; every ``fba_every``-th one FBA (delivered at once), the others FBM."""
    return [placed(item("MUG-RED", quantity=1 + n % 3, price="12.00", tax="0.99", shipping="4.99"),
                   item("TEA-GREEN", price="19.99", promotion="2.00"), total="35.97", buyer=buyer,
                   channel="FBA" if n % fba_every == 0 else "FBM", status="SHIPPED" if n % fba_every == 0 else "UNSHIPPED")
            for n, buyer in enumerate(customers)]


def odoo_refuses(monkeypatch, amazon_order_id: str) -> None:
    """The simulated Odoo refuses to create that order's sale order (as a credit-limit rule would)."""
    original = SaleOrder.after_create

    def refuse(self, record_id, vals):
        original(self, record_id, vals)
        if self.table[record_id].get("client_order_ref") == amazon_order_id:
            raise ValidationError(f"Order {amazon_order_id} is blocked by a credit limit")
    monkeypatch.setattr(SaleOrder, "after_create", refuse)


def at_once(first: Callable[[], Any], second: Callable[[], Any], *, first_is_there: threading.Event) -> dict:
    """Two applications by one worker at the same time, on threads named "first-batch" and "second-batch"; the
    second starts once the first is where the test holds it (``first_is_there``). Their results by name."""
    results = {}
    one = threading.Thread(target=lambda: results.update(first=first()), name="first-batch")
    one.start()
    assert first_is_there.wait(30)
    two = threading.Thread(target=lambda: results.update(second=second()), name="second-batch")
    two.start()
    one.join(30), two.join(30)
    return results


def calls_to_apply(world, simulator, envelopes) -> int:
    simulator.state.calls.reset()
    results = OrderBatch(world.handlers).apply(envelopes)
    assert results == [Outcome.CREATED] * len(envelopes)
    return sum(row["count"] for row in simulator.state.calls.snapshot())


@pytest.fixture
def warm(world):
    """Odoo's reference data (pricelist, team, FBA location, products) already looked up by an earlier batch."""
    assert OrderBatch(world.handlers).apply(orders_of(buyers(2))) == [Outcome.CREATED] * 2
    return world


def test_a_batch_of_known_customers_costs_at_most_four_odoo_calls_per_order_fba_deliveries_included(warm, simulator):
    # Given customers who already bought once
    customers = buyers(BATCH)
    assert OrderBatch(warm.handlers).apply(orders_of(customers)) == [Outcome.CREATED] * BATCH
    # When their next orders (half FBA, delivered at once) arrive as one batch
    envelopes = orders_of(customers)
    calls = calls_to_apply(warm, simulator, envelopes)
    # Then at most 4 Odoo calls per order, and every order is confirmed with Amazon's total, FBA ones delivered
    assert calls / BATCH <= 4, f"{calls} Odoo calls for {BATCH} orders"
    for n, envelope in enumerate(envelopes):
        order = warm.the_sale_order(envelope.payload.order_id)
        assert (order["state"], order["amount_total"]) == ("sale", 35.97)
        assert order["delivery_status"] == ("full" if n % 2 == 0 else "pending")


def test_a_batch_of_new_customers_costs_at_most_six_odoo_calls_per_order(warm, simulator):
    # Given orders of customers Odoo has never seen, half of them FBA
    envelopes = orders_of(buyers(BATCH))
    # When they are applied as one batch
    calls = calls_to_apply(warm, simulator, envelopes)
    # Then at most 6 calls per order, and each order has its own new customer with a delivery address
    assert calls / BATCH <= 6, f"{calls} Odoo calls for {BATCH} orders"
    partners = {warm.the_sale_order(envelope.payload.order_id)["partner_id"][0] for envelope in envelopes}
    assert len(partners) == BATCH


def test_a_batch_keeps_amazons_purchase_date_on_every_order(world):
    # Given two orders placed at different times
    first, second = orders_of(buyers(2))
    second = replace(second, payload=replace(second.payload, purchase_date=first.payload.purchase_date.replace(year=2025)))
    # When they are applied as one batch
    OrderBatch(world.handlers).apply([first, second])
    # Then each sale order is dated by its own purchase date, not by the confirmation
    for envelope in (first, second):
        (row,) = world.records("sale.order", [("client_order_ref", "=", envelope.payload.order_id)], ["date_order"])
        assert str(row["date_order"])[:19] == envelope.payload.purchase_date.strftime("%Y-%m-%d %H:%M:%S")


def test_one_order_odoo_refuses_fails_alone_with_odoos_message_and_the_others_are_applied(world, monkeypatch):
    # Given an Odoo that refuses one of the batch's orders
    envelopes = orders_of(buyers(4))
    refused = envelopes[2].payload.order_id
    odoo_refuses(monkeypatch, refused)
    # When the batch is applied
    results = OrderBatch(world.handlers).apply(envelopes)
    # Then the refused order's result is a PermanentError carrying Odoo's message, and only that order is missing
    assert isinstance(results[2], PermanentError)
    assert f"Order {refused} is blocked by a credit limit" in str(results[2])
    assert results[:2] + results[3:] == [Outcome.CREATED] * 3
    assert world.sale_orders(refused) == []
    for envelope in envelopes[:2] + envelopes[3:]:
        assert world.the_sale_order(envelope.payload.order_id)["state"] == "sale"


def test_orders_already_in_odoo_and_copies_within_the_batch_are_applied_once(world):
    # Given an order already applied, and a batch holding it, a new order twice, and another new order
    done, new, other = orders_of(buyers(3))
    assert world.handlers.apply_order_placed(done) is Outcome.CREATED
    # When the batch is applied
    results = OrderBatch(world.handlers).apply([done, new, new, other])
    # Then nothing is created twice: each copy after the first is "already applied"
    assert results == [Outcome.ALREADY_APPLIED, Outcome.CREATED, Outcome.ALREADY_APPLIED, Outcome.CREATED]
    for envelope in (done, new, other):
        world.the_sale_order(envelope.payload.order_id)


@pytest.mark.parametrize("second_as", ["batch", "single order"])
def test_a_batch_and_another_import_at_once_with_the_same_new_customer_create_that_customer_once(
        world, monkeypatch, second_as):
    # Given two orders of one customer Odoo has never seen, applied at the same time by one worker: the first in a
    # batch, the second in another batch or on its own (as a batch's fallback does); the first's creation of the
    # customer waits up to a second for the second to look for that customer (without the worker's turns for
    # customers, it would look before the customer exists)
    first, second = orders_of([buyers(1)[0]] * 2, fba_every=3)
    batches, client = OrderBatch(world.handlers), world.handlers.odoo
    second_searched, first_creating = threading.Event(), threading.Event()
    create, search_read = client.create, client.search_read

    def creating(model, vals_list, **options):
        if model == "res.partner" and threading.current_thread().name == "first-batch":
            first_creating.set()
            second_searched.wait(1.0)
        return create(model, vals_list, **options)

    def searching(model, domain, fields, **options):
        if model == "res.partner" and threading.current_thread().name == "second-batch":
            second_searched.set()
        return search_read(model, domain, fields, **options)

    monkeypatch.setattr(client, "create", creating)
    monkeypatch.setattr(client, "search_read", searching)
    apply_second = (lambda: batches.apply([second])) if second_as == "batch" \
        else (lambda: [world.handlers.apply_order_placed(second)])
    # When both run, the second while the first is held there
    results = at_once(lambda: batches.apply([first]), apply_second, first_is_there=first_creating)
    # Then both orders are created, for one and the same customer
    assert results == {"first": [Outcome.CREATED], "second": [Outcome.CREATED]}
    assert world.the_sale_order(first.payload.order_id)["partner_id"] == \
        world.the_sale_order(second.payload.order_id)["partner_id"]


@pytest.mark.parametrize("second_as", ["batch", "single order"])
@pytest.mark.parametrize("held_call", ["action_confirm", "button_validate"])
def test_a_batch_and_another_import_at_once_confirm_in_turn_and_deliver_in_turn(world, monkeypatch, held_call,
                                                                                second_as):
    # Given two FBA orders (delivered at once) applied at the same time by one worker: the first in a batch, the
    # second in another batch or on its own; the first batch's confirmation, or its delivery's validation, waits
    # up to a second for the second's to start (without the worker's turns for confirmations and deliveries,
    # it would start meanwhile)
    first, second = orders_of(buyers(2), fba_every=1)
    batches, client = OrderBatch(world.handlers), world.handlers.odoo
    second_there, first_held = threading.Event(), threading.Event()
    calls, execute = [], client.execute

    def executing(model, method, *args, **options):
        if method != held_call:
            return execute(model, method, *args, **options)
        name = threading.current_thread().name
        calls.append(f"{name} starts")
        (first_held if name == "first-batch" else second_there).set()
        if name == "first-batch":
            second_there.wait(1.0)
        result = execute(model, method, *args, **options)
        calls.append(f"{name} ends")
        return result

    monkeypatch.setattr(client, "execute", executing)
    apply_second = (lambda: batches.apply([second])) if second_as == "batch" \
        else (lambda: [world.handlers.apply_order_placed(second)])
    # When both run, the second while the first is held there
    results = at_once(lambda: batches.apply([first]), apply_second, first_is_there=first_held)
    # Then both are applied, and the second's call started once the first one's had ended
    assert results == {"first": [Outcome.CREATED], "second": [Outcome.CREATED]}
    assert calls == ["first-batch starts", "first-batch ends", "second-batch starts", "second-batch ends"]


def test_an_order_held_by_another_worker_is_retried_later_and_the_rest_of_the_batch_applied(world):
    # Given another worker holding one order's lock
    held, free = orders_of(buyers(2))
    other = world.runtime.locks.lock(held.key, timeout=10)
    assert other.acquire(blocking=False)
    try:
        # When the batch is applied
        results = OrderBatch(world.handlers).apply([held, free])
    finally:
        other.release()
    # Then the held order is retried later (nothing created for it), the other one is applied
    assert isinstance(results[0], RetryableError) and results[1] is Outcome.CREATED
    assert world.sale_orders(held.payload.order_id) == []


def test_an_fba_delivery_odoo_refuses_in_the_batch_fails_alone(world, simulator):
    # Given a batch of FBA orders, and an Odoo whose first (batched) validation fails
    envelopes = orders_of(buyers(3), fba_every=1)
    simulator.state.faults.add(kind="validation_error", target="stock.picking", method="button_validate", times=1)
    # When the batch is applied
    results = OrderBatch(world.handlers).apply(envelopes)
    # Then each order was delivered on its own after the batched validation failed
    assert results == [Outcome.CREATED] * 3
    for envelope in envelopes:
        assert world.the_sale_order(envelope.payload.order_id)["delivery_status"] == "full"


def test_on_the_bus_a_refused_order_among_many_is_the_only_dead_letter_with_odoos_message(bus_world, monkeypatch):
    # Given six orders published, one of which Odoo refuses, and a worker with four threads sharing batches
    envelopes = orders_of(buyers(6))
    refused = envelopes[3].payload.order_id
    odoo_refuses(monkeypatch, refused)
    bus = bus_world.runtime.bus
    for envelope in envelopes:
        bus.publish(envelope)
    # When the worker drains the queue
    drain(bus, threads=4)
    # Then the refused order alone is dead-lettered (its message carries Odoo's: see the OrderBatch test above);
    # every other one is confirmed, once
    (dead,) = bus.broker.dead_letters
    assert dead.args[0]["payload"]["order_id"] == refused
    for envelope in envelopes[:3] + envelopes[4:]:
        assert bus_world.the_sale_order(envelope.payload.order_id)["state"] == "sale"


def test_a_batch_of_both_accounts_gives_each_order_its_accounts_team_currency_and_fba_location(world):
    # Given FBA orders of the US and the German account in one batch
    us = placed(item("MUG-RED", price="10.00"), total="10.00", channel="FBA", status="SHIPPED")
    de = placed(item("MUG-BLUE", price="8.00", currency="EUR"), total="8.00", account="eu-main", channel="FBA",
                status="SHIPPED")
    # When the batch is applied
    assert OrderBatch(world.handlers).apply([us, de]) == [Outcome.CREATED] * 2
    # Then each order is in its account's team and currency, delivered from its account's FBA location
    for envelope, team, currency, location in ((us, "Amazon North America", "USD", "Amazon FBA US"),
                                               (de, "Amazon Europe", "EUR", "Amazon FBA DE")):
        order = world.the_sale_order(envelope.payload.order_id)
        assert (order["team_id"][1], order["currency_id"][1], order["delivery_status"]) == (team, currency, "full")
        (picking,) = world.pickings(order["id"])
        assert picking["state"] == "done" and picking["location_id"][1].endswith(location)


def test_the_gift_messages_of_a_batch_reach_each_fbm_delivery_once(world):
    # Given two FBM gift orders with different messages, and one without
    first = placed(item("MUG-RED", price="10.00", gift_message="Happy birthday!"), total="10.00")
    second = placed(item("MUG-BLUE", price="8.00", gift_message="Congratulations"), total="8.00")
    plain = placed(item("TEA-GREEN", price="5.00"), total="5.00")
    # When the batch is applied, and then again (a redelivery)
    assert OrderBatch(world.handlers).apply([first, second, plain]) == [Outcome.CREATED] * 3
    OrderBatch(world.handlers).apply([first, second, plain])
    # Then each delivery carries its own message, once, and the plain one none
    for envelope, message in ((first, "Happy birthday!"), (second, "Congratulations")):
        (picking,) = world.pickings(world.the_sale_order(envelope.payload.order_id)["id"])
        assert picking["note"].count(message) == 1 and picking["state"] != "done"
    (picking,) = world.pickings(world.the_sale_order(plain.payload.order_id)["id"])
    assert not picking["note"]


def test_a_replacement_in_a_batch_names_and_links_the_order_it_replaces(world):
    # Given an order in Odoo, and a batch holding Amazon's free replacement of it and another order
    original, other = orders_of(buyers(2))
    world.handlers.apply_order_placed(original)
    replacement = placed(item("MUG-RED", price="0.00"), total="0.00", is_replacement=True,
                         replaced_order_id=original.payload.order_id)
    # When the batch is applied
    assert OrderBatch(world.handlers).apply([replacement, other]) == [Outcome.CREATED] * 2
    # Then the replacement's sale order names the original, and the original's chatter links to it
    first, free = world.the_sale_order(original.payload.order_id), world.the_sale_order(replacement.payload.order_id)
    notes = [line["name"] for line in world.lines(free["id"]) if line["display_type"] == "line_note"]
    assert notes == [f"Free replacement of Amazon order {original.payload.order_id} (its sale order is {first['name']})"]
    assert any(f'data-oe-id="{free["id"]}"' in body for body in world.messages("sale.order", first["id"]))
