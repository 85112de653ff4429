"""python-amazon-sp-api 2.1.35, unmodified, talking to the simulator over HTTP for every operation."""

from __future__ import annotations

import io
import json
import time
from datetime import datetime, timedelta, timezone

import pytest
from sp_api.api import Feeds, Inventories, ListingsItems, Orders, Sellers
from sp_api.auth.exceptions import AuthorizationError
from sp_api.base.exceptions import (SellingApiBadRequestException, SellingApiForbiddenException,
                                    SellingApiRequestThrottledException, SellingApiServerException,
                                    SellingApiTemporarilyUnavailableException)
from sp_api.util import load_all_pages

from amazon_sim_client_fixtures import clean_sp_api_environment, simulator, sp_client  # noqa: F401 (pytest fixtures)

NA_MARKETPLACES = ["ATVPDKIKX0DER", "A2EUQ1WTGCTBG2", "A1AM78C64UM0Y8"]
INCLUDED = ["BUYER", "RECIPIENT", "PROCEEDS", "FULFILLMENT", "PROMOTION", "CANCELLATION", "PACKAGES", "TAX"]


def _ready_orders(state, count: int) -> list[str]:
    ids = state.generate_orders(count=count, account="sim-na", marketplaces=["US"],
                                mix={"auto_lifecycle": False, "fba_ratio": 0, "replacement_ratio": 0})
    for order_id in ids:
        state.make_eligible(order_id)
    state.advance_clock(180)
    return ids


def test_an_unknown_lwa_client_raises_the_librarys_authorization_error(sp_client):
    client = sp_client(Sellers, credentials={"refresh_token": "Atzr|x", "lwa_app_id": "nope", "lwa_client_secret": "s"})
    with pytest.raises(AuthorizationError) as raised:
        client.get_marketplace_participation()
    assert raised.value.status_code == 401 and raised.value.error_code == "invalid_client"


def test_an_unknown_access_token_raises_forbidden(sp_client):
    client = sp_client(Sellers, restricted_data_token="Atza|not-issued-by-the-simulator")
    with pytest.raises(SellingApiForbiddenException) as raised:
        client.get_marketplace_participation()
    assert raised.value.error[0]["code"] == "Unauthorized"


def test_the_client_pages_through_search_orders_and_the_token_is_fetched_once(simulator, sp_client):
    # Given 25 eligible orders
    ids = _ready_orders(simulator.state, 25)
    orders = sp_client(Orders, version="2026-01-01")
    search = load_all_pages(throttle_by_seconds=0, next_token_param="paginationToken")(orders.search_orders)
    # When the library's pagination helper walks all pages of 10
    pages = list(search(lastUpdatedAfter="2020-01-01T00:00:00Z", marketplaceIds=["ATVPDKIKX0DER"],
                        includedData=INCLUDED, maxResultsPerPage=10))
    # Then 3 pages bring the 25 orders, with their rate limit header, and LWA was called once
    found = [o["orderId"] for page in pages for o in page.payload["orders"]]
    assert len(pages) == 3 and sorted(found) == sorted(ids)
    assert pages[0].rate_limit == "0.0056"
    assert simulator.state.call_counts()["operations"]["lwaToken"]["calls"] == 1


