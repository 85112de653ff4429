"""Feeds: upload to the presigned URL, IN_QUEUE -> IN_PROGRESS -> DONE on the simulator's time, and
JSON_LISTINGS_FEED messages applied or reported per the processing-report schema."""

from __future__ import annotations

import json
from amazon_sim_fixtures import state, sim, sim_eu  # noqa: F401 (pytest fixtures)

CONTENT_TYPE = "application/json; charset=UTF-8"


def _submit(sim, content: bytes, *, feed_type: str = "JSON_LISTINGS_FEED", marketplaces=("ATVPDKIKX0DER",)) -> str:
    document = sim.call("POST", "/feeds/2021-06-30/documents", json={"contentType": CONTENT_TYPE}).json
    upload = sim.client.put(document["url"].replace(sim.state.base_url, ""), data=content, content_type=CONTENT_TYPE)
    assert upload.status_code == 200
    created = sim.call("POST", "/feeds/2021-06-30/feeds", json={"feedType": feed_type, "marketplaceIds": list(marketplaces),
                                                               "inputFeedDocumentId": document["feedDocumentId"]})
    return created.json["feedId"]


def _feed(sim, feed_id: str) -> dict:
    return sim.call("GET", f"/feeds/2021-06-30/feeds/{feed_id}").json


def _report(sim, feed_id: str) -> dict:
    document = sim.call("GET", f"/feeds/2021-06-30/documents/{_feed(sim, feed_id)['resultFeedDocumentId']}").json
    return json.loads(sim.client.get(document["url"].replace(sim.state.base_url, "")).get_data())


def _message(n: int, sku: str, quantity, operation: str = "PATCH") -> dict:
    value = [{"fulfillment_channel_code": "DEFAULT", "quantity": quantity}]
    if operation == "PATCH":
        return {"messageId": n, "sku": sku, "operationType": "PATCH", "productType": "PRODUCT",
                "patches": [{"op": "replace", "path": "/attributes/fulfillment_availability", "value": value}]}
    return {"messageId": n, "sku": sku, "operationType": operation, "productType": "PRODUCT",
            "attributes": {"fulfillment_availability": value}}


def _listings_feed(sim, *messages) -> bytes:
    return json.dumps({"header": {"sellerId": sim.account.seller_id, "version": "2.0"}, "messages": list(messages)}).encode()


def test_a_feed_goes_in_queue_then_in_progress_then_done_on_the_simulators_time(state, sim):
    # Given feeds wait 30 s in the queue and take 60 s to process
    state.set_feed_timing(queue_seconds=30, processing_seconds=60)
    feed_id = _submit(sim, _listings_feed(sim, _message(1, "MUG-350", 9)))
    # When time passes
    statuses = [_feed(sim, feed_id)["processingStatus"]]
    for seconds in (31, 60):
        state.advance_clock(seconds)
        statuses.append(_feed(sim, feed_id)["processingStatus"])
    # Then the feed moved through Amazon's statuses, with start and end times
    assert statuses == ["IN_QUEUE", "IN_PROGRESS", "DONE"]
    done = _feed(sim, feed_id)
    assert done["processingStartTime"] < done["processingEndTime"] and done["resultFeedDocumentId"]


def test_valid_messages_update_quantities_and_invalid_ones_are_reported_as_errors(state, sim):
    # Given a feed with a good PATCH, a good PARTIAL_UPDATE, an unknown SKU and a negative quantity
    state.set_feed_timing(queue_seconds=0, processing_seconds=0)
    feed_id = _submit(sim, _listings_feed(sim, _message(1, "MUG-350", 11), _message(2, "TSHIRT/RED-M", 0, "PARTIAL_UPDATE"),
                                          _message(3, "NO-SUCH-SKU", 4), _message(4, "BOARD-BAMBOO-L", -5)))
    # When it is processed
    report = _report(sim, feed_id)
    quantities = state.listing_quantities("sim-na")["sim-na"]
    # Then the good messages changed the listings, the bad ones are ERROR issues for their message only
    assert quantities["MUG-350"]["US"]["quantity"] == 11 and quantities["MUG-350"]["US"]["quantity_set_by_seller"] == 11
    assert quantities["TSHIRT/RED-M"]["US"]["quantity"] == 0
    assert quantities["BOARD-BAMBOO-L"]["US"]["quantity_set_by_seller"] is None
    assert [(i["messageId"], i["sku"], i["severity"]) for i in report["issues"]] == [
        (3, "NO-SUCH-SKU", "ERROR"), (4, "BOARD-BAMBOO-L", "ERROR")]
    assert report["summary"] == {"errors": 2, "warnings": 0, "messagesProcessed": 4,
                                 "messagesAccepted": 2, "messagesInvalid": 2}
    assert report["header"] == {"sellerId": sim.account.seller_id, "version": "2.0", "feedId": feed_id}


