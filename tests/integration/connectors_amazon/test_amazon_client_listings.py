"""patchListingsItem and the JSON_LISTINGS_FEED round trip over HTTP, with SKUs that need URL encoding."""

from __future__ import annotations

import pytest

from amzbus.connectors.amazon import AmazonRejected, AmazonUnavailable

ODD_SKUS = ("TSHIRT/RED-M", "POSTER #12 A3", "BÜRSTE-HOLZ")


def _quantity(simulator, sku: str, code: str = "US", account: str = "sim-na") -> int:
    return simulator.admin("GET", "listings", account=account)["listings"][account][sku][code]["quantity"]


@pytest.mark.parametrize("sku", ODD_SKUS)
def test_quantity_of_a_sku_with_reserved_characters_is_merged(simulator, sku):
    # Given an FBM SKU whose name has a slash, a hash and spaces, or an umlaut
    # When its quantity is set to 7 in every marketplace of the account
    with simulator.client() as client:
        submission = client.listings.set_quantity(sku, 7)

    # Then Amazon accepted it for that very SKU and the listing now offers 7 everywhere
    assert (submission.sku, submission.status, submission.issues) == (sku, "ACCEPTED", ())
    assert submission.submission_id
    assert [_quantity(simulator, sku, code) for code in ("CA", "MX", "US")] == [7, 7, 7]


def test_unknown_sku_is_a_permanent_error_with_amazons_issue(simulator):
    # When the quantity of a SKU the seller does not list is set
    with simulator.client() as client, pytest.raises(AmazonRejected) as caught:
        client.listings.set_quantity("NO-SUCH-SKU", 3, marketplace_ids=["ATVPDKIKX0DER"])

    # Then the INVALID submission becomes a permanent error carrying the issue
    assert caught.value.operation == "patchListingsItem"
    assert "NO-SUCH-SKU" in caught.value.message


def test_patch_for_another_seller_is_refused_as_forbidden(simulator):
    # Given a client configured with a seller id that is not the credentials' seller
    # When it patches a listing, Then Amazon's 403 is a permanent error
    with simulator.client(seller_id="A0THERSELLER00") as client, pytest.raises(AmazonRejected) as caught:
        client.listings.set_quantity("MUG-350", 1)
    assert (caught.value.status, caught.value.code) == (403, "Unauthorized")


def test_listings_feed_round_trip_gives_each_sku_its_result(simulator):
    # Given Amazon processing feeds within a second, and quantities for two listed SKUs and one unknown
    simulator.admin("PUT", "feed-timing", {"queue_seconds": 5, "processing_seconds": 10})
    quantities = {"MUG-350": 11, "TSHIRT/RED-M": 0, "NOT-LISTED": 4}

    # When the feed is sent and followed to its processing report
    with simulator.client("sim-eu") as client:
        report = client.listings_feed.send_quantities(quantities, poll_interval_seconds=0.1, timeout_seconds=20)

    # Then the listed SKUs are accepted and applied, the unknown one is rejected with Amazon's issue
    assert report.processing_status == "DONE"
    assert {sku: r.accepted for sku, r in report.results.items()} == {"MUG-350": True, "TSHIRT/RED-M": True,
                                                                      "NOT-LISTED": False}
    assert report.rejected["NOT-LISTED"].issues[0].severity == "ERROR"
    assert report.summary["messagesProcessed"] == 3
    assert _quantity(simulator, "MUG-350", "DE", "sim-eu") == 11
    assert _quantity(simulator, "TSHIRT/RED-M", "FR", "sim-eu") == 0
    calls = simulator.admin("GET", "calls")["operations"]
    assert [calls[op]["calls"] for op in ("createFeedDocument", "createFeed", "getFeedDocument")] == [1, 1, 1]
    assert calls["getFeed"]["calls"] >= 2


def test_feed_still_processing_after_the_timeout_is_retryable(simulator):
    # Given Amazon taking an hour (a minute at this speed) to process feeds
    simulator.admin("PUT", "feed-timing", {"queue_seconds": 1800, "processing_seconds": 1800})

    # When the client waits at most half a second, Then it gives up with a retryable error naming the feed
    with simulator.client() as client, pytest.raises(AmazonUnavailable) as caught:
        client.listings_feed.send_quantities({"MUG-350": 1}, poll_interval_seconds=0.1, timeout_seconds=0.5)
    assert caught.value.code == "FeedInProgress"
    assert "is still IN_QUEUE" in caught.value.message