def test_the_two_minute_rule_raises_bad_request_with_amazons_message(sp_client):
    orders = sp_client(Orders, version="2026-01-01")
    just_now = (datetime.now(timezone.utc) - timedelta(seconds=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
    with pytest.raises(SellingApiBadRequestException) as raised:
        orders.search_orders(lastUpdatedAfter="2020-01-01T00:00:00Z", lastUpdatedBefore=just_now,
                             marketplaceIds=NA_MARKETPLACES)
    assert "at least 2 minutes before current time" in raised.value.error[0]["message"]


def test_an_order_is_read_and_its_shipment_confirmed_once(simulator, sp_client):
    # Given an eligible order read with the v2026 client
    order_id = _ready_orders(simulator.state, 1)[0]
    order = sp_client(Orders, version="2026-01-01").get_order(order_id, includedData=["FULFILLMENT"]).payload["order"]
    items = [{"orderItemId": i["orderItemId"], "quantity": i["quantityOrdered"]} for i in order["orderItems"]]
    package = {"packageReferenceId": "1", "carrierCode": "UPS", "trackingNumber": "1Z999AA10123456784",
               "shipDate": "2026-01-05T10:00:00Z", "orderItems": items}
    v0 = sp_client(Orders)
    # When the v0 client confirms the shipment, twice
    first = v0.confirm_shipment(order_id, marketplaceId="ATVPDKIKX0DER", packageDetail=package)
    with pytest.raises(SellingApiBadRequestException) as second:
        v0.confirm_shipment(order_id, marketplaceId="ATVPDKIKX0DER", packageDetail=package)
    # Then the first is the library's 204, the second Amazon's "already fulfilled" error
    assert first.payload == {"status_code": 204}
    assert "order already fulfilled" in second.value.error[0]["message"]
    assert simulator.state.orders.get(order_id).status == "SHIPPED"


def test_a_listing_with_a_slash_in_its_sku_is_patched_and_read(simulator, sp_client):
    seller_id = simulator.state.accounts.find("sim-na").seller_id
    listings = sp_client(ListingsItems)
    body = {"productType": "SHIRT", "patches": [{"op": "merge", "path": "/attributes/fulfillment_availability",
                                                 "value": [{"fulfillment_channel_code": "DEFAULT", "quantity": 21}]}]}
    patched = listings.patch_listings_item(sellerId=seller_id, sku="TSHIRT/RED-M", marketplaceIds="ATVPDKIKX0DER",
                                           body=body, includedData="issues")
    item = listings.get_listings_item(sellerId=seller_id, sku="TSHIRT/RED-M", marketplaceIds="ATVPDKIKX0DER",
                                      includedData="summaries,fulfillmentAvailability")
    assert (patched.payload["status"], patched.payload["issues"]) == ("ACCEPTED", [])
    assert item.payload["fulfillmentAvailability"] == [{"fulfillmentChannelCode": "DEFAULT", "quantity": 21}]


def test_a_json_listings_feed_is_submitted_processed_and_its_report_downloaded(simulator, sp_client):
    # Given feeds are processed at once, and a feed with one good and one unknown SKU
    simulator.state.set_feed_timing(queue_seconds=0, processing_seconds=0.5)
    seller_id = simulator.state.accounts.find("sim-na").seller_id
    feed = {"header": {"sellerId": seller_id, "version": "2.0"}, "messages": [
        {"messageId": n, "sku": sku, "operationType": "PATCH", "productType": "PRODUCT",
         "patches": [{"op": "replace", "path": "/attributes/fulfillment_availability",
                      "value": [{"fulfillment_channel_code": "DEFAULT", "quantity": 8}]}]}
        for n, sku in ((1, "BÜRSTE-HOLZ"), (2, "GONE-SKU"))]}
    feeds = sp_client(Feeds)
    # When the library submits it (document, upload, feed), polls it, and downloads the report
    document, created = feeds.submit_feed("JSON_LISTINGS_FEED", io.BytesIO(json.dumps(feed).encode("utf-8")),
                                          content_type="application/json; charset=UTF-8", marketplaceIds=["ATVPDKIKX0DER"])
    status = feeds.get_feed(created.payload["feedId"]).payload
    while status["processingStatus"] in ("IN_QUEUE", "IN_PROGRESS"):
        time.sleep(0.1)
        status = feeds.get_feed(created.payload["feedId"]).payload
    report = json.loads(feeds.get_feed_document(status["resultFeedDocumentId"]))
    # Then the report says one accepted, one invalid, and the quantity changed
    assert document.payload["url"].startswith(simulator.url)
    assert status["processingStatus"] == "DONE"
    assert (report["summary"]["messagesAccepted"], report["issues"][0]["sku"]) == (1, "GONE-SKU")
    assert simulator.state.listing_quantities("sim-na")["sim-na"]["BÜRSTE-HOLZ"]["US"]["quantity"] == 8


def test_fba_inventory_and_marketplace_participations_are_read(sp_client):
    summaries = sp_client(Inventories).get_inventory_summary_marketplace(details=True, marketplaceIds=["ATVPDKIKX0DER"])
    participations = sp_client(Sellers, account="sim-eu", marketplace="DE").get_marketplace_participation()
    assert summaries.payload["granularity"] == {"granularityType": "Marketplace", "granularityId": "ATVPDKIKX0DER"}
    assert all(s["sellerSku"].startswith("FBA-") for s in summaries.payload["inventorySummaries"])
    assert len(participations.payload) == 6


def test_the_call_after_the_burst_raises_the_throttled_exception(simulator, sp_client):
    # Given getMarketplaceParticipations' burst of 15 used up (one token comes back a minute)
    sellers = sp_client(Sellers)
    for _ in range(15):
        sellers.get_marketplace_participation()
    # When called once more at once, Then the library raises its 429 exception with Amazon's code
    with pytest.raises(SellingApiRequestThrottledException) as raised:
        sellers.get_marketplace_participation()
    assert raised.value.error[0]["code"] == "QuotaExceeded"
    assert simulator.state.call_counts()["operations"]["getMarketplaceParticipations"]["throttled"] == 1


@pytest.mark.parametrize("status, exception", [(500, SellingApiServerException),
                                               (503, SellingApiTemporarilyUnavailableException)])
def test_injected_server_errors_raise_the_librarys_exceptions(simulator, sp_client, status, exception):
    simulator.state.set_fault("getMarketplaceParticipations", {"error_ratio": 1.0, "error_status": status})
    with pytest.raises(exception):
        sp_client(Sellers).get_marketplace_participation()


def test_a_malformed_body_reaches_the_client_as_an_empty_success(simulator, sp_client):
    # This is the library's blind spot the connector must guard against (spapi.md §3.5)
    simulator.state.set_fault("getMarketplaceParticipations", {"malformed_ratio": 1.0})
    assert sp_client(Sellers).get_marketplace_participation().payload in ({}, None)
