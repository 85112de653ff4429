"""Generated orders: reproducible from the seed, a realistic mix, and totals that add up to the cent."""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime, timezone
from decimal import Decimal

import pytest

from amzbus.simulators.amazon.clock import SimClock
from amzbus.simulators.amazon.orders_view import INCLUDED_DATA
from amzbus.simulators.amazon.state import SimulatorState
from amazon_sim_fixtures import state  # noqa: F401 (pytest fixtures)

START = datetime(2026, 3, 1, 12, 0, 0, tzinfo=timezone.utc)
EVERYTHING = frozenset(INCLUDED_DATA)


def _state(seed: int) -> SimulatorState:
    return SimulatorState(seed=seed, clock=SimClock(source=lambda: START))


def _rendered(state: SimulatorState, order_ids: list[str]) -> list[dict]:
    return [state.order_json(order_id) for order_id in order_ids]


def _all_priced(state: SimulatorState, count: int, **mix) -> list[dict]:
    ids = state.generate_orders(count=count, mix={"auto_lifecycle": False, **mix})
    for order_id in ids:
        if state.orders.get(order_id).is_fba:
            state.ship_order(order_id)
        else:
            state.make_eligible(order_id)
    return _rendered(state, ids)


def test_the_same_seed_generates_the_same_orders():
    # Given two simulators with the same seed and the same clock
    first, second = _state(42), _state(42)
    # When each generates 40 orders
    orders_a = _rendered(first, first.generate_orders(count=40))
    orders_b = _rendered(second, second.generate_orders(count=40))
    # Then the orders are identical, field for field
    assert orders_a == orders_b


def test_a_different_seed_generates_different_orders():
    # Given two simulators with different seeds
    first, second = _state(1), _state(2)
    # When each generates orders
    ids_a, ids_b = first.generate_orders(count=10), second.generate_orders(count=10)
    # Then the orders and the seller accounts differ
    assert ids_a != ids_b
    assert first.accounts.find("NA").seller_id != second.accounts.find("NA").seller_id


def test_two_generations_on_one_simulator_give_new_orders():
    # Given one simulator
    state = _state(3)
    # When it generates twice without an explicit seed
    first, second = state.generate_orders(count=10), state.generate_orders(count=10)
    # Then no order id repeats
    assert len(set(first) | set(second)) == 20


def test_order_totals_add_up_to_the_cent():
    # Given many priced orders with gifts, promotions and shipping charges
    orders = _all_priced(_state(5), 150, gift_ratio=0.5, promotion_ratio=0.5, prime_ratio=0.2)
    for order in orders:
        proceeds = order["proceeds"]
        item_totals = [_amount(i["proceeds"]["proceedsTotal"]) for i in order["orderItems"]]
        # Then the grand total is the sum of the item totals and of the order's breakdowns
        assert _amount(proceeds["grandTotal"]) == sum(item_totals) == sum(_amount(b["subtotal"]) for b in proceeds["breakdowns"])
        for item in order["orderItems"]:
            _assert_item_adds_up(order, item)


def _assert_item_adds_up(order: dict, item: dict) -> None:
    breakdowns = {b["type"]: b for b in item["proceeds"]["breakdowns"]}
    unit = _amount(item["product"]["price"]["unitPrice"])
    # the item line is unit price x quantity, the total is the sum of the breakdowns
    assert _amount(breakdowns["ITEM"]["subtotal"]) == unit * item["quantityOrdered"]
    assert _amount(item["proceeds"]["proceedsTotal"]) == sum(_amount(b["subtotal"]) for b in breakdowns.values())
    for kind in ("TAX", "DISCOUNT"):
        if kind in breakdowns:
            details = breakdowns[kind]["detailedBreakdowns"]
            assert _amount(breakdowns[kind]["subtotal"]) == sum(_amount(d["value"]) for d in details)
    assert "DISCOUNT" not in breakdowns or _amount(breakdowns["DISCOUNT"]["subtotal"]) < 0
    tax_included = order["salesChannel"]["marketplaceId"] not in ("ATVPDKIKX0DER", "A2EUQ1WTGCTBG2", "A1AM78C64UM0Y8")
    assert not (tax_included and "TAX" in breakdowns)
    currencies = {m["currencyCode"] for b in breakdowns.values() for m in [b["subtotal"]]}
    assert len(currencies) == 1