def test_a_feed_that_is_not_json_is_fatal_and_its_report_says_why(state, sim):
    state.set_feed_timing(queue_seconds=0, processing_seconds=0)
    feed_id = _submit(sim, b"<?xml version='1.0'?><AmazonEnvelope/>")
    assert _feed(sim, feed_id)["processingStatus"] == "FATAL"
    issue = _report(sim, feed_id)["issues"][0]
    assert issue["severity"] == "ERROR" and "not valid UTF-8 JSON" in issue["message"] and "messageId" not in issue


def test_a_feed_for_another_seller_id_is_fatal(state, sim):
    state.set_feed_timing(queue_seconds=0, processing_seconds=0)
    content = json.dumps({"header": {"sellerId": "A000OTHER", "version": "2.0"},
                          "messages": [_message(1, "MUG-350", 1)]}).encode()
    feed_id = _submit(sim, content)
    assert "'A000OTHER' is not the seller" in _report(sim, feed_id)["issues"][0]["message"]


def test_the_removed_xml_inventory_feed_ends_fatal(state, sim):
    state.set_feed_timing(queue_seconds=0, processing_seconds=0)
    feed_id = _submit(sim, b"<AmazonEnvelope/>", feed_type="POST_INVENTORY_AVAILABILITY_DATA")
    feed = _feed(sim, feed_id)
    assert feed["processingStatus"] == "FATAL" and "resultFeedDocumentId" not in feed


def test_an_upload_with_another_content_type_is_refused_like_s3(sim):
    document = sim.call("POST", "/feeds/2021-06-30/documents", json={"contentType": CONTENT_TYPE}).json
    upload = sim.client.put(document["url"].replace(sim.state.base_url, ""), data=b"{}", content_type="text/tab-separated-values")
    assert upload.status_code == 403 and b"<Code>SignatureDoesNotMatch</Code>" in upload.get_data()


def test_an_upload_without_the_signature_is_refused(sim):
    document = sim.call("POST", "/feeds/2021-06-30/documents", json={"contentType": CONTENT_TYPE}).json
    url = document["url"].replace(sim.state.base_url, "").split("?")[0]
    assert sim.client.put(url, data=b"{}", content_type=CONTENT_TYPE).status_code == 403


def test_create_feed_refuses_an_unknown_document_and_foreign_marketplaces(sim):
    unknown = sim.call("POST", "/feeds/2021-06-30/feeds", json={"feedType": "JSON_LISTINGS_FEED",
                       "marketplaceIds": ["ATVPDKIKX0DER"], "inputFeedDocumentId": "amzn1.tortuga.4.na.nope"})
    document = sim.call("POST", "/feeds/2021-06-30/documents", json={"contentType": CONTENT_TYPE}).json
    foreign = sim.call("POST", "/feeds/2021-06-30/feeds", json={"feedType": "JSON_LISTINGS_FEED",
                       "marketplaceIds": ["A1PA6795UKMFR9"], "inputFeedDocumentId": document["feedDocumentId"]})
    assert (unknown.status_code, foreign.status_code) == (400, 400)
    assert "no such feed document" in unknown.json["errors"][0]["message"]
    assert "A1PA6795UKMFR9" in foreign.json["errors"][0]["message"]


def test_another_sellers_feed_is_not_found(state, sim, sim_eu):
    state.set_feed_timing(queue_seconds=0, processing_seconds=0)
    feed_id = _submit(sim, _listings_feed(sim, _message(1, "MUG-350", 1)))
    assert sim_eu.call("GET", f"/feeds/2021-06-30/feeds/{feed_id}").status_code == 404
