"""The notification reader in this process, against real components: the SP-API simulator pushing ORDER_CHANGE
to moto's SQS server (a process), boto3, python-amazon-sp-api, and the bus on the real Redis."""

from __future__ import annotations

import json
import threading
import time
from datetime import timedelta

import pytest

from amzbus.bus.app import Bus, Consumer
from amzbus.bus.broker import make_broker
from amzbus.bus.settings import BusSettings
from amzbus.connectors.amazon import preview_order_events
from amzbus.ops.demo_stack import free_port
from amzbus.producers.amazon_notifications import DEAD_LETTER_TASK, NotificationHandler, notification_handler
from amzbus.producers.notification_reader import build_reader


def read_until_published(reader, *, count: int = 1, rounds: int = 15):
    """Read (1-second long polls) until ``count`` events were published; the number published."""
    published = 0
    for _ in range(rounds):
        published += reader.read_once().outcomes.get("published", 0)
        if published >= count:
            break
    return published


def read_everything(reader, *, rounds: int = 5):
    """Read until a round brings nothing; the results of the rounds that brought something."""
    results = []
    for _ in range(rounds):
        result = reader.read_once()
        if not result.received:
            break
        results.append(result)
    return results


def test_an_unshipped_notification_publishes_the_polls_event_and_is_then_deleted(push):
    # Given an account subscribed to ORDER_CHANGE and an FBM order that becomes eligible
    push.subscribe()
    order_id = push.order()
    push.admin("POST", f"orders/{order_id}/make-eligible")
    push.wait_for_messages(2)  # Pending, then Unshipped
    # When the reader reads the queue
    reader = build_reader(push.runtime)
    results = read_everything(reader)
    # Then one OrderPlaced was published, with the very event id the poll publishes for that order
    assert sum(r.outcomes.get("published", 0) for r in results) == 1
    assert sum(r.outcomes.get("nothing", 0) for r in results) == 1  # the Pending one
    push.admin("POST", "clock/advance", {"seconds": 300})  # past the 2-minute rule, for the poll
    client = push.runtime.amazon_clients["sim-na"]
    client.orders.get_order(order_id)  # learns Amazon's new time from the answer
    polled = [e.event_id for e in preview_order_events(client, since=client.server_time - timedelta(hours=1),
                                                       marketplaces=push.runtime.settings.marketplaces)]
    assert push.published_event_ids() == polled
    # And nothing is left in SQS, neither waiting nor in flight
    assert push.depth() == {"visible": 0, "in_flight": 0}


def test_a_pending_notification_costs_no_get_order(push):
    push.subscribe()
    push.order()
    push.wait_for_messages(1)
    results = read_everything(build_reader(push.runtime))
    assert [r.outcomes for r in results] == [{"nothing": 1}]
    assert push.calls("getOrder") == 0
    assert push.published_event_ids() == []


def test_duplicated_and_late_notifications_publish_the_order_as_amazon_has_it_now(push):
    # Given every notification sent twice, and an order made eligible then cancelled before anything is read
    push.admin("PUT", "notifications", {"duplicate_rate": 1.0})
    push.subscribe()
    order_id = push.order()
    push.admin("POST", f"orders/{order_id}/make-eligible")
    push.wait_for_messages(4)
    push.admin("POST", f"orders/{order_id}/cancel", {"by": "MERCHANT", "reason": "Out of stock"})
    push.wait_for_messages(6)  # Pending x2, Unshipped x2, Canceled x2
    # When the reader reads them all (the Unshipped ones after the cancellation happened)
    read_everything(build_reader(push.runtime))
    # Then every copy published the same event: the cancellation, never an order to create
    ids = push.published_event_ids()
    assert len(ids) == 4 and len(set(ids)) == 1
    assert push.runtime.bus.redis.hlen(f"{push.runtime.namespace}:to_odoo.msgs") == 4


def test_notifications_of_sellers_and_marketplaces_not_configured_are_ignored(push):
    # Given both accounts subscribed but a handler that knows only the EU account's DE marketplace
    push.subscribe("sim-na")
    push.subscribe("sim-eu")
    settings = push.runtime.settings
    eu = settings.account("sim-eu")
    only_de = eu.__class__(**{**eu.__dict__, "marketplaces": tuple(m for m in eu.marketplaces if m.code == "DE")})
    reader = build_reader(push.runtime)
    reader.handler = NotificationHandler(accounts=(only_de,), clients=push.runtime.amazon_clients,
                                         publish=push.runtime.bus.publish, hand_over_unmappable=lambda *_: None,
                                         marketplaces=settings.marketplaces)
    push.admin("POST", f"orders/{push.order(account='sim-na')}/make-eligible")
    push.admin("POST", f"orders/{push.order(account='sim-eu', marketplaces=['FR'])}/make-eligible")
    push.wait_for_messages(4)
    # When the reader reads them
    results = read_everything(reader)
    # Then they are dropped from the queue without a getOrder
    assert sum(r.outcomes.get("ignored", 0) for r in results) == 4
    assert push.calls("getOrder") == 0 and push.depth()["visible"] == 0


