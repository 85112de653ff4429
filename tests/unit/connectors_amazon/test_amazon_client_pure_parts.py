"""The client's pure parts: feed documents and reports, error translation, Amazon's clock, learned rate limits,
the token cache and where to log in."""

from __future__ import annotations

import gzip
import json
from datetime import datetime, timezone

import httpx
import pytest
from sp_api.auth.exceptions import AuthorizationError

from amzbus.bus.errors import PermanentError, RetryableError
from amzbus.bus.rate_limiter import RateLimit
from amzbus.connectors.amazon.errors import (AmazonHttpError, AmazonRejected, AmazonThrottled, AmazonUnavailable,
                                             translate)
from amzbus.connectors.amazon.listings_feed import decode_report, parse_processing_report, quantities_feed
from amzbus.connectors.amazon.lwa import TokenCache
from amzbus.connectors.amazon.rate_limits import RateLimitBook
from amzbus.connectors.amazon.server_clock import ServerClock
from amzbus.connectors.amazon.session import default_lwa_url


def test_quantities_feed_is_one_merge_patch_per_sku_in_utf8():
    # Given quantities for two SKUs, one with non-Latin-1 characters
    feed = quantities_feed({"MUG-1": 7, "TASSE-€-日本": 0}, seller_id="A1SELLER")

    # When it is encoded
    document = json.loads(feed.encoded().decode("utf-8"))

    # Then each SKU is a PATCH message merging fulfillment_availability, numbered from 1
    assert document["header"] == {"sellerId": "A1SELLER", "version": "2.0", "issueLocale": "en_US"}
    assert feed.skus_by_message == {1: "MUG-1", 2: "TASSE-€-日本"}
    assert document["messages"][1] == {
        "messageId": 2, "sku": "TASSE-€-日本", "operationType": "PATCH", "productType": "PRODUCT",
        "patches": [{"op": "merge", "path": "/attributes/fulfillment_availability",
                     "value": [{"fulfillment_channel_code": "DEFAULT", "quantity": 0}]}]}
    assert "TASSE-€-日本".encode("utf-8") in feed.encoded()


def test_processing_report_gives_each_sku_its_result():
    # Given a feed of three SKUs and a report with an error on the second and a warning on the third
    feed = quantities_feed({"A": 1, "B": 2, "C": 3}, seller_id="S")
    report = {"header": {"sellerId": "S", "version": "2.0", "feedId": "F1"},
              "issues": [{"messageId": 2, "sku": "B", "code": "90220", "severity": "ERROR", "message": "bad"},
                         {"messageId": 3, "sku": "C", "code": "18448", "severity": "WARNING", "message": "meh",
                          "attributeName": "item_weight"}],
              "summary": {"errors": 1, "warnings": 1, "messagesProcessed": 3, "messagesAccepted": 2, "messagesInvalid": 1}}

    # When it is parsed
    parsed = parse_processing_report(json.dumps(report), feed=feed, feed_id="F1", processing_status="DONE")

    # Then A and C are accepted, B is rejected with its issue, and the summary is kept
    assert {sku: r.accepted for sku, r in parsed.results.items()} == {"A": True, "B": False, "C": True}
    assert list(parsed.rejected) == ["B"]
    assert parsed.results["B"].issues[0].code == "90220"
    assert parsed.results["C"].issues[0].attribute_names == ("item_weight",)
    assert parsed.summary["messagesAccepted"] == 2
    assert parsed.feed_issues == ()


def test_feed_level_error_rejects_every_sku():
    # Given a report whose only error concerns the whole feed (no message id)
    feed = quantities_feed({"A": 1, "B": 2}, seller_id="S")
    report = {"header": {}, "issues": [{"severity": "ERROR", "message": "feed is not valid JSON", "code": "4000"}],
              "summary": {"errors": 1}}

    # When it is parsed, Then no SKU is accepted and the feed issue is kept
    parsed = parse_processing_report(json.dumps(report), feed=feed, feed_id="F", processing_status="FATAL")
    assert [r.accepted for r in parsed.results.values()] == [False, False]
    assert parsed.feed_issues[0].message == "feed is not valid JSON"


def test_gzipped_report_is_decoded_and_garbage_is_a_permanent_error():
    # Given a gzipped UTF-8 report and a body that is neither gzip nor a report
    text = json.dumps({"issues": [], "summary": {}, "header": {}, "note": "Größe"})

    # When they are decoded, Then the first reads back and the others are permanent errors naming the feed
    assert decode_report(gzip.compress(text.encode("utf-8")), gzipped=True, feed_id="F") == text
    with pytest.raises(AmazonRejected, match="processing report of feed F cannot be decoded"):
        decode_report(b"not gzip", gzipped=True, feed_id="F")
    with pytest.raises(AmazonRejected, match="has no issues list"):
        parse_processing_report("[]", feed=quantities_feed({"A": 1}, seller_id="S"), feed_id="F", processing_status="DONE")


def _http_error(status: int, body: bytes, content_type: str = "application/json") -> AmazonHttpError:
    return AmazonHttpError.from_response(httpx.Response(status, content=body, headers={"content-type": content_type}))


