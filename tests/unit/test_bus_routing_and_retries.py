"""Routing and the retry policy, on the in-process stub broker with an in-process worker."""

from __future__ import annotations

import pytest
from dramatiq import Worker

from amzbus.bus.app import Bus, Consumer
from amzbus.bus.broker import make_broker
from amzbus.bus.errors import ConfigError, PermanentError, RetryableError
from amzbus.bus.settings import BusSettings
from events import stock_changed


@pytest.fixture
def bus():
    bus = Bus(make_broker(BusSettings(broker_url="stub://", min_backoff_ms=10, max_backoff_ms=50, max_retries=3)))
    yield bus
    bus.broker.close()


def drain(bus: Bus) -> None:
    worker = Worker(bus.broker, worker_timeout=50, worker_threads=2)
    worker.start()
    for queue in ("to_odoo", "to_amazon"):
        bus.broker.join(queue, timeout=10_000, fail_fast=False)
    worker.join()
    worker.stop()


def test_an_event_is_routed_to_every_consumer_of_its_type_and_no_other(bus):
    seen = []
    bus.subscribe(Consumer("apply_a", "StockChanged", "to_amazon", lambda e: seen.append(("a", e.event_id))))
    bus.subscribe(Consumer("apply_b", "StockChanged", "to_amazon", lambda e: seen.append(("b", e.event_id))))
    bus.subscribe(Consumer("apply_c", "OrderPlaced", "to_odoo", lambda e: seen.append(("c", e.event_id))))
    event = stock_changed()
    bus.publish(event)
    drain(bus)
    assert sorted(seen) == [("a", event.event_id), ("b", event.event_id)]


def test_publishing_an_event_nobody_consumes_is_refused_rather_than_lost(bus):
    with pytest.raises(ConfigError, match="no consumer subscribed to StockChanged"):
        bus.publish(stock_changed())


def test_a_permanent_error_is_dead_lettered_after_one_attempt(bus):
    attempts = []

    def refuse(envelope):
        attempts.append(1)
        raise PermanentError("unknown carrier")

    bus.subscribe(Consumer("apply_refuse", "StockChanged", "to_amazon", refuse))
    bus.publish(stock_changed())
    drain(bus)
    assert len(attempts) == 1
    assert len(bus.broker.dead_letters) == 1


def test_unexpected_errors_are_retried_a_bounded_number_of_times_then_dead_lettered(bus):
    attempts = []

    def crash(envelope):
        attempts.append(1)
        raise KeyError("bug")

    bus.subscribe(Consumer("apply_crash", "StockChanged", "to_amazon", crash))
    bus.publish(stock_changed())
    drain(bus)
    assert len(attempts) == 1 + 3
    assert len(bus.broker.dead_letters) == 1


def test_a_requested_delay_is_honoured_and_does_not_count_against_the_ordinary_retries(bus):
    attempts = []

    def throttled(envelope):
        attempts.append(1)
        if len(attempts) <= 5:  # more than max_retries=3, all asking for a delay, as after 429s
            raise RetryableError("QuotaExceeded", delay_seconds=0.01)

    bus.subscribe(Consumer("apply_throttled", "StockChanged", "to_amazon", throttled))
    bus.publish(stock_changed())
    drain(bus)
    assert len(attempts) == 6
    assert bus.broker.dead_letters == []


def test_the_same_event_applied_twice_is_skipped_the_second_time(bus):
    applied = []
    bus.subscribe(Consumer("apply_once", "StockChanged", "to_amazon", lambda e: applied.append(e.event_id)))
    event = stock_changed()
    bus.publish(event)
    drain(bus)
    bus.publish(event)
    drain(bus)
    assert applied == [event.event_id]


def test_a_configuration_error_in_a_consumer_is_dead_lettered_at_once_for_an_operator(bus):
    from amzbus.bus.errors import ConfigError

    attempts = []

    def misconfigured(envelope):
        attempts.append(1)
        raise ConfigError("no [odoo] section")

    bus.subscribe(Consumer("apply_misconfigured", "StockChanged", "to_amazon", misconfigured))
    bus.publish(stock_changed())
    drain(bus)
    assert len(attempts) == 1
    assert len(bus.broker.dead_letters) == 1