def test_the_mix_contains_every_kind_of_order_the_bus_must_handle():
    # Given 400 orders of the default mix, whose planned lifecycle has all happened
    state = SimulatorState(seed=11)
    ids = state.generate_orders(count=400)
    state.advance_clock(10_000)
    orders = _rendered(state, ids)
    internal = [state.orders.get(i) for i in ids]
    # Then every case is present
    items = [item for o in orders for item in o["orderItems"]]
    gift_options = [i["fulfillment"].get("packing", {}).get("giftOption", {}) for i in items]
    assert {o["fulfillment"]["fulfilledBy"] for o in orders} == {"AMAZON", "MERCHANT"}
    assert Counter(len(o["orderItems"]) for o in orders).keys() >= {1, 2, 3}
    assert any(i["quantityOrdered"] > 1 for i in items)
    assert any(g.get("giftMessage") for g in gift_options) and any(g.get("giftWrapLevel") for g in gift_options)
    assert any("promotion" in i for i in items)
    assert any("AMAZON_BUSINESS" in o["programs"] and o["buyer"].get("buyerCompanyName") for o in orders)
    assert any(o.get("associatedOrders") for o in orders)
    assert {o.marketplace.currency for o in internal} == {"USD", "CAD", "MXN", "EUR", "GBP"}
    assert any(_non_latin(o.address.name or "") for o in internal)
    cancelled = [o for o in internal if o.status == "CANCELLED"]
    assert any(not o.priced for o in cancelled) and any(o.priced for o in cancelled)


def test_replacement_orders_point_to_their_original_and_cost_nothing():
    # Given orders where every later order is a replacement
    state = _state(8)
    state.generate_orders(count=5, mix={"replacement_ratio": 0})
    orders = _all_priced(state, 5, replacement_ratio=1.0)
    # Then each names an earlier order and its total is zero
    for order in orders:
        original = order["associatedOrders"][0]
        assert original["associationType"] == "REPLACEMENT_ORIGINAL_ID"
        assert state.orders.get(original["orderId"]) is not None
        assert _amount(order["proceeds"]["grandTotal"]) == 0


def test_north_american_orders_carry_no_buyer_name_and_fba_orders_no_email():
    # Given priced orders of the North American seller
    orders = _all_priced(_state(9), 60, fba_ratio=0.5)
    na = [o for o in orders if o["salesChannel"]["marketplaceId"] in ("ATVPDKIKX0DER", "A2EUQ1WTGCTBG2", "A1AM78C64UM0Y8")]
    # Then no buyer name there, no e-mail for FBA, and FBA addresses without name or street
    assert na and all("buyerName" not in o.get("buyer", {}) for o in na)
    for order in orders:
        if order["fulfillment"]["fulfilledBy"] == "AMAZON":
            assert "buyerEmail" not in order.get("buyer", {})
            assert set(order["recipient"]["deliveryAddress"]) <= {"city", "stateOrRegion", "postalCode", "countryCode"}
        else:
            assert order["buyer"]["buyerEmail"].endswith(tuple(".com .ca .com.mx .de .es .fr .co.uk .it .nl".split()))


def test_pending_orders_show_no_prices_no_address_and_no_email():
    # Given orders that are still pending
    state = _state(10)
    orders = _rendered(state, state.generate_orders(count=30, mix={"auto_lifecycle": False}))
    # Then Amazon's pending rules hold
    for order in orders:
        assert order["fulfillment"]["fulfillmentStatus"] == "PENDING"
        assert "proceeds" not in order and "recipient" not in order
        assert "buyerEmail" not in order.get("buyer", {})
        assert all("price" not in item["product"] and "proceeds" not in item for item in order["orderItems"])


def test_order_and_item_ids_have_amazons_formats():
    # Given generated orders
    state = _state(12)
    orders = _rendered(state, state.generate_orders(count=50))
    # Then ids are 3-7-7 digits and item ids 14 digits
    assert all(re.fullmatch(r"\d{3}-\d{7}-\d{7}", o["orderId"]) for o in orders)
    assert all(re.fullmatch(r"\d{14}", i["orderItemId"]) for o in orders for i in o["orderItems"])


def _amount(money: dict) -> Decimal:
    assert re.fullmatch(r"-?\d+\.\d{2}", money["amount"]), money
    return Decimal(money["amount"])


def _non_latin(text: str) -> bool:
    return any(ord(ch) > 0x24F and ch.isalpha() for ch in text)


def test_an_invalid_mix_is_refused_naming_the_setting():
    state = _state(13)
    for mix, message in (({"gift_ratio": 1.5}, "mix.gift_ratio: must be between 0 and 1"),
                         ({"max_items": 2.5}, "max_items must be 1..5"),
                         ({"eligible_after_seconds": "soon"}, "must be [low, high] pairs"),
                         ({"cancel_before_eligible_ratio": 0.6, "cancel_after_eligible_ratio": 0.6}, "must not exceed 1")):
        with pytest.raises(ValueError) as refused:
            state.generate_orders(count=1, mix=mix)
        assert message in str(refused.value)
