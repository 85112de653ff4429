"""``amzbus notifications setup|status|teardown`` as a real command against the simulator's Notifications API
(grantless destinations, the seller's subscriptions) and moto's SQS server."""

from __future__ import annotations

import json
import subprocess
import sys

import httpx


def amzbus(push, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "amzbus", "--config", str(push.config_path), *args],
                          env=push.env, capture_output=True, text=True, timeout=60)


def test_setup_creates_the_destination_once_and_subscribes_each_account_once(push):
    # When setup runs for one account, then for all of them, then again
    first = amzbus(push, "notifications", "setup", "--account", "sim-na", "--queue-arn", push.queue.arn)
    second = amzbus(push, "notifications", "setup", "--all")
    third = amzbus(push, "notifications", "setup", "--all")
    # Then the destination and each subscription were created once, and found afterwards
    assert first.returncode == 0, first.stderr
    assert "(created)" in first.stdout and first.stdout.count("created") == 2
    assert second.returncode == 0 and "sim-na: destination" in second.stdout and "already there" in second.stdout
    assert third.returncode == 0 and "created" not in third.stdout
    assert push.calls("createSubscription") == 2
    assert push.calls("createDestination") == 2  # one per application: each simulated seller has its own


def test_status_shows_subscriptions_queue_depth_and_the_last_notification(push):
    push.subscribe()
    push.order()  # its Pending notification waits in the queue
    status = amzbus(push, "notifications", "status", "--json")
    assert status.returncode == 0, status.stderr
    report = json.loads(status.stdout)
    assert report["subscriptions"]["sim-na"]["payload_version"] == "1.0"
    assert report["subscriptions"]["sim-eu"] is None
    assert report["queue"]["visible"] + report["queue"]["in_flight"] == 1
    assert report["readers"]["last_notification_age_seconds"] is None
    text = amzbus(push, "notifications", "status")
    assert "sim-eu: not subscribed" in text.stdout and "last notification: never" in text.stdout


def test_teardown_removes_the_subscription_and_with_destination_the_destination(push):
    push.subscribe()
    removed = amzbus(push, "notifications", "teardown", "--account", "sim-na", "--destination")
    assert removed.returncode == 0, removed.stderr
    assert "subscription" in removed.stdout and "destination" in removed.stdout
    notifications = push.runtime.amazon_clients["sim-na"].notifications
    assert notifications.subscription() is None and notifications.destinations() == []
    again = amzbus(push, "notifications", "teardown", "--account", "sim-na")
    assert again.returncode == 0 and "not subscribed" in again.stdout


def test_setup_refuses_a_queue_that_is_not_an_sqs_arn(push):
    refused = amzbus(push, "notifications", "setup", "--account", "sim-na", "--queue-arn", "https://sqs/queue")
    assert refused.returncode == 1
    assert refused.stderr.strip().startswith("amzbus: error: give --queue-arn arn:aws:sqs:")


def test_destinations_take_only_grantless_tokens_and_subscriptions_only_the_sellers(push):
    account = push.admin("GET", "accounts")["accounts"][0]
    lwa = f"{push.amazon.url}/auth/o2/token"
    seller = httpx.post(lwa, data={"grant_type": "refresh_token", "refresh_token": account["refreshToken"],
                                   "client_id": account["lwaClientId"],
                                   "client_secret": account["lwaClientSecret"]}).json()["access_token"]
    grantless = httpx.post(lwa, data={"grant_type": "client_credentials", "scope": "sellingpartnerapi::notifications",
                                      "client_id": account["lwaClientId"],
                                      "client_secret": account["lwaClientSecret"]}).json()["access_token"]
    destinations = f"{push.amazon.url}/notifications/v1/destinations"
    subscription = f"{push.amazon.url}/notifications/v1/subscriptions/ORDER_CHANGE"
    assert httpx.get(destinations, headers={"x-amz-access-token": seller}).status_code == 403
    assert httpx.get(destinations, headers={"x-amz-access-token": grantless}).status_code == 200
    assert httpx.get(subscription, headers={"x-amz-access-token": grantless}).status_code == 403
    assert httpx.get(subscription, headers={"x-amz-access-token": seller}).status_code == 404  # none yet
    wrong_scope = httpx.post(lwa, data={"grant_type": "client_credentials", "scope": "sellingpartnerapi::other",
                                        "client_id": account["lwaClientId"],
                                        "client_secret": account["lwaClientSecret"]})
    assert wrong_scope.status_code == 400 and wrong_scope.json()["error"] == "invalid_scope"


def test_a_second_subscription_to_another_destination_is_refused_naming_teardown(push):
    push.subscribe()
    other = push.sqs.create_queue(f"{push.queue.url.rsplit('/', 1)[-1]}-other")
    refused = amzbus(push, "notifications", "setup", "--account", "sim-na", "--queue-arn", other.arn)
    assert refused.returncode == 1
    assert "already subscribed to ORDER_CHANGE" in refused.stderr and "teardown" in refused.stderr


def test_listen_without_a_queue_names_the_setting_to_add(push):
    text = push.config_path.read_text()
    push.config_path.write_text(text.split("\n[notifications]")[0], encoding="utf-8")
    refused = amzbus(push, "notifications", "listen")
    assert refused.returncode == 1
    assert "notifications.queue_url is not set" in refused.stderr
