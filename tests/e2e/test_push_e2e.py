"""Push end to end: Amazon (simulator process) pushes ORDER_CHANGE to a real local SQS (moto's server process),
``amzbus notifications listen`` reads it, a worker applies the events to Odoo (simulator process); real Redis.

The scheduler runs only where the poll is meant to be the backstop: elsewhere every order must come by push.
"""

from __future__ import annotations

import json
import time

import pytest
from e2e_stack import prepared_stack, say

from amzbus.ops.demo import amazon_orders, run_orders
from amzbus.ops.push_stack import start_push, start_reader
from amzbus.ops.reconcile import reconcile
from amzbus.producers.amazon_notifications import DEAD_LETTER_TASK
from amzbus.producers.notification_stats import NotificationStats

ORDERS = 40


@pytest.fixture
def stack(redis_url, namespace):
    stack = prepared_stack(redis_url, namespace)
    pushes = []
    stack.push = lambda **options: pushes.append(start_push(stack, **options)) or pushes[-1]
    yield stack
    stack.stop()
    for push in pushes:
        push.sqs.stop()


def by_notification(stack) -> set[str]:
    return NotificationStats(stack.runtime.redis, namespace=stack.namespace).orders_published()


def assert_odoo_matches_amazon(outcome) -> None:
    r = outcome.reconciliation
    assert r.amazon_orders == ORDERS and r.eligible > 0
    assert r.missing == [] and r.unexpected == [] and r.not_cancelled == [] and r.not_confirmed == []
    assert r.duplicates == [] and r.wrong_totals == [] and r.wrong_lines == []


@pytest.mark.timeout(240)
def test_every_order_arrives_by_notification_and_a_malformed_one_is_dead_lettered(stack):
    # Given push set up for both accounts, a reader and a worker, and no poll at all
    push = stack.push()
    stack.start_worker()
    start_reader(stack)
    # and a message in the queue that is not a notification Amazon would send
    garbage = json.dumps({"NotificationType": "ORDER_CHANGE", "Payload": {"OrderChangeNotification": {}}})
    push.sqs.client().send_message(QueueUrl=push.queue_url, MessageBody=garbage)
    # When orders are placed and go through their lifecycle
    outcome = run_orders(stack, count=ORDERS, say=say, timeout=150)
    # Then Odoo matches Amazon, every order having come by notification
    assert_odoo_matches_amazon(outcome)
    imported = {o["orderId"] for o in amazon_orders(stack) if o["fulfillment"]["fulfillmentStatus"] != "PENDING"}
    assert imported and imported <= by_notification(stack)
    # And the malformed message is the one dead letter, with its raw body and the reason
    letters = stack.runtime.dead_letters.list()
    assert [letter.actor for letter in letters] == [DEAD_LETTER_TASK]
    body, reason = letters[0].payload
    assert body == garbage and "fails Amazon's schema" in reason


@pytest.mark.timeout(300)
def test_with_a_fifth_of_notifications_dropped_the_poll_brings_the_rest(stack):
    # Given Amazon dropping 20% of its notifications, a reader, a worker and the scheduler's poll
    stack.push(drop_rate=0.2)
    stack.start_worker()
    start_reader(stack)
    stack.start_scheduler()
    # When orders go through their lifecycle
    outcome = run_orders(stack, count=ORDERS, say=say, timeout=200)
    # Then every order is in Odoo, most by notification and the rest by the poll
    assert_odoo_matches_amazon(outcome)
    assert outcome.dead_letters == 0
    assert stack.amazon_admin("GET", "notifications")["dropped"] > 0
    published = {o["orderId"] for o in amazon_orders(stack) if o["fulfillment"]["fulfillmentStatus"] != "PENDING"}
    assert 0 < len(by_notification(stack) & published) < len(published)


@pytest.mark.timeout(240)
def test_a_reader_killed_mid_batch_loses_nothing(stack):
    # Given ten eligible orders whose notifications wait in the queue, and a slow getOrder (1 s each)
    stack.push(duplicate_rate=0.0, visibility_timeout_seconds=5)
    stack.start_worker()
    ids = stack.amazon_admin("POST", "orders/generate", count=10, account="sim-eu",
                             mix={"auto_lifecycle": False, "fba_ratio": 0.0, "cancel_before_eligible_ratio": 0,
                                  "cancel_after_eligible_ratio": 0})["orders"]
    for order_id in ids:
        stack.amazon_admin("POST", f"orders/{order_id}/make-eligible")
    wait_until(lambda: stack.amazon_admin("GET", "notifications")["sent"] >= 10, "ten notifications sent")
    stack.amazon_admin("PUT", "faults", getOrder={"latency_seconds": 1.0})
    # When a reader takes the batch and is killed (SIGKILL) after publishing two of its orders
    start_reader(stack, "reader-1")
    wait_until(lambda: len(by_notification(stack)) >= 2, "two orders published by the first reader")
    stack.kill("reader-1")
    assert len(by_notification(stack)) < 10
    # Then a second reader gets the rest once their visibility timeout lapses, and every order reaches Odoo
    stack.amazon_admin("DELETE", "faults")
    start_reader(stack, "reader-2")
    wait_until(lambda: reconcile([stack.amazon_admin("GET", f"orders/{i}")["order"] for i in ids],
                                 stack.runtime.odoo_client, marketplaces=stack.runtime.settings.marketplaces).ok,
               "all ten orders confirmed in Odoo", timeout=90)
    assert by_notification(stack) == set(ids)
    assert stack.runtime.dead_letters.list() == []


def wait_until(condition, what: str, *, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")
