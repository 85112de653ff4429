"""Every kind of answer the simulator gives is valid against Amazon's published models (closed objects:
a field the model does not list fails the test)."""

from __future__ import annotations

import io
import json

import pytest
from amazon_sim_fixtures import load_published_models, published_models, state, sim, sim_eu  # noqa: F401 (fixtures)

ORDERS = "orders-api-model/orders_2026-01-01.json"
ORDERS_V0 = "orders-api-model/ordersV0.json"
FEEDS = "feeds-api-model/feeds_2021-06-30.json"
LISTINGS = "listings-items-api-model/listingsItems_2021-08-01.json"
FBA = "fba-inventory-api-model/fbaInventory.json"
SELLERS = "sellers-api-model/sellers.json"
EVERYTHING = "BUYER,RECIPIENT,PROCEEDS,EXPENSE,PROMOTION,CANCELLATION,FULFILLMENT,PACKAGES,TAX,PAYMENT,FULFILLMENT_ORDERS"
RICH_MIX = {"fba_ratio": 0.4, "cancel_before_eligible_ratio": 0.15, "cancel_after_eligible_ratio": 0.15,
            "business_ratio": 0.3, "gift_ratio": 0.4, "promotion_ratio": 0.5, "replacement_ratio": 0.1,
            "non_latin_ratio": 0.3, "eligible_after_seconds": [1, 5], "fba_ship_after_seconds": [1, 5],
            "cancel_after_seconds": [1, 5]}


def test_without_the_published_models_these_tests_are_skipped_saying_where_to_find_them(tmp_path, monkeypatch):
    # Given a machine where AMZBUS_SPAPI_MODELS names a folder without Amazon's models
    monkeypatch.setenv("AMZBUS_SPAPI_MODELS", str(tmp_path))
    # When a test asks for them, Then it is skipped (not an error), naming the variable and the models' source
    with pytest.raises(pytest.skip.Exception, match="AMZBUS_SPAPI_MODELS.*selling-partner-api-models"):
        load_published_models()


def _orders_in_every_state(state):
    state.generate_orders(count=60, mix=RICH_MIX)
    state.generate_orders(count=6, mix={"auto_lifecycle": False})
    state.advance_clock(60)
    for summary in state.list_orders(status="UNSHIPPED")[:6]:
        state.ship_order(summary["orderId"])
    state.advance_clock(300)


def _search(sim, **params):
    query = {"lastUpdatedAfter": "2020-01-01T00:00:00Z", "includedData": EVERYTHING, **params}
    return sim.call("GET", "/orders/2026-01-01/orders", query_string=query)


def test_search_orders_pages_in_every_order_state_match_the_published_model(state, sim, sim_eu, published_models):
    # Given orders of both accounts in every status, with gifts, promotions, business and replacement orders
    _orders_in_every_state(state)
    statuses = set()
    for client in (sim, sim_eu):
        # When each seller searches all its orders with every dataset included
        response = _search(client, maxResultsPerPage="100")
        # Then the page is a valid SearchOrdersResponse
        assert response.status_code == 200
        published_models.validate(ORDERS, "SearchOrdersResponse", response.json)
        statuses |= {o["fulfillment"]["fulfillmentStatus"] for o in response.json["orders"]}
    assert statuses >= {"PENDING", "UNSHIPPED", "SHIPPED", "CANCELLED"}


def test_a_paginated_search_page_with_its_next_token_matches_the_model(state, sim, published_models):
    # Given more orders than fit on one page
    state.generate_orders(count=8, account="sim-na")
    state.advance_clock(200)
    # When the first page of 3 is asked for
    response = _search(sim, maxResultsPerPage="3")
    # Then it carries a next token and is valid
    assert response.json["pagination"]["nextToken"]
    published_models.validate(ORDERS, "SearchOrdersResponse", response.json)


def test_get_order_with_partial_shipments_matches_the_published_model(state, sim, published_models):
    # Given an eligible FBM order with several items, one of them confirmed shipped
    order_id = _fbm_order_with_items(state, at_least=2)
    item = state.orders.get(order_id).items[0]
    confirmed = sim.call("POST", f"/orders/v0/orders/{order_id}/shipmentConfirmation",
                         json=_confirmation(state, order_id, [(item.order_item_id, item.quantity)]))
    assert confirmed.status_code == 204
    # When the order is read with every dataset
    response = sim.call("GET", f"/orders/2026-01-01/orders/{order_id}", query_string={"includedData": EVERYTHING})
    # Then it is a valid GetOrderResponse, partially shipped, with its package
    published_models.validate(ORDERS, "GetOrderResponse", response.json)
    assert response.json["order"]["fulfillment"]["fulfillmentStatus"] == "PARTIALLY_SHIPPED"
    assert response.json["order"]["packages"][0]["packageReferenceId"] == "1"


