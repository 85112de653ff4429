"""Fixtures of the operations tests: the runtime of a configuration, as the dashboard and the CLI build it."""

from __future__ import annotations

import pytest

from amzbus.bus.config_file import load_settings
from amzbus.ops.runtime import Runtime


@pytest.fixture
def runtime(config_file) -> Runtime:
    return Runtime(load_settings(config_file))


@pytest.fixture
def make_dead_letters(config_file, namespace, redis_client, publisher, runtime, start_worker):
    """``make_dead_letters(orders=(ORDER_ID, ...))``: a worker, and dead letters it made: one refused StockChanged
    on to_amazon (account ``test``), and one refused OrderPlaced on to_odoo (account ``eu-main``) per order id."""
    from bus_test_consumers import mode_key
    from bus_testing import wait_for
    from events import stock_changed
    from order_events import order_placed_envelope

    def make(*, orders: tuple[str, ...] = ()) -> list:
        stock = stock_changed()
        redis_client.set(mode_key(namespace, stock.payload.sku), "permanent")
        start_worker(config_file)
        publisher.publish(stock)
        for order_id in orders:
            publisher.publish(order_placed_envelope(order_id=order_id))
        wanted = 1 + len(orders)
        return wait_for(lambda: len(found := runtime.dead_letters.list()) == wanted and found,
                        message=f"{wanted} dead letter(s)")
    return make
