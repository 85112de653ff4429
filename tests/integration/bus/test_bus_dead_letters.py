"""Dead letters, retries and rescue, with the real Redis and real worker processes."""

from __future__ import annotations

import time

from bus_test_consumers import keys, mode_key
from bus_testing import amzbus, amzbus_json, wait_for
from events import stock_changed



def counter(redis_client, key: str) -> int:
    return int(redis_client.get(key) or 0)


def test_a_permanent_failure_is_dead_lettered_with_its_reason_and_replayed_exactly_once(
        config_file, namespace, redis_client, publisher, start_worker):
    # Given a consumer that refuses the event permanently
    event = stock_changed()
    redis_client.set(mode_key(namespace, event.payload.sku), "permanent")
    start_worker(config_file)
    # When the event is published
    publisher.publish(event)
    # Then it is dead-lettered with the reason after a single attempt
    letters = wait_for(lambda: amzbus_json("dlq", "list", config=config_file), message="a dead letter")
    assert len(letters) == 1
    letter = letters[0]
    assert letter["event_id"] == event.event_id
    assert letter["event_type"] == "StockChanged"
    assert letter["error_type"] == "PermanentError"
    assert "the product is archived" in letter["error_message"]
    assert letter["attempts"] == 1
    assert counter(redis_client, keys(namespace, event.event_id)["applied"]) == 0
    # When the cause is fixed and the dead letter replayed
    redis_client.set(mode_key(namespace, event.payload.sku), "ok")
    first = amzbus("dlq", "replay", letter["id"], config=config_file)
    assert first.returncode == 0, first.stderr
    # Then it is applied once, and the dead letters are empty
    wait_for(lambda: counter(redis_client, keys(namespace, event.event_id)["applied"]) == 1, message="the replay")
    assert amzbus_json("dlq", "list", config=config_file) == []
    # And a second replay changes nothing
    second = amzbus("dlq", "replay", letter["id"], config=config_file)
    assert second.returncode == 0, second.stderr
    assert "already replayed" in second.stdout
    time.sleep(1.0)
    assert counter(redis_client, keys(namespace, event.event_id)["applied"]) == 1


def test_a_retryable_failure_that_clears_after_three_attempts_is_applied_once_and_never_dead_lettered(
        config_file, namespace, redis_client, publisher, start_worker):
    # Given a consumer that fails twice, then succeeds
    event = stock_changed()
    redis_client.set(mode_key(namespace, event.payload.sku), "flaky:3")
    start_worker(config_file)
    # When the event is published
    publisher.publish(event)
    # Then it is applied once, on the third attempt
    wait_for(lambda: counter(redis_client, keys(namespace, event.event_id)["applied"]) == 1,
             timeout=30, message="the third attempt")
    assert counter(redis_client, keys(namespace, event.event_id)["attempts"]) == 3
    time.sleep(0.5)
    assert counter(redis_client, keys(namespace, event.event_id)["applied"]) == 1
    assert amzbus_json("dlq", "list", config=config_file) == []


def test_a_message_of_a_worker_killed_mid_way_is_rescued_and_applied_exactly_once(
        config_file, namespace, redis_client, publisher, start_worker):
    # Given a worker that is in the middle of a message
    event = stock_changed()
    redis_client.set(mode_key(namespace, event.payload.sku), "hang-first")
    worker = start_worker(config_file)
    publisher.publish(event)
    wait_for(lambda: counter(redis_client, keys(namespace, event.event_id)["attempts"]) == 1,
             message="the first attempt to start")
    # When it is killed with SIGKILL and its heartbeat times out
    worker.kill()
    time.sleep(2.0)
    status = amzbus_json("status", config=config_file)
    assert {q["queue"]: q["in_flight"] for q in status["queues"]}["to_amazon"] == 1
    # Then `amzbus dlq rescue` puts the message back
    rescued = amzbus_json("dlq", "rescue", config=config_file)
    assert [(r["queue"], r["count"]) for r in rescued] == [("to_amazon", 1)]
    # And a new worker applies it exactly once
    start_worker(config_file)
    wait_for(lambda: counter(redis_client, keys(namespace, event.event_id)["applied"]) == 1, message="the rescue")
    time.sleep(0.5)
    assert counter(redis_client, keys(namespace, event.event_id)["applied"]) == 1
    assert amzbus_json("dlq", "rescue", config=config_file) == []