@pytest.mark.parametrize("status, body, kind, code", [
    (429, b'{"errors":[{"code":"QuotaExceeded","message":"You exceeded your quota"}]}', AmazonThrottled, "QuotaExceeded"),
    (429, b"", AmazonThrottled, "QuotaExceeded"),
    (500, b'{"errors":[{"code":"InternalFailure","message":"We encountered an internal error."}]}', AmazonUnavailable, "InternalFailure"),
    (502, b"<html>Bad Gateway</html>", AmazonUnavailable, "HTTP502"),
    (503, b"", AmazonUnavailable, "HTTP503"),
    (200, b"", AmazonUnavailable, "HTTP200"),
    (400, b'{"errors":[{"code":"InvalidInput","message":"Invalid order id","details":"x"}]}', AmazonRejected, "InvalidInput"),
    (403, b'{"errors":[{"code":"Unauthorized","message":"Access to requested resource is denied."}]}', AmazonRejected, "Unauthorized"),
    (404, b'{"errors":[{"code":"NotFound","message":"Order not found"}]}', AmazonRejected, "NotFound"),
    (404, b"", AmazonRejected, "HTTP404"),
])
def test_each_http_answer_becomes_its_bus_error(status, body, kind, code):
    # Given a raw answer the library would have misread or raised on
    failure = _http_error(status, body, "text/html" if body.startswith(b"<") else "application/json")

    # When it is translated
    error = translate(failure, operation="getOrder", account="na", throttle_delay_seconds=2.0)

    # Then it is the right class, with Amazon's code, the status and the operation
    assert type(error) is kind
    assert (error.code, error.status, error.operation) == (code, status, "getOrder")
    assert isinstance(error, RetryableError if kind is not AmazonRejected else PermanentError)
    assert f"Amazon getOrder for account na answered HTTP {status}" in error.message
    if kind is AmazonThrottled:
        assert error.delay_seconds == 2.0


def test_empty_and_non_json_bodies_are_described_not_mistaken_for_success():
    # When bodies without Amazon's errors list are read
    empty, html = _http_error(503, b""), _http_error(502, b"<html/>", "text/html")

    # Then the message says what came back
    assert empty.message == "answered with an empty body"
    assert html.message == "answered with a non-JSON body (text/html, 7 bytes)"


def test_transport_and_login_failures_are_classified():
    # Given a timeout, a refused connection and LWA refusing the client, then LWA down
    timeout = httpx.ReadTimeout("read timed out")
    refused = httpx.ConnectError("connection refused")
    bad_client = AuthorizationError("invalid_client", "Client authentication failed", 401)
    lwa_down = AuthorizationError("invalid_response", "LWA answered without a JSON body", 502)

    # When they are translated, Then network trouble is retryable and bad credentials are permanent
    assert translate(timeout, operation="getOrder", account="na").code == "Timeout"
    assert isinstance(translate(refused, operation="getOrder", account="na"), AmazonUnavailable)
    rejected = translate(bad_client, operation="getOrder", account="na")
    assert (type(rejected), rejected.code, rejected.status) == (AmazonRejected, "invalid_client", 401)
    assert isinstance(translate(lwa_down, operation="getOrder", account="na"), AmazonUnavailable)
    assert translate(KeyError("bug"), operation="getOrder", account="na") is None


def test_server_clock_carries_amazons_date_forward():
    # Given a clock that saw Amazon's Date 10 monotonic seconds ago
    ticks = iter([100.0, 110.0])
    clock = ServerClock(monotonic=lambda: next(ticks))
    clock.observe("Fri, 27 Nov 2026 10:00:00 GMT")

    # When asked for Amazon's now, Then it is that Date plus the elapsed time
    assert clock.last_seen == datetime(2026, 11, 27, 10, 0, tzinfo=timezone.utc)
    assert clock.now() == datetime(2026, 11, 27, 10, 0, 10, tzinfo=timezone.utc)


def test_server_clock_ignores_missing_or_garbled_dates():
    clock = ServerClock()
    clock.observe(None)
    clock.observe("yesterday-ish")
    assert clock.now() is None


def test_rate_limit_header_replaces_the_published_rate_per_key():
    # Given the published plan of getOrder (0.5/s, burst 30)
    book = RateLimitBook()

    # When Amazon says 2.5 for one account, and sends garbage for another
    book.learn("a:getOrder", "getOrder", "2.5")
    book.learn("b:getOrder", "getOrder", "fast")

    # Then only the first account's limit changes, and the burst stays the published one
    assert book.limit("a:getOrder", "getOrder") == RateLimit(2.5, 30)
    assert book.limit("b:getOrder", "getOrder") == RateLimit(0.5, 30)
    assert book.learn("a:getOrder", "getOrder", None) == RateLimit(2.5, 30)


def test_token_is_fetched_once_and_again_only_when_close_to_expiry():
    # Given a token cache on a clock we move, and an LWA that hands out 2-minute tokens
    now = [1000.0]
    cache = TokenCache(refresh_margin_seconds=60, monotonic=lambda: now[0])
    issued = iter([{"access_token": "first", "expires_in": 120}, {"access_token": "second", "expires_in": 120}])

    # When it is asked three times: at once, 59 s later, and 61 s later
    answers = [cache.get(lambda: next(issued))["access_token"]]
    now[0] += 59
    answers.append(cache.get(lambda: next(issued))["access_token"])
    now[0] += 2
    answers.append(cache.get(lambda: next(issued))["access_token"])

    # Then the token is reused until a minute before it expires, then fetched again
    assert answers == ["first", "first", "second"] and cache.fetches == 2


def test_lwa_is_amazons_for_amazon_hosts_and_the_stand_ins_own_otherwise():
    assert default_lwa_url("https://sellingpartnerapi-eu.amazon.com") == "https://api.amazon.com/auth/o2/token"
    assert default_lwa_url("https://sandbox.sellingpartnerapi-na.amazon.com") == "https://api.amazon.com/auth/o2/token"
    assert default_lwa_url("http://127.0.0.1:8100/") == "http://127.0.0.1:8100/auth/o2/token"
