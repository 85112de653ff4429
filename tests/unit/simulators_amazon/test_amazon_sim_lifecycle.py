"""Order lifecycles: FBM PENDING -> UNSHIPPED -> PARTIALLY_SHIPPED/SHIPPED or CANCELLED; FBA PENDING ->
SHIPPED or CANCELLED; lastUpdatedTime moving on every change; stock following the orders."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from amzbus.simulators.amazon.orders_model import Package
from amzbus.simulators.amazon.state import SimulatorState
from amazon_sim_fixtures import state  # noqa: F401 (pytest fixtures)

MANUAL = {"auto_lifecycle": False, "replacement_ratio": 0}


def _order(state: SimulatorState, *, fba: bool, **mix) -> str:
    return state.generate_orders(count=1, account="sim-eu", marketplaces=["DE"],
                                 mix={**MANUAL, "fba_ratio": 1.0 if fba else 0.0, **mix})[0]


def _package(order, reference: str, items) -> Package:
    now = datetime.now().astimezone()
    return Package(reference, "DHL", None, None, f"TRACK{reference}", now, now, tuple(items))


def test_an_fbm_order_goes_from_pending_to_unshipped_to_partially_shipped_to_shipped(state):
    # Given a pending FBM order with two items
    order_id = next(o for o in (_order(state, fba=False, max_items=5) for _ in range(30))
                    if len(state.orders.get(o).items) >= 2)
    order = state.orders.get(order_id)
    seen = [(order.status, order.last_updated)]
    # When it becomes eligible, then its first and second items are confirmed in two packages
    state.make_eligible(order_id)
    seen.append((order.status, order.last_updated))
    first, rest = order.items[0], order.items[1:]
    state.record_shipment(order, _package(order, "1", [(first.order_item_id, first.quantity)]), at=state.clock.now_seconds())
    seen.append((order.status, order.last_updated))
    state.record_shipment(order, _package(order, "2", [(i.order_item_id, i.quantity) for i in rest]), at=state.clock.now_seconds())
    seen.append((order.status, order.last_updated))
    # Then it passed every status, and lastUpdatedTime moved forward each time
    assert [s for s, _ in seen] == ["PENDING", "UNSHIPPED", "PARTIALLY_SHIPPED", "SHIPPED"]
    times = [t for _, t in seen]
    assert all(later > earlier for earlier, later in zip(times, times[1:]))


def test_an_fba_order_goes_from_pending_straight_to_shipped(state):
    # Given a pending FBA order
    order_id = _order(state, fba=True)
    # When Amazon ships it
    summary = state.ship_order(order_id)
    # Then it is shipped, priced, and every unit is fulfilled
    order = state.orders.get(order_id)
    assert summary["status"] == "SHIPPED" and order.priced
    assert all(i.quantity_shipped == i.quantity for i in order.items)


def test_an_fba_order_cannot_be_made_eligible_by_the_merchant(state):
    order_id = _order(state, fba=True)
    with pytest.raises(ValueError, match=f"order {order_id}: cannot make eligible an order fulfilled by Amazon"):
        state.make_eligible(order_id)


def test_a_shipped_order_cannot_be_cancelled(state):
    # Given an FBM order shipped from Seller Central
    order_id = _order(state, fba=False)
    state.make_eligible(order_id)
    state.ship_order(order_id)
    # When it is cancelled, Then the refusal names the order and its status
    with pytest.raises(ValueError, match=f"order {order_id}: cannot cancel an order that is SHIPPED"):
        state.cancel_order(order_id)


def test_cancelled_orders_say_who_cancelled_and_why(state):
    # Given one order cancelled while pending and one after it became eligible
    before, after = _order(state, fba=False), _order(state, fba=False)
    state.cancel_order(before, by="AMAZON", reason="Payment could not be authorized")
    state.make_eligible(after)
    state.cancel_order(after, by="BUYER", reason="Changed my mind")
    # Then the cancellation data tells so; only the second was ever priced
    early, late = state.order_json(before), state.order_json(after)
    assert early["orderItems"][0]["cancellation"] == {
        "cancellationExecution": {"cancelledBy": "AMAZON", "cancelReason": "Payment could not be authorized"}}
    assert late["orderItems"][0]["cancellation"]["cancellationRequest"] == {"requester": "BUYER",
                                                                           "cancelReason": "Changed my mind"}
    assert "proceeds" not in early and "proceeds" in late


def test_planned_changes_happen_when_their_time_comes():
    # Given a simulator running 10 times faster and orders planned to become eligible after 100 Amazon seconds
    state = SimulatorState(seed=3, speed=10)
    ids = state.generate_orders(count=5, mix={"fba_ratio": 0, "cancel_before_eligible_ratio": 0,
                                              "cancel_after_eligible_ratio": 0, "eligible_after_seconds": [100, 100]})
    # When 9 real seconds pass, nothing has changed; after 11, all are unshipped
    state.advance_clock(9)
    assert {state.orders.get(i).status for i in ids} == {"PENDING"}
    state.advance_clock(2)
    assert {state.orders.get(i).status for i in ids} == {"UNSHIPPED"}


def test_a_planned_cancellation_is_skipped_when_the_seller_shipped_first():
    # Given orders planned to be cancelled some time after becoming eligible
    state = SimulatorState(seed=4)
    ids = state.generate_orders(count=3, mix={"fba_ratio": 0, "cancel_before_eligible_ratio": 0,
                                              "cancel_after_eligible_ratio": 1.0, "eligible_after_seconds": [10, 10],
                                              "cancel_after_seconds": [100, 100]})
    state.advance_clock(20)
    # When the seller ships them before the cancellation time
    for order_id in ids:
        state.ship_order(order_id)
    state.advance_clock(200)
    # Then they stay shipped
    assert {state.orders.get(i).status for i in ids} == {"SHIPPED"}


def test_an_fbm_order_takes_stock_off_the_listing_and_a_cancellation_gives_it_back(state):
    # Given the listing quantities before an FBM order
    before = state.listing_quantities("sim-eu")["sim-eu"]
    order_id = _order(state, fba=False)
    order = state.orders.get(order_id)
    item = order.items[0]
    during = state.listing_quantities("sim-eu")["sim-eu"]
    # When the order is cancelled
    state.cancel_order(order_id)
    after = state.listing_quantities("sim-eu")["sim-eu"]
    # Then the ordered units were taken off, then given back
    assert during[item.sku]["DE"]["quantity"] == before[item.sku]["DE"]["quantity"] - item.quantity
    assert after[item.sku]["DE"]["quantity"] == before[item.sku]["DE"]["quantity"]


def test_an_fba_order_reserves_stock_until_amazon_ships_it(state):
    # Given an FBA order
    order_id = _order(state, fba=True, max_items=1)
    item = state.orders.get(order_id).items[0]
    reserved = state.fba_quantities("sim-eu")["sim-eu"][item.sku]["DE"]
    # When Amazon ships it
    state.ship_order(order_id)
    shipped = state.fba_quantities("sim-eu")["sim-eu"][item.sku]["DE"]
    # Then the units were reserved for the customer order, then left the stock
    assert reserved["reserved_customer_orders"] == item.quantity
    assert shipped["reserved_customer_orders"] == 0
    assert shipped["total"] == reserved["total"] - item.quantity


def test_last_updated_time_never_repeats_even_for_changes_in_the_same_second(state):
    # Given an order changed twice within one second
    order_id = _order(state, fba=False)
    created = state.orders.get(order_id).last_updated
    state.make_eligible(order_id)
    state.cancel_order(order_id)
    # Then lastUpdatedTime moved by at least a second each time
    assert state.orders.get(order_id).last_updated >= created + timedelta(seconds=2)
