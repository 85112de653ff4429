"""searchOrders and getOrder over HTTP: pages, deduplication, Amazon's clock, and every class of error."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from amzbus.bus.errors import PermanentError, RetryableError
from amzbus.bus.marketplaces import MarketplaceCatalog
from amzbus.connectors.amazon import AmazonRejected, AmazonUnavailable, order_to_event
from amzbus.connectors.amazon.orders import INCLUDED_DATA

LONG_AGO = datetime(2020, 1, 1, tzinfo=timezone.utc)


def test_search_reads_three_pages_repeating_the_query_and_dedupes_a_repeated_page(simulator):
    # Given six eligible orders, read two per page
    ids = simulator.eligible_orders(6)
    simulator.let_amazon_catch_up()
    with simulator.client() as client:
        search = client.orders.search(last_updated_after=LONG_AGO, max_results_per_page=2)
        pages = search.pages()
        first = next(pages)

        # When Amazon serves the first page again for the second request, then the rest
        simulator.admin("PUT", "faults", {"searchOrders": {"repeat_page_ratio": 1.0, "remaining": 1}})
        rest = list(pages)

    # Then four pages were read (the simulator refuses a next page whose query differs from the first)
    assert [len(page.orders) for page in [first, *rest]] == [2, 2, 2, 2]
    assert [o["orderId"] for o in rest[0].orders] == [o["orderId"] for o in first.orders]
    assert simulator.calls("searchOrders")["statuses"] == {"200": 4}
    # and iterating the search yields each order once
    with simulator.client() as client:
        simulator.admin("PUT", "faults", {"searchOrders": {"repeat_page_ratio": 1.0, "remaining": 2}})
        search = client.orders.search(last_updated_after=LONG_AGO, max_results_per_page=2)
        orders = list(search)
    assert sorted(o["orderId"] for o in orders) == sorted(ids)
    assert search.pages_read == 4


def test_search_asks_for_everything_the_order_flow_maps(simulator):
    # Given an eligible FBM order
    [order_id] = simulator.eligible_orders(1, gift_ratio=1.0, promotion_ratio=1.0)
    simulator.let_amazon_catch_up()

    # When it is searched
    with simulator.client() as client:
        search = client.orders.search(last_updated_after=LONG_AGO)
        [order] = list(search)

    # Then the query names the included data and the order maps to an event with prices and an address
    assert search.params["includedData"] == list(INCLUDED_DATA)
    assert search.params["marketplaceIds"] == ["A2EUQ1WTGCTBG2", "A1AM78C64UM0Y8", "ATVPDKIKX0DER"]
    event = order_to_event(order, marketplaces=MarketplaceCatalog())
    assert event.order_id == order_id
    assert event.ship_to is not None and event.ship_to.country_code
    assert event.items[0].item_price.amount > 0
    assert event.items[0].gift_message or event.items[0].gift_wrap_level


def test_upper_bound_follows_amazons_clock_not_ours(simulator):
    # Given Amazon's clock an hour ahead of ours, and an order placed at Amazon's now
    simulator.admin("POST", "clock/advance", {"seconds": 3600})
    [order_id] = simulator.eligible_orders(1)
    simulator.let_amazon_catch_up()
    amazon_before = simulator.now()

    # When the client searches (its first call: it learns Amazon's time when logging in)
    with simulator.client() as client:
        search = client.orders.search(last_updated_after=LONG_AGO)
        found = [o["orderId"] for o in search]
    amazon_after = simulator.now()

    # Then the bound is Amazon's now minus 3 minutes, far after our own clock, and the order is found
    margin = timedelta(minutes=3)
    assert amazon_before - margin - timedelta(seconds=2) <= search.window_end <= amazon_after - margin
    assert search.window_end > datetime.now(timezone.utc) + timedelta(minutes=50)
    assert search.params["lastUpdatedBefore"] == search.window_end.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert order_id in found


def test_a_bound_later_than_amazon_allows_is_capped_not_refused(simulator):
    # Given a caller asking for orders up to tomorrow
    tomorrow = datetime.now(timezone.utc) + timedelta(days=1)

    # When the client searches
    with simulator.client() as client:
        search = client.orders.search(last_updated_after=LONG_AGO, until=tomorrow)
        orders = list(search)

    # Then the bound sent is Amazon's now minus 3 minutes, which Amazon accepts
    assert orders == []
    assert search.window_end < simulator.now() - timedelta(minutes=2)
    assert simulator.calls("searchOrders")["statuses"] == {"200": 1}


def test_window_starting_after_amazons_latest_bound_sends_nothing(simulator):
    # Given a start later than Amazon's now minus 3 minutes
    start = simulator.now()

    # When the client searches from there
    with simulator.client() as client:
        search = client.orders.search(last_updated_after=start)
        orders = list(search)

    # Then no request is made and the window ends where it starts (the cursor does not move)
    assert orders == [] and search.window_end == start
    assert simulator.calls("searchOrders")["calls"] == 0


def test_get_order_returns_the_order_with_its_included_data(simulator):
    # Given an eligible order
    [order_id] = simulator.eligible_orders(1)

    # When it is fetched
    with simulator.client() as client:
        order = client.orders.get_order(order_id)

    # Then it comes with fulfillment and proceeds
    assert order["orderId"] == order_id
    assert order["fulfillment"]["fulfillmentStatus"] == "UNSHIPPED"
    assert "proceeds" in order and order["orderItems"]


@pytest.mark.parametrize("order_id, status, code", [("111-0000000-0000000", 404, "NotFound"),
                                                    ("not-an-order", 400, "InvalidInput")])
def test_unknown_or_malformed_order_id_is_a_permanent_error_with_amazons_code(simulator, order_id, status, code):
    # When an order that does not exist, or a malformed id, is fetched
    with simulator.client() as client, pytest.raises(AmazonRejected) as caught:
        client.orders.get_order(order_id)

    # Then the error is permanent and carries Amazon's status, code and message
    error = caught.value
    assert isinstance(error, PermanentError)
    assert (error.status, error.code, error.operation) == (status, code, "getOrder")
    assert order_id in error.message


@pytest.mark.parametrize("status", [500, 503])
def test_server_errors_are_retryable(simulator, status):
    # Given Amazon failing every getOrder with a server error
    [order_id] = simulator.eligible_orders(1)
    simulator.admin("PUT", "faults", {"getOrder": {"error_ratio": 1.0, "error_status": status}})

    # When the order is fetched, Then the error is retryable and says what happened
    with simulator.client() as client, pytest.raises(AmazonUnavailable) as caught:
        client.orders.get_order(order_id)
    assert isinstance(caught.value, RetryableError)
    assert caught.value.status == status
    assert caught.value.code in ("InternalFailure", "ServiceUnavailable")


@pytest.mark.parametrize("seed", range(4))
def test_empty_or_non_json_success_is_not_mistaken_for_an_answer(simulator, seed):
    # Given Amazon answering 200 with an empty or an HTML body (the library would return an empty success)
    [order_id] = simulator.eligible_orders(1)
    simulator.admin("PUT", "faults", {"getOrder": {"malformed_ratio": 1.0}})

    # When the order is fetched, Then it is a retryable error naming the body
    with simulator.client() as client, pytest.raises(AmazonUnavailable, match="answered with an? (empty|non-JSON) body"):
        client.orders.get_order(order_id)


def test_slow_answer_times_out_as_a_retryable_error(simulator):
    # Given Amazon taking a second to answer and a client that waits half a second
    [order_id] = simulator.eligible_orders(1)
    simulator.admin("PUT", "faults", {"getOrder": {"latency_seconds": 1.0, "remaining": 1}})

    # When the order is fetched, Then the client gives up with a retryable timeout
    with simulator.client(timeout_seconds=0.3) as client, pytest.raises(AmazonUnavailable) as caught:
        client.orders.get_order(order_id)
    assert caught.value.code == "Timeout"
