"""order_to_event: which statuses produce which event, and the errors that name the order and the field."""

from __future__ import annotations

import pytest

from amzbus.bus.errors import PermanentError
from amzbus.bus.marketplaces import MarketplaceCatalog
from amzbus.connectors.amazon.order_mapping import OrderMappingError, order_to_event
from amzbus.schemas import OrderCancelled, OrderPlaced

CATALOG = MarketplaceCatalog()
ORDER_ID = "113-0000001-0000001"


@pytest.mark.parametrize("fulfilled_by, status, expected", [
    ("MERCHANT", "PENDING_AVAILABILITY", None),
    ("MERCHANT", "PENDING", None),
    ("MERCHANT", "UNSHIPPED", OrderPlaced),
    ("MERCHANT", "PARTIALLY_SHIPPED", OrderPlaced),
    ("MERCHANT", "SHIPPED", OrderPlaced),
    ("MERCHANT", "CANCELLED", OrderCancelled),
    ("MERCHANT", "UNFULFILLABLE", None),
    ("AMAZON", "PENDING_AVAILABILITY", None),
    ("AMAZON", "PENDING", None),
    ("AMAZON", "UNSHIPPED", None),
    ("AMAZON", "PARTIALLY_SHIPPED", None),
    ("AMAZON", "SHIPPED", OrderPlaced),
    ("AMAZON", "CANCELLED", OrderCancelled),
    ("AMAZON", "UNFULFILLABLE", None),
])
def test_each_fulfillment_status_produces_its_event(build, fulfilled_by, status, expected):
    # Given an order in that status
    order = build.order(status=status, fulfilled_by=fulfilled_by, address=build.us_address)

    # When it is mapped
    event = order_to_event(order, marketplaces=CATALOG)

    # Then the event is of the expected kind (or there is none)
    assert (type(event) if event is not None else None) is expected
    if expected is OrderPlaced:
        assert (event.status, event.channel) == (status, "FBA" if fulfilled_by == "AMAZON" else "FBM")


def test_pending_order_without_prices_produces_nothing_and_raises_nothing(build):
    # Given a pending order: no proceeds, no prices, no address (as Amazon sends them)
    item = build.item(breakdowns=None)
    del item["product"]["price"]
    order = build.order(status="PENDING", grand_total=None, items=[item])

    # When it is mapped, Then there is nothing to tell Odoo yet
    assert order_to_event(order, marketplaces=CATALOG) is None


def test_cancelled_order_says_who_cancelled_and_why(build):
    # Given an order cancelled by Amazon, after a buyer's request
    cancellation = {"cancellationRequest": {"requester": "BUYER", "cancelReason": "Changed mind"},
                    "cancellationExecution": {"cancelledBy": "AMAZON", "cancelReason": "Buyer requested"}}
    order = build.order(status="CANCELLED", grand_total=None, items=[build.item(cancellation=cancellation)])

    # When it is mapped
    event = order_to_event(order, marketplaces=CATALOG)

    # Then the event names the order and the reason
    assert event == OrderCancelled(order_id=ORDER_ID, reason="AMAZON: Buyer requested")


def test_cancelled_order_with_only_a_request_or_nothing(build):
    # Given a cancellation known only from the buyer's request, and one with no detail at all
    requested = build.order(status="CANCELLED", items=[build.item(
        cancellation={"cancellationRequest": {"requester": "BUYER", "cancelReason": "Ordered by mistake"}})])
    bare = build.order(status="CANCELLED", items=[])

    # When they are mapped, Then the reason is the request's, or none
    assert order_to_event(requested, marketplaces=CATALOG).reason == "BUYER: Ordered by mistake"
    assert order_to_event(bare, marketplaces=CATALOG) == OrderCancelled(order_id=ORDER_ID, reason=None)


def _mapping_error(order) -> OrderMappingError:
    with pytest.raises(OrderMappingError) as caught:
        order_to_event(order, marketplaces=CATALOG)
    return caught.value


def test_mapping_error_is_permanent_and_names_order_and_field(build):
    # Given an order whose first item has no SKU
    order = build.order(buyer={"buyerName": "Jane Doe"}, address=build.us_address)
    del order["orderItems"][0]["product"]["sellerSku"]

    # When it is mapped
    error = _mapping_error(order)

    # Then the error is permanent, names the order id and the field, and carries no personal data
    assert isinstance(error, PermanentError)
    assert (error.order_id, error.field, error.problem) == (ORDER_ID, "orderItems[0].product.sellerSku", "is missing")
    assert error.code == "OrderMappingError"
    assert str(error) == f"OrderMappingError: order {ORDER_ID}: orderItems[0].product.sellerSku: is missing"
    assert "Jane" not in str(error) and "Seattle" not in str(error)


def _without(order: dict, path: str) -> dict:
    *parents, last = path.split(".")
    node = order
    for key in parents:
        node = node[int(key)] if isinstance(node, list) else node[key]
    del node[last]
    return order