@pytest.mark.parametrize("query, status", [
    ({"createdAfter": "not a date"}, 400),
    ({}, 400),
    ({"lastUpdatedAfter": "2020-01-01T00:00:00Z", "maxResultsPerPage": "500"}, 400),
])
def test_search_orders_errors_match_the_published_error_list(sim, published_models, query, status):
    # When searchOrders is called with invalid parameters
    response = sim.call("GET", "/orders/2026-01-01/orders", query_string=query)
    # Then the error list is Amazon's shape
    assert response.status_code == status
    published_models.validate(ORDERS, "ErrorList", response.json)


def test_unauthorized_not_found_and_throttled_answers_match_the_published_error_list(state, sim, published_models):
    # When the token is wrong, the order unknown, or the quota used up
    forbidden = sim.call("GET", "/orders/2026-01-01/orders/111-0000000-0000000", token="Atza|wrong")
    missing = sim.call("GET", "/orders/2026-01-01/orders/111-0000000-0000000")
    state.set_rate_limit("getOrder", rate="0.001", burst=1)
    sim.call("GET", "/orders/2026-01-01/orders/111-0000000-0000000")
    throttled = sim.call("GET", "/orders/2026-01-01/orders/111-0000000-0000000")
    # Then each is 403 / 404 / 429 with a valid error list
    for response, status in ((forbidden, 403), (missing, 404), (throttled, 429)):
        assert response.status_code == status
        published_models.validate(ORDERS, "ErrorList", response.json)


def test_injected_server_errors_match_the_published_error_list(state, sim, published_models):
    # Given every getOrder call fails with 503
    state.set_fault("getOrder", {"error_ratio": 1.0, "error_status": 503})
    # When an order is read
    response = sim.call("GET", "/orders/2026-01-01/orders/111-0000000-0000000")
    # Then the 503 body is a valid error list
    assert response.status_code == 503
    published_models.validate(ORDERS, "ErrorList", response.json)


def test_confirm_shipment_errors_match_the_published_v0_error_response(state, sim, published_models):
    # Given an eligible FBM order
    order_id = _fbm_order_with_items(state, at_least=1)
    body = _confirmation(state, order_id, [(state.orders.get(order_id).items[0].order_item_id, 1)])
    body["packageDetail"]["shipDate"] = "02/21/2022"
    # When the ship date is not ISO 8601, or the order does not exist
    bad_date = sim.call("POST", f"/orders/v0/orders/{order_id}/shipmentConfirmation", json=body)
    unknown = sim.call("POST", "/orders/v0/orders/111-0000000-0000000/shipmentConfirmation", json=body)
    # Then both errors are valid ConfirmShipmentErrorResponse bodies
    assert (bad_date.status_code, unknown.status_code) == (400, 404)
    for response in (bad_date, unknown):
        published_models.validate(ORDERS_V0, "ConfirmShipmentErrorResponse", response.json)


def test_feed_answers_and_the_processing_report_match_the_published_models(state, sim, published_models):
    # Given a JSON_LISTINGS_FEED (itself valid against the feed schema) with a good and a bad message
    state.set_feed_timing(queue_seconds=0, processing_seconds=0)
    feed = _listings_feed(sim.account.seller_id, [("MUG-350", 5), ("NO-SUCH-SKU", 5), ("BOARD-BAMBOO-L", -2)])
    published_models.validate_schema("feeds/listings-feed-schema-v2.json", feed)
    # When it is uploaded, created and processed
    document = sim.call("POST", "/feeds/2021-06-30/documents", json={"contentType": "application/json; charset=UTF-8"})
    upload = sim.client.put(document.json["url"].replace(state.base_url, ""), data=json.dumps(feed).encode(),
                            content_type="application/json; charset=UTF-8")
    created = sim.call("POST", "/feeds/2021-06-30/feeds", json={"feedType": "JSON_LISTINGS_FEED",
                       "marketplaceIds": ["ATVPDKIKX0DER"], "inputFeedDocumentId": document.json["feedDocumentId"]})
    status = sim.call("GET", f"/feeds/2021-06-30/feeds/{created.json['feedId']}")
    result = sim.call("GET", f"/feeds/2021-06-30/documents/{status.json['resultFeedDocumentId']}")
    report = sim.client.get(result.json["url"].replace(state.base_url, "")).json
    # Then every answer and the report match their published schemas
    assert (document.status_code, upload.status_code, created.status_code) == (201, 200, 202)
    published_models.validate(FEEDS, "CreateFeedDocumentResponse", document.json)
    published_models.validate(FEEDS, "CreateFeedResponse", created.json)
    published_models.validate(FEEDS, "Feed", status.json)
    published_models.validate(FEEDS, "FeedDocument", result.json)
    published_models.validate_schema("feeds/listings-feed-processing-report-schema-v2.json", report)
    assert report["summary"]["messagesInvalid"] == 2


