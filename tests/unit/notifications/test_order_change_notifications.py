"""ORDER_CHANGE notifications read against Amazon's published schema (vendored in the package), and what
each one asks of the bus."""

from __future__ import annotations

import copy
import json
from importlib import resources

import pytest

from amzbus.bus.config_file import settings_from_mapping
from amzbus.bus.errors import ConfigError
from amzbus.connectors.amazon.order_change import MalformedNotification, decode_body, parse_order_change


def amazons_example() -> dict:
    """The example notification in Amazon's own schema file."""
    text = resources.files("amzbus.connectors.amazon").joinpath("models/OrderChangeNotification.json").read_text()
    return copy.deepcopy(json.loads(text)["examples"][0])


def with_summary(**changes) -> dict:
    body = amazons_example()
    body["Payload"]["OrderChangeNotification"]["Summary"].update(changes)
    return body


def test_amazons_example_is_read_into_an_order_change():
    change = parse_order_change(amazons_example())
    assert (change.seller_id, change.order_id, change.marketplace_id) == (
        "A3TH9S8BH6GOGM", "903-8868176-2219830", "ATVPDKIKX0DER")
    assert (change.order_status, change.status, change.fulfillment_type) == ("Unshipped", "UNSHIPPED", "MFN")
    assert change.notification_id == "d0e9e693-c3ad-4373-979f-ed4ec98dd746"


@pytest.mark.parametrize(("fulfillment", "status", "fetch"), [
    ("MFN", "Pending", False), ("MFN", "Unshipped", True), ("MFN", "PartiallyShipped", True),
    ("MFN", "Shipped", True), ("MFN", "Canceled", True), ("AFN", "Pending", False), ("AFN", "Unshipped", False),
    ("AFN", "Shipped", True), ("AFN", "Canceled", True), ("MFN", "Unfulfillable", False), ("MFN", "InvoiceUnconfirmed", False),
])
def test_only_changes_the_poll_would_publish_are_worth_a_get_order(fulfillment, status, fetch):
    change = parse_order_change(with_summary(FulfillmentType=fulfillment, OrderStatus=status))
    assert change.worth_fetching is fetch


def test_a_notification_without_a_seller_is_refused_naming_the_place():
    body = amazons_example()
    del body["Payload"]["OrderChangeNotification"]["SellerId"]
    with pytest.raises(MalformedNotification, match=r"Payload/OrderChangeNotification: 'SellerId' is a required"):
        parse_order_change(body)


def test_a_fulfillment_type_amazon_does_not_publish_is_refused():
    with pytest.raises(MalformedNotification, match="Summary/FulfillmentType"):
        parse_order_change(with_summary(FulfillmentType="FBM"))


@pytest.mark.parametrize(("text", "reason"), [("{not json", "not JSON"), ("[1, 2]", "JSON list, not an object"),
                                              ("", "not JSON")])
def test_a_body_that_is_not_a_json_object_is_refused(text, reason):
    with pytest.raises(MalformedNotification, match=reason):
        decode_body(text)


def test_the_notifications_section_is_read_with_its_defaults():
    settings = settings_from_mapping({"notifications": {"queue_url": "https://sqs.eu-west-1.amazonaws.com/1/q",
                                                        "queue_arn": "arn:aws:sqs:eu-west-1:1:q",
                                                        "region": "eu-west-1"}}, source="t.toml", environ={})
    n = settings.notifications
    assert (n.queue_url, n.region, n.wait_seconds, n.max_messages, n.visibility_timeout_seconds) == (
        "https://sqs.eu-west-1.amazonaws.com/1/q", "eu-west-1", 20, 10, 60)


@pytest.mark.parametrize(("values", "message"), [
    ({"wait_seconds": 21}, "notifications.wait_seconds: must be at most 20"),
    ({"max_messages": 11}, "notifications.max_messages: must be at most 10"),
    ({"queue_arn": "https://sqs/q"}, "notifications.queue_arn: must be an SQS queue ARN"),
    ({"aws_secret_access_key": "x"}, "aws_secret_access_key"),
])
def test_a_wrong_notifications_setting_is_named(values, message):
    with pytest.raises(ConfigError, match=message):
        settings_from_mapping({"notifications": values}, source="t.toml", environ={})