def test_an_amazon_outage_during_get_order_keeps_the_message_until_it_can_be_handled(push):
    # Given an eligible order's notifications, and getOrder answering 503
    push.subscribe()
    push.admin("POST", f"orders/{push.order()}/make-eligible")
    push.wait_for_messages(2)
    push.admin("PUT", "faults", {"getOrder": {"error_ratio": 1.0, "error_status": 503}})
    reader = build_reader(push.runtime)
    # When the reader reads them
    first = read_everything(reader)
    # Then the Unshipped one stays in SQS (in flight until its visibility timeout), nothing is published
    assert sum(r.kept for r in first) == 1 and push.published_event_ids() == []
    assert push.depth()["in_flight"] == 1
    # And once Amazon is back, SQS delivers it again and it is published
    push.admin("DELETE", "faults")
    assert read_until_published(reader) == 1
    assert push.depth() == {"visible": 0, "in_flight": 0}


def test_while_redis_is_unreachable_the_reader_keeps_every_message_and_a_later_reader_publishes_them(push):
    # Given a bus whose Redis does not answer
    down = BusSettings(broker_url=f"redis://127.0.0.1:{free_port()}/0", namespace=push.runtime.namespace)
    dead_bus = Bus(make_broker(down))
    dead_bus.subscribe(Consumer("apply_order_placed", "OrderPlaced", "to_odoo", lambda envelope: None))
    push.subscribe()
    push.admin("POST", f"orders/{push.order()}/make-eligible")
    push.wait_for_messages(2)
    stranded = build_reader(push.runtime)
    stranded.handler = NotificationHandler(
        accounts=push.runtime.settings.accounts, clients=push.runtime.amazon_clients, publish=dead_bus.publish,
        hand_over_unmappable=lambda *_: None, marketplaces=push.runtime.settings.marketplaces)
    # When that reader runs for a while, it neither stops nor deletes the message it could not publish
    stop = threading.Event()
    runner = threading.Thread(target=stranded.run, args=(stop,))
    runner.start()
    runner.join(timeout=4)
    assert runner.is_alive()
    stop.set()
    runner.join(timeout=30)
    assert push.published_event_ids() == []
    # Then a reader with a working bus publishes it once SQS delivers it again
    assert read_until_published(build_reader(push.runtime)) == 1


def test_a_malformed_message_is_handed_to_the_dead_letter_task_with_its_raw_body(push):
    push.sqs.client().send_message(QueueUrl=push.queue.url, MessageBody="{not json")
    results = read_everything(build_reader(push.runtime))
    assert [r.outcomes for r in results] == [{"dead_lettered": 1}]
    raw = push.runtime.redis.hvals(f"{push.runtime.namespace}:polls.msgs")
    messages = [json.loads(m) for m in raw]
    assert [(m["actor_name"], m["args"][0]) for m in messages] == [(DEAD_LETTER_TASK, "{not json")]
    assert "not JSON" in messages[0]["args"][1]
    assert push.depth() == {"visible": 0, "in_flight": 0}


@pytest.mark.parametrize(("fba", "action", "pushed"), [
    (False, "make-eligible", {"Pending", "Unshipped"}), (True, "ship", {"Pending", "Shipped"}),
    (False, "cancel", {"Pending", "Unshipped", "Canceled"}),
], ids=["fbm-unshipped", "fba-shipped", "buyer-cancelled-after-eligible"])
def test_what_the_simulator_pushes_passes_amazons_schema(push, fba, action, pushed):
    from amzbus.connectors.amazon.order_change import decode_body, parse_order_change

    push.subscribe()
    order_id = push.order(fba=fba)
    if action == "cancel":
        push.admin("POST", f"orders/{order_id}/make-eligible")
        push.wait_for_messages(2)
    push.admin("POST", f"orders/{order_id}/{action}", {"by": "BUYER"} if action == "cancel" else None)
    push.wait_for_messages(len(pushed))
    messages = push.sqs.client().receive_message(QueueUrl=push.queue.url, MaxNumberOfMessages=10,
                                                 WaitTimeSeconds=1)["Messages"]
    changes = [parse_order_change(decode_body(m["Body"])) for m in messages]
    assert {c.order_status for c in changes} == pushed
    assert {c.order_id for c in changes} == {order_id}
    if action == "cancel":
        assert {c.change_type for c in changes} == {"OrderStatusChange", "BuyerRequestedChange"}


