"""searchOrders rules: the 2-minute rule, the filter families, pagination with repeated parameters."""

from __future__ import annotations

from datetime import datetime, timedelta

from amzbus.simulators.amazon.clock import iso
from amzbus.simulators.amazon.search_params import TWO_MINUTE_MESSAGE
from amzbus.simulators.amazon.state import SimulatorState
from amazon_sim_fixtures import state, sim, sim_eu, sim_factory  # noqa: F401 (pytest fixtures)

SEARCH = "/orders/2026-01-01/orders"
SINCE = "2020-01-01T00:00:00Z"


def _search(sim, **query):
    return sim.call("GET", SEARCH, query_string={"lastUpdatedAfter": SINCE, **query})


def _ids(response) -> list[str]:
    return [o["orderId"] for o in response.json["orders"]]


def test_an_upper_bound_later_than_two_minutes_ago_is_refused_with_amazons_message(state, sim):
    # When lastUpdatedBefore is one minute ago
    response = _search(sim, lastUpdatedBefore=iso(state.clock.now() - timedelta(minutes=1)))
    # Then Amazon's 400 comes back
    assert response.status_code == 400
    assert response.json["errors"][0] == {"code": "InvalidInput", "message": TWO_MINUTE_MESSAGE, "details": ""}


def test_an_upper_bound_three_minutes_ago_is_accepted_and_echoed(state, sim):
    bound = iso(state.clock.now() - timedelta(minutes=3))
    response = _search(sim, lastUpdatedBefore=bound)
    assert response.status_code == 200 and response.json["lastUpdatedBefore"] == bound


def test_a_created_before_later_than_two_minutes_ago_is_refused_too(state, sim):
    response = sim.call("GET", SEARCH, query_string={"createdAfter": SINCE,
                                                     "createdBefore": iso(state.clock.now())})
    assert response.status_code == 400 and "at least 2 minutes before current time" in response.json["errors"][0]["message"]


def test_orders_changed_in_the_last_two_minutes_are_not_returned_yet(state, sim):
    # Given orders placed just now
    ids = state.generate_orders(count=3, account="sim-na", mix={"auto_lifecycle": False})
    # When searched now, and again three minutes later
    now_response = _search(sim)
    state.advance_clock(180)
    later = _search(sim)
    # Then they only appear once they are two minutes old; the bound returned is now - 2 minutes
    assert _ids(now_response) == []
    assert sorted(_ids(later)) == sorted(ids)
    bound = datetime.fromisoformat(later.json["lastUpdatedBefore"].replace("Z", "+00:00"))
    assert abs((state.clock.now() - timedelta(minutes=2) - bound).total_seconds()) < 2


def test_the_two_minute_rule_is_compressed_by_the_speed(sim_factory):
    # Given a simulator 60 times faster: Amazon's 2 minutes last 2 real seconds
    state = SimulatorState(seed=2, speed=60)
    sim = sim_factory(state)
    state.generate_orders(count=2, account="sim-na", mix={"auto_lifecycle": False})
    state.advance_clock(3)
    # When searching with an upper bound 3 seconds ago
    response = _search(sim, lastUpdatedBefore=iso(state.clock.now() - timedelta(seconds=3)))
    # Then the bound is accepted and the orders are there
    assert response.status_code == 200 and len(response.json["orders"]) == 2


def test_created_and_last_updated_filters_cannot_be_mixed_and_one_is_required(sim):
    mixed = sim.call("GET", SEARCH, query_string={"createdAfter": SINCE, "lastUpdatedBefore": SINCE})
    neither = sim.call("GET", SEARCH, query_string={"marketplaceIds": "ATVPDKIKX0DER"})
    assert "lastUpdatedBefore cannot be combined with createdAfter" in mixed.json["errors"][0]["message"]
    assert "Exactly one of createdAfter and lastUpdatedAfter" in neither.json["errors"][0]["message"]


def test_a_marketplace_the_seller_does_not_sell_in_is_refused(sim):
    response = _search(sim, marketplaceIds="A1PA6795UKMFR9")
    assert response.status_code == 400 and "A1PA6795UKMFR9" in response.json["errors"][0]["message"]


def test_unknown_query_parameters_added_by_the_client_library_are_ignored(state, sim):
    state.generate_orders(count=2, account="sim-na", marketplaces=["US"], mix={"auto_lifecycle": False})
    state.advance_clock(200)
    response = _search(sim, MarketplaceId="ATVPDKIKX0DER", marketplace_ids="ATVPDKIKX0DER",
                       MarketplaceIds="ATVPDKIKX0DER", marketplaceIds="ATVPDKIKX0DER")
    assert response.status_code == 200 and len(response.json["orders"]) == 2