def test_feed_errors_match_the_published_error_list(sim, published_models):
    # When an unknown feed is asked for
    response = sim.call("GET", "/feeds/2021-06-30/feeds/123")
    # Then the 404 is a valid error list
    assert response.status_code == 404
    published_models.validate(FEEDS, "ErrorList", response.json)


def test_listings_answers_match_the_published_model(sim, published_models):
    path = f"/listings/2021-08-01/items/{sim.account.seller_id}/TSHIRT%2FRED-M"
    patch = {"productType": "SHIRT", "patches": [{"op": "replace", "path": "/attributes/fulfillment_availability",
                                                  "value": [{"fulfillment_channel_code": "DEFAULT", "quantity": 4}]}]}
    # When a quantity is patched, a negative one is refused, and the listing is read (and an unknown SKU)
    accepted = sim.call("PATCH", path, query_string={"marketplaceIds": "ATVPDKIKX0DER",
                                                     "includedData": "issues,identifiers"}, json=patch)
    patch["patches"][0]["value"][0]["quantity"] = -1
    invalid = sim.call("PATCH", path, query_string={"marketplaceIds": "ATVPDKIKX0DER"}, json=patch)
    item = sim.call("GET", path, query_string={"marketplaceIds": "ATVPDKIKX0DER",
                                               "includedData": "summaries,attributes,issues,offers,fulfillmentAvailability"})
    missing = sim.call("GET", f"/listings/2021-08-01/items/{sim.account.seller_id}/NOPE",
                       query_string={"marketplaceIds": "ATVPDKIKX0DER"})
    # Then all match the Listings Items model
    assert (accepted.json["status"], invalid.json["status"], missing.status_code) == ("ACCEPTED", "INVALID", 404)
    published_models.validate(LISTINGS, "ListingsItemSubmissionResponse", accepted.json)
    published_models.validate(LISTINGS, "ListingsItemSubmissionResponse", invalid.json)
    published_models.validate(LISTINGS, "Item", item.json)
    published_models.validate(LISTINGS, "ErrorList", missing.json)


def test_inventory_summaries_and_their_errors_match_the_published_model(sim, published_models):
    query = {"granularityType": "Marketplace", "granularityId": "ATVPDKIKX0DER", "marketplaceIds": "ATVPDKIKX0DER"}
    # When FBA inventory is read with details, and with a wrong granularity
    summaries = sim.call("GET", "/fba/inventory/v1/summaries", query_string={**query, "details": "true"})
    wrong = sim.call("GET", "/fba/inventory/v1/summaries", query_string={**query, "granularityType": "Country"})
    # Then both are valid GetInventorySummariesResponse bodies
    assert (summaries.status_code, wrong.status_code) == (200, 400)
    assert summaries.json["payload"]["inventorySummaries"]
    published_models.validate(FBA, "GetInventorySummariesResponse", summaries.json)
    published_models.validate(FBA, "GetInventorySummariesResponse", wrong.json)


def test_marketplace_participations_match_the_published_model(sim_eu, published_models):
    # When the EU seller asks where it sells
    response = sim_eu.call("GET", "/sellers/v1/marketplaceParticipations")
    # Then the six European marketplaces come back in the published shape
    published_models.validate(SELLERS, "GetMarketplaceParticipationsResponse", response.json)
    assert {p["marketplace"]["countryCode"] for p in response.json["payload"]} == {"DE", "ES", "FR", "GB", "IT", "NL"}


def _fbm_order_with_items(state, *, at_least: int) -> str:
    for _ in range(20):
        order_id = state.generate_orders(count=1, account="sim-na", marketplaces=["US"],
                                         mix={"fba_ratio": 0, "auto_lifecycle": False, "replacement_ratio": 0})[0]
        if len(state.orders.get(order_id).items) >= at_least:
            state.make_eligible(order_id)
            return order_id
    raise AssertionError(f"no FBM order with {at_least} items in 20 tries")


def _confirmation(state, order_id, items):
    order = state.orders.get(order_id)
    return {"marketplaceId": order.marketplace.marketplace_id,
            "packageDetail": {"packageReferenceId": "1", "carrierCode": "UPS", "trackingNumber": "1Z999AA10123456784",
                              "shipDate": "2026-01-05T10:00:00Z",
                              "orderItems": [{"orderItemId": i, "quantity": q} for i, q in items]}}


def _listings_feed(seller_id, updates):
    return {"header": {"sellerId": seller_id, "version": "2.0"},
            "messages": [{"messageId": n, "sku": sku, "operationType": "PATCH", "productType": "PRODUCT",
                          "patches": [{"op": "replace", "path": "/attributes/fulfillment_availability",
                                       "value": [{"fulfillment_channel_code": "DEFAULT", "quantity": quantity}]}]}
                         for n, (sku, quantity) in enumerate(updates, start=1)]}