def test_a_notification_of_an_order_amazon_does_not_know_is_dead_lettered_with_amazons_answer(push):
    # Given a well-formed notification, for a configured seller, of an order Amazon has no trace of
    from importlib import resources

    text = resources.files("amzbus.connectors.amazon").joinpath("models/OrderChangeNotification.json").read_text()
    body = json.loads(text)["examples"][0]
    change = body["Payload"]["OrderChangeNotification"]
    change["SellerId"] = push.runtime.settings.account("sim-na").seller_id
    change["AmazonOrderId"] = "111-0000000-0000000"
    push.sqs.client().send_message(QueueUrl=push.queue.url, MessageBody=json.dumps(body))
    # When the reader reads it
    results = read_everything(build_reader(push.runtime))
    # Then it is handed to the dead letters with Amazon's 404, and gone from SQS
    assert [r.outcomes for r in results] == [{"dead_lettered": 1}]
    (message,) = [json.loads(m) for m in push.runtime.redis.hvals(f"{push.runtime.namespace}:polls.msgs")]
    assert message["actor_name"] == DEAD_LETTER_TASK and "getOrder" in message["args"][1]
    assert "HTTP 404" in message["args"][1]
    assert push.depth() == {"visible": 0, "in_flight": 0}


def test_a_notification_that_keeps_failing_is_dead_lettered_at_its_fifth_delivery_and_replays(push, tmp_path):
    # Given a bus with nobody subscribed to OrderPlaced (no [odoo] section): publishing an order fails
    from amzbus.bus.config_file import load_settings
    from amzbus.ops.runtime import Runtime
    from amzbus.producers.notification_reader import POISON_RECEIVES, NotificationReader

    text = push.config_path.read_text()
    start = text.index("[odoo]")
    without_odoo = tmp_path / "no-odoo.toml"
    without_odoo.write_text(text[:start] + text[text.index("[[accounts]]", start):], encoding="utf-8")
    runtime = Runtime(load_settings(without_odoo, environ=push.env), environ=push.env)
    runtime.register_consumers()
    healthy = build_reader(runtime)
    reader = NotificationReader(queue=healthy.queue, handler=healthy.handler, dead_letter=healthy._dead_letter,
                                stats=healthy.stats, wait_seconds=1, visibility_timeout_seconds=1)
    push.subscribe()
    push.admin("POST", f"orders/{push.order()}/make-eligible")
    push.wait_for_messages(2)
    # When the reader gets the Unshipped notification again and again
    outcomes: dict[str, int] = {}
    for _ in range(4 * POISON_RECEIVES):
        for kind, count in reader.read_once().outcomes.items():
            outcomes[kind] = outcomes.get(kind, 0) + count
        if outcomes.get("dead_lettered"):
            break
    # Then it was kept four times, then handed to the dead letters with the reason, and is gone from SQS
    assert outcomes == {"nothing": 1, "retry_later": POISON_RECEIVES - 1, "dead_lettered": 1}
    (message,) = [json.loads(m) for m in runtime.redis.hvals(f"{runtime.namespace}:polls.msgs")]
    assert f"handling failed {POISON_RECEIVES} times: ConfigError" in message["args"][1]
    assert push.depth() == {"visible": 0, "in_flight": 0}
    for client in runtime.amazon_clients.values():
        client.close()
    # And once the configuration is fixed, replaying the dead letter publishes the order
    replay_dead_notification_and_wait(push)


def replay_dead_notification_and_wait(push) -> None:
    import dramatiq

    from bus_testing import wait_for

    worker = dramatiq.Worker(push.runtime.parts.broker, queues={"polls"}, worker_threads=1)
    worker.start()
    try:
        wait_for(lambda: len(push.runtime.dead_letters.list()) == 1, timeout=20, message="the dead letter")
        (letter,) = push.runtime.dead_letters.list()
        assert letter.actor == DEAD_LETTER_TASK and "handling failed" in letter.failure.error_message
        push.runtime.dead_letters.replay([letter.id])
        wait_for(lambda: len(push.published_event_ids()) == 1, timeout=20, message="the replayed order published")
    finally:
        worker.stop()
    assert push.runtime.dead_letters.list() == []


def test_a_running_reader_shows_as_the_amazon_notifications_stream_in_status(push):
    reader = build_reader(push.runtime)
    stop = threading.Event()
    runner = threading.Thread(target=reader.run, args=(stop,))
    runner.start()
    try:
        deadline = time.monotonic() + 10
        while "amazon:notifications" not in push.runtime.stream_health.report():
            assert time.monotonic() < deadline, "the reader never noted a round"
            time.sleep(0.1)
    finally:
        stop.set()
        runner.join(timeout=10)
    assert push.runtime.stream_health.report()["amazon:notifications"]["last_success_at"] is not None