def test_pages_return_every_order_exactly_once_and_a_page_can_be_fetched_again(state, sim):
    # Given 25 orders
    ids = state.generate_orders(count=25, account="sim-na", mix={"auto_lifecycle": False})
    state.advance_clock(200)
    # When paging by 10, and fetching the second page twice
    seen, token, second_page = [], None, None
    while True:
        response = _search(sim, maxResultsPerPage="10", **({"paginationToken": token} if token else {}))
        if token and second_page is None:
            second_page = (token, _ids(response))
        seen += _ids(response)
        token = response.json.get("pagination", {}).get("nextToken")
        if not token:
            break
    again = _search(sim, maxResultsPerPage="10", paginationToken=second_page[0])
    # Then all 25 came once, in order of lastUpdatedTime, and the page could be retried
    assert sorted(seen) == sorted(ids) and len(seen) == 25
    assert _ids(again) == second_page[1]


def test_a_next_page_with_different_parameters_is_refused(state, sim):
    # Given a first page
    state.generate_orders(count=4, account="sim-na", mix={"auto_lifecycle": False})
    state.advance_clock(200)
    first = _search(sim, maxResultsPerPage="2")
    token = first.json["pagination"]["nextToken"]
    # When the next page changes a filter (but a different page size is fine)
    changed = _search(sim, maxResultsPerPage="2", paginationToken=token, fulfillmentStatuses="PENDING")
    resized = _search(sim, maxResultsPerPage="3", paginationToken=token)
    # Then only the changed filter is refused
    assert changed.status_code == 400 and "must match the original request" in changed.json["errors"][0]["message"]
    assert resized.status_code == 200


def test_a_repeated_page_fault_serves_the_previous_page_again_without_losing_orders(state, sim):
    # Given 6 orders, and the second page will repeat the first
    ids = state.generate_orders(count=6, account="sim-na", mix={"auto_lifecycle": False})
    state.advance_clock(200)
    first = _search(sim, maxResultsPerPage="3")
    state.set_fault("searchOrders", {"repeat_page_ratio": 1.0, "remaining": 1})
    repeated = _search(sim, maxResultsPerPage="3", paginationToken=first.json["pagination"]["nextToken"])
    last = _search(sim, maxResultsPerPage="3", paginationToken=repeated.json["pagination"]["nextToken"])
    # Then page 2 repeats page 1, and page 3 brings the rest
    assert _ids(repeated) == _ids(first)
    assert sorted(_ids(first) + _ids(last)) == sorted(ids) and "pagination" not in last.json


def test_filters_by_status_and_fulfilment_channel(state, sim):
    # Given FBA and FBM orders, some eligible
    ids = state.generate_orders(count=20, account="sim-na", mix={"auto_lifecycle": False, "fba_ratio": 0.5})
    for order_id in ids[:10]:
        if not state.orders.get(order_id).is_fba:
            state.make_eligible(order_id)
    state.advance_clock(200)
    # When filtering on UNSHIPPED orders fulfilled by the merchant
    response = _search(sim, fulfillmentStatuses="UNSHIPPED", fulfilledBy="MERCHANT", includedData="FULFILLMENT")
    # Then exactly those come back
    expected = {i for i in ids[:10] if not state.orders.get(i).is_fba}
    assert set(_ids(response)) == expected
    assert {o["fulfillment"]["fulfillmentStatus"] for o in response.json["orders"]} == {"UNSHIPPED"}


def test_created_after_selects_on_creation_time_not_on_updates(state, sim):
    # Given an old order updated recently and a search on creation time after it was created
    old = state.generate_orders(count=1, account="sim-na", mix={"auto_lifecycle": False})[0]
    state.advance_clock(600)
    cutoff = iso(state.clock.now())
    state.advance_clock(300)
    if not state.orders.get(old).is_fba:
        state.make_eligible(old)
    else:
        state.ship_order(old)
    state.advance_clock(300)
    # When searching by createdAfter the cutoff and by lastUpdatedAfter the cutoff
    by_creation = sim.call("GET", SEARCH, query_string={"createdAfter": cutoff})
    by_update = _search(sim, lastUpdatedAfter=cutoff)
    # Then only the update search finds it, and the answer names createdBefore
    assert old not in _ids(by_creation) and "createdBefore" in by_creation.json
    assert old in _ids(by_update)


def test_get_order_of_another_seller_is_not_found(state, sim, sim_eu):
    order_id = state.generate_orders(count=1, account="sim-eu")[0]
    assert sim.call("GET", f"{SEARCH}/{order_id}").status_code == 404
    assert sim_eu.call("GET", f"{SEARCH}/{order_id}").status_code == 200
