"""The simulator's Notifications API answers and its ORDER_CHANGE messages are valid against Amazon's published
models (closed objects), and grantless tokens are told apart from sellers' tokens."""

from __future__ import annotations

from datetime import datetime, timezone

from amazon_sim_fixtures import published_models, state, sim  # noqa: F401 (pytest fixtures)

from amzbus.simulators.amazon.order_change_message import order_change_message

NOTIFICATIONS = "notifications-api-model/notifications.json"
ARN = "arn:aws:sqs:us-east-1:123456789012:amzbus"


def grantless_token(sim) -> str:
    account = sim.account
    answer = sim.client.post("/auth/o2/token", data={
        "grant_type": "client_credentials", "scope": "sellingpartnerapi::notifications",
        "client_id": account.lwa_client_id, "client_secret": account.lwa_client_secret})
    assert answer.status_code == 200 and "refresh_token" not in answer.json
    return answer.json["access_token"]


def test_destination_and_subscription_answers_match_the_published_model(sim, published_models):
    grantless = grantless_token(sim)
    created = sim.call("POST", "/notifications/v1/destinations", token=grantless,
                       json={"name": "amzbus", "resourceSpecification": {"sqs": {"arn": ARN}}})
    published_models.validate(NOTIFICATIONS, "CreateDestinationResponse", created.json)
    listed = sim.call("GET", "/notifications/v1/destinations", token=grantless)
    published_models.validate(NOTIFICATIONS, "GetDestinationsResponse", listed.json)
    destination_id = created.json["payload"]["destinationId"]
    subscribed = sim.call("POST", "/notifications/v1/subscriptions/ORDER_CHANGE",
                          json={"destinationId": destination_id, "payloadVersion": "1.0"})
    published_models.validate(NOTIFICATIONS, "CreateSubscriptionResponse", subscribed.json)
    found = sim.call("GET", "/notifications/v1/subscriptions/ORDER_CHANGE")
    published_models.validate(NOTIFICATIONS, "GetSubscriptionResponse", found.json)
    assert found.json == subscribed.json
    subscription_id = found.json["payload"]["subscriptionId"]
    deleted = sim.call("DELETE", f"/notifications/v1/subscriptions/ORDER_CHANGE/{subscription_id}", token=grantless)
    published_models.validate(NOTIFICATIONS, "DeleteSubscriptionByIdResponse", deleted.json)
    gone = sim.call("DELETE", f"/notifications/v1/destinations/{destination_id}", token=grantless)
    published_models.validate(NOTIFICATIONS, "DeleteDestinationResponse", gone.json)
    assert sim.call("GET", "/notifications/v1/subscriptions/ORDER_CHANGE").status_code == 404


def test_second_destinations_and_subscriptions_conflict_with_amazons_error_list(sim, published_models):
    grantless = grantless_token(sim)
    body = {"name": "amzbus", "resourceSpecification": {"sqs": {"arn": ARN}}}
    destination_id = sim.call("POST", "/notifications/v1/destinations", token=grantless,
                              json=body).json["payload"]["destinationId"]
    again = sim.call("POST", "/notifications/v1/destinations", token=grantless, json=body)
    assert again.status_code == 409
    published_models.validate(NOTIFICATIONS, "CreateDestinationResponse", again.json)
    subscription = {"destinationId": destination_id, "payloadVersion": "1.0"}
    assert sim.call("POST", "/notifications/v1/subscriptions/ORDER_CHANGE", json=subscription).status_code == 200
    twice = sim.call("POST", "/notifications/v1/subscriptions/ORDER_CHANGE", json=subscription)
    assert twice.status_code == 409
    published_models.validate(NOTIFICATIONS, "CreateSubscriptionResponse", twice.json)


def test_a_destination_needs_a_grantless_token_and_an_sqs_arn(sim):
    body = {"name": "amzbus", "resourceSpecification": {"sqs": {"arn": "not-an-arn"}}}
    assert sim.call("POST", "/notifications/v1/destinations", json=body).status_code == 403  # seller's token
    refused = sim.call("POST", "/notifications/v1/destinations", token=grantless_token(sim), json=body)
    assert refused.status_code == 400 and "arn:aws:sqs" in refused.json["errors"][0]["message"]


def test_order_change_messages_match_the_published_schema_in_every_state(state, published_models):
    state.generate_orders(count=40, mix={"fba_ratio": 0.4, "cancel_before_eligible_ratio": 0.2,
                                         "cancel_after_eligible_ratio": 0.2, "business_ratio": 0.3,
                                         "eligible_after_seconds": [1, 5], "fba_ship_after_seconds": [1, 5],
                                         "cancel_after_seconds": [1, 5]})
    state.advance_clock(30)
    statuses = set()
    for order in state.orders.all():
        message = order_change_message(order, subscription_id="sub-1", application_id="app-1",
                                       at=datetime.now(timezone.utc))
        published_models.validate_schema("notifications/OrderChangeNotification.json", message)
        statuses.add(message["Payload"]["OrderChangeNotification"]["Summary"]["OrderStatus"])
    assert statuses >= {"Unshipped", "Shipped", "Canceled"}
