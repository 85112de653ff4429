"""The bus on RabbitMQ: same routing, same idempotency, state in Redis; and messages in flight while the
RabbitMQ node restarts are neither lost nor applied twice (on a private node the test starts)."""

from __future__ import annotations

import subprocess
import threading
import time
from collections import Counter

import pika
import pytest
from dramatiq import Worker
from rabbitmq_node import RabbitmqNode, rabbitmq_script

from amzbus.bus.app import Bus, Consumer
from amzbus.bus.broker import make_broker
from amzbus.bus.errors import RetryableError
from amzbus.bus.settings import BusSettings
from events import stock_changed

AMQP_URL = "amqp://guest:guest@127.0.0.1:5672/%2F"


@pytest.fixture
def rabbitmq_url():
    try:
        pika.BlockingConnection(pika.URLParameters(AMQP_URL + "?connection_attempts=1&socket_timeout=2")).close()
    except pika.exceptions.AMQPError as error:
        pytest.skip(f"RabbitMQ is not running at 127.0.0.1:5672: {error}")
    return AMQP_URL


def test_events_published_on_rabbitmq_are_applied_once(rabbitmq_url, redis_url, namespace):
    # Given a bus on RabbitMQ keeping its state in Redis
    bus = Bus(make_broker(BusSettings(broker_url=rabbitmq_url, state_url=redis_url, namespace=namespace)))
    applied = []
    bus.subscribe(Consumer(f"apply_rmq_{namespace.replace('-', '_')}", "StockChanged", "to_amazon",
                           lambda e: applied.append(e.event_id)))
    worker = Worker(bus.broker, worker_timeout=100, worker_threads=2)
    worker.start()
    try:
        # When the same event is published twice
        event = stock_changed()
        bus.publish(event)
        bus.publish(event)
        bus.broker.join("to_amazon", timeout=20_000)
        worker.join()
    finally:
        worker.stop()
        bus.broker.close()
    # Then it was applied once
    assert applied == [event.event_id]


@pytest.fixture
def private_rabbitmq():
    if not RabbitmqNode.installed():
        pytest.skip("rabbitmq-server is not installed: the restart test needs a private RabbitMQ node")
    node = RabbitmqNode().start()
    yield node
    node.remove()


class RestartProbe:
    """A consumer whose first attempts are held until the node is down: ``in_flight`` then succeeds,
    ``retried`` then fails with a retryable error. Counts attempts and successful applications."""

    def __init__(self, in_flight: str, retried: str) -> None:
        self.in_flight, self.retried = in_flight, retried
        self.attempts: Counter = Counter()
        self.applied: Counter = Counter()
        self.holding = threading.Semaphore(0)
        self.node_down = threading.Event()

    def __call__(self, envelope) -> None:
        event_id = envelope.event_id
        self.attempts[event_id] += 1
        if self.attempts[event_id] == 1:
            self.holding.release()
            assert self.node_down.wait(60), "the test never stopped the node"
            if event_id == self.retried:
                raise RetryableError("Amazon is busy (first attempt, while RabbitMQ is down)", code="test_busy")
        self.applied[event_id] += 1


def queue_counts(node) -> dict[str, tuple[int, int]]:
    """Ready and unacknowledged messages per queue of the node."""
    command = [rabbitmq_script("rabbitmqctl"), "-n", node.name, "list_queues", "-q", "--no-table-headers",
               "name", "messages_ready", "messages_unacknowledged"]
    listing = subprocess.run(command, env=node.env, capture_output=True, text=True, timeout=60, check=True).stdout
    return {name: (int(ready), int(unacked)) for name, ready, unacked in
            (line.split() for line in listing.splitlines() if line.strip())}


def test_messages_in_flight_while_rabbitmq_restarts_are_neither_lost_nor_applied_twice(private_rabbitmq,
                                                                                         redis_url, namespace):
    # Given a bus on a private RabbitMQ node (state in Redis) and a worker processing two events
    in_flight, retried = stock_changed(), stock_changed()
    probe = RestartProbe(in_flight.event_id, retried.event_id)
    bus = Bus(make_broker(BusSettings(broker_url=private_rabbitmq.url, state_url=redis_url, namespace=namespace,
                                      min_backoff_ms=200, max_backoff_ms=1000)))
    bus.subscribe(Consumer(f"apply_restart_{namespace.replace('-', '_')}", "StockChanged", "to_amazon", probe))
    bus.publish(in_flight)
    bus.publish(retried)
    worker = Worker(bus.broker, worker_timeout=100, worker_threads=2)
    worker.start()
    try:
        assert probe.holding.acquire(timeout=30) and probe.holding.acquire(timeout=30)
        # When the node is stopped while one event is being applied and the other is about to fail and retry
        private_rabbitmq.stop()
        probe.node_down.set()
        time.sleep(2)
        # And started again from its data
        private_rabbitmq.start()
        # Then, once the worker is idle (every outcome it held during the outage is recorded: the retry is
        # enqueued) and every queue is empty, both events were applied once
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            worker.join()
            if all(count == (0, 0) for count in queue_counts(private_rabbitmq).values()):
                break
            time.sleep(0.5)
    finally:
        worker.stop()
        bus.broker.close()
    assert probe.applied == Counter({in_flight.event_id: 1, retried.event_id: 1})
    assert probe.attempts[retried.event_id] == 2
    assert all(count == (0, 0) for count in queue_counts(private_rabbitmq).values()), queue_counts(private_rabbitmq)