def test_a_restarted_worker_rescues_stranded_messages_by_itself(
        config_file, namespace, redis_client, publisher, start_worker):
    # Given a worker killed in the middle of a message
    event = stock_changed()
    redis_client.set(mode_key(namespace, event.payload.sku), "hang-first")
    worker = start_worker(config_file)
    publisher.publish(event)
    wait_for(lambda: counter(redis_client, keys(namespace, event.event_id)["attempts"]) == 1, message="attempt 1")
    worker.kill()
    # When another worker runs, without any operator action
    start_worker(config_file)
    # Then the message is applied once, after about one heartbeat timeout
    wait_for(lambda: counter(redis_client, keys(namespace, event.event_id)["applied"]) == 1,
             timeout=20, message="the worker's own recovery")


def test_the_same_event_delivered_fifty_times_concurrently_is_applied_exactly_once(
        config_file, namespace, redis_client, publisher, start_worker):
    # Given two worker processes of eight threads, and a consumer that takes a moment
    event = stock_changed()
    redis_client.set(mode_key(namespace, event.payload.sku), "slow")
    start_worker(config_file)
    start_worker(config_file)
    time.sleep(1.5)
    # When the same event is published 50 times from 8 threads
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda _: publisher.publish(event), range(50)))
    # Then every copy is consumed, and the event was applied exactly once
    def drained():
        queues = {q["queue"]: q for q in amzbus_json("status", config=config_file)["queues"]}
        return queues["to_amazon"]["ready"] == 0 and queues["to_amazon"]["in_flight"] == 0
    wait_for(drained, timeout=30, interval=0.3, message="the queue to drain")
    assert counter(redis_client, keys(namespace, event.event_id)["applied"]) == 1
    assert amzbus_json("dlq", "list", config=config_file) == []


def test_a_dead_letter_is_shown_masked_but_replayed_with_its_full_payload(
        config_file, namespace, redis_client, publisher, start_worker):
    from order_events import order_placed_envelope

    # Given an order event with a buyer's personal data that Odoo refuses
    event = order_placed_envelope(order_id="302-7777777-0000001")
    start_worker(config_file)
    publisher.publish(event)
    letter = wait_for(lambda: amzbus_json("dlq", "list", "--event-type", "OrderPlaced", config=config_file),
                      message="the dead letter")[0]
    # When an operator shows it
    shown = amzbus("dlq", "show", letter["id"], "--json", config=config_file)
    # Then the reason is there and the personal data is not
    assert shown.returncode == 0, shown.stderr
    assert "the country is missing" in shown.stdout
    for personal in ("Jane Doe", "jane.doe@example.com", "Rivoli", "+33 6 12 34 56 78"):
        assert personal not in shown.stdout
    assert "302-7777777-0000001" in shown.stdout
    # And when the cause is fixed and it is replayed, the consumer receives the full payload
    redis_client.set(mode_key(namespace, "302-7777777-0000001"), "ok")
    assert amzbus("dlq", "replay", "--event-type", "OrderPlaced", config=config_file).returncode == 0
    applied = keys(namespace, event.event_id)["applied"]
    wait_for(lambda: counter(redis_client, applied) == 1, message="the replay")
    assert redis_client.get(applied + ":buyer") == b"Jane Doe"


def test_dead_letters_can_be_filtered_and_purged(config_file, namespace, redis_client, publisher, start_worker):
    # Given two dead letters of different types
    from order_events import order_placed_envelope

    stock = stock_changed()
    redis_client.set(mode_key(namespace, stock.payload.sku), "permanent")
    start_worker(config_file)
    publisher.publish(stock)
    publisher.publish(order_placed_envelope(order_id="302-7777777-0000002"))
    wait_for(lambda: len(amzbus_json("dlq", "list", config=config_file)) == 2, message="two dead letters")
    # Then filters select by type, queue and account
    assert [d["event_type"] for d in amzbus_json("dlq", "list", "--queue", "to_amazon", config=config_file)] \
        == ["StockChanged"]
    assert [d["account"] for d in amzbus_json("dlq", "list", "--event-type", "OrderPlaced", config=config_file)] \
        == ["eu-main"]
    assert amzbus_json("dlq", "list", "--account", "nobody", config=config_file) == []
    status = {q["queue"]: q for q in amzbus_json("status", config=config_file)["queues"]}
    assert status["to_amazon"]["dead"] == 1 and status["to_odoo"]["dead"] == 1
    # When all are purged, none is left
    assert amzbus_json("dlq", "purge", "--all", config=config_file) == {"purged": 2}
    assert amzbus_json("dlq", "list", config=config_file) == []
