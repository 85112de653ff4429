"""The bus on RabbitMQ: same routing, same idempotency, state in Redis."""

from __future__ import annotations

import pika
import pytest
from dramatiq import Worker

from amzbus.bus.app import Bus, Consumer
from amzbus.bus.broker import make_broker
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