@pytest.mark.parametrize("path, field, problem", [
    ("salesChannel", "salesChannel", "is missing"),
    ("salesChannel.marketplaceId", "salesChannel.marketplaceId", "is missing"),
    ("fulfillment", "fulfillment", "is missing"),
    ("fulfillment.fulfillmentStatus", "fulfillment.fulfillmentStatus", "is missing"),
    ("fulfillment.fulfilledBy", "fulfillment.fulfilledBy", "is missing"),
    ("createdTime", "createdTime", "is missing"),
    ("lastUpdatedTime", "lastUpdatedTime", "is missing"),
    ("orderItems", "orderItems", "is missing"),
    ("orderItems.0.orderItemId", "orderItems[0].orderItemId", "is missing"),
    ("orderItems.0.quantityOrdered", "orderItems[0].quantityOrdered", "is missing"),
    ("orderItems.0.product", "orderItems[0].product", "is missing"),
])
def test_missing_field_is_named(build, path, field, problem):
    # Given an unshipped order missing one required field
    order = _without(build.order(), path)

    # When it is mapped, Then the error names that field
    error = _mapping_error(order)
    assert (error.order_id, error.field, error.problem) == (ORDER_ID, field, problem)


def _set(order: dict, path: str, value) -> dict:
    *parents, last = path.split(".")
    node = order
    for key in parents:
        node = node[int(key)] if isinstance(node, list) else node[key]
    node[last] = value
    return order


@pytest.mark.parametrize("path, value, field, problem", [
    ("createdTime", "20/11/2026", "createdTime", "is not an ISO 8601 date-time"),
    ("lastUpdatedTime", "2026-11-20T14:45:00", "lastUpdatedTime", "has no time zone"),
    ("orderItems.0.quantityOrdered", "2", "orderItems[0].quantityOrdered", "must be an integer, not str"),
    ("orderItems.0.quantityOrdered", 0, "orderItems[0].quantityOrdered", "must be at least 1"),
    ("orderItems.0.proceeds.breakdowns.0.subtotal.amount", "ten", "orderItems[0].proceeds.breakdowns[0].subtotal.amount",
     "is not a decimal number"),
    ("orderItems.0.proceeds.breakdowns.0.subtotal.amount", "NaN", "orderItems[0].proceeds.breakdowns[0].subtotal.amount",
     "is not a finite number"),
    ("orderItems.0.proceeds.breakdowns.1.subtotal.currencyCode", "EUR", "orderItems[0].proceeds.breakdowns[1].subtotal",
     "currency EUR differs from the order currency USD"),
    ("proceeds.grandTotal.currencyCode", "usd", "proceeds.grandTotal.currencyCode", "is not an ISO 4217 currency code"),
    ("fulfillment.fulfillmentStatus", "LOST", "fulfillment.fulfillmentStatus", "unknown status 'LOST'"),
    ("fulfillment.fulfilledBy", "PARTNER", "fulfillment.fulfilledBy", "must be AMAZON or MERCHANT, not 'PARTNER'"),
    ("salesChannel.marketplaceId", "A1VC38T7YXB528", "salesChannel.marketplaceId",
     "unknown marketplace 'A1VC38T7YXB528' (add it under [[marketplaces]])"),
    ("orderItems", [], "orderItems", "is empty"),
    ("orderItems", {"orderItemId": "1"}, "orderItems", "must be a list, not dict"),
    ("orderItems.0.product.sellerSku", "  ", "orderItems[0].product.sellerSku", "is empty"),
])
def test_malformed_field_is_named(build, path, value, field, problem):
    # Given an unshipped order with one malformed field
    order = _set(build.order(), path, value)

    # When it is mapped, Then the error names the field and what is wrong
    error = _mapping_error(order)
    assert (error.order_id, error.field, error.problem) == (ORDER_ID, field, problem)


def test_malformed_address_country_is_named_without_its_value(build):
    # Given an order shipped to an address whose country code is not two letters
    order = build.order(address={**build.us_address, "countryCode": "USA"})

    # When it is mapped, Then the field is named, not the address
    error = _mapping_error(order)
    assert (error.field, error.problem) == ("recipient.deliveryAddress.countryCode", "is not a two-letter ISO 3166 country code")


def test_item_without_any_price_is_an_error(build):
    # Given an unshipped order whose item has neither proceeds nor a unit price
    item = build.item(breakdowns=None)
    del item["product"]["price"]

    # When it is mapped, Then the error says which price is missing
    error = _mapping_error(build.order(items=[item]))
    assert (error.field, error.problem) == ("orderItems[0].proceeds",
                                            "has no ITEM breakdown and product.price.unitPrice is missing")


@pytest.mark.parametrize("order_id, problem", [(None, "is missing"), ("ABC", "is not an Amazon order id (3-7-7 digits)")])
def test_missing_or_malformed_order_id_is_an_error(build, order_id, problem):
    # Given an order with no usable id
    order = build.order()
    order["orderId"] = order_id

    # When it is mapped, Then the error says so
    error = _mapping_error(order)
    assert (error.order_id, error.field, error.problem) == (None, "orderId", problem)


def test_order_that_is_not_an_object_is_an_error():
    # When a list is mapped, Then the error says an order must be an object
    with pytest.raises(OrderMappingError, match="order: must be an object, not list"):
        order_to_event([], marketplaces=CATALOG)
