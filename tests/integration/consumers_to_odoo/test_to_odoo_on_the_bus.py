"""The consumers on the bus: subscribed on to_odoo under their actor names, applying events end to end
(stub broker, in-process worker, the Odoo simulator over HTTP)."""

from __future__ import annotations

import pytest
from dramatiq import Worker

from amzbus.consumers import to_odoo
from to_odoo_testing import OdooWorld, cancelled, item, placed, simulator  # noqa: F401  (fixture)


@pytest.fixture
def bus_world(simulator):
    world = OdooWorld(simulator, broker_url="stub://", namespace="to-odoo-bus")
    to_odoo.register(world.runtime.bus, world.runtime)
    yield world
    world.runtime.bus.broker.close()
    world.close()


def drain(bus, *, threads: int = 2) -> None:
    worker = Worker(bus.broker, worker_timeout=50, worker_threads=threads)
    worker.start()
    bus.broker.join("to_odoo", timeout=20_000, fail_fast=False)
    worker.join()
    worker.stop()


def test_both_consumers_are_subscribed_on_the_to_odoo_queue(bus_world):
    bus = bus_world.runtime.bus
    assert bus.subscribers("OrderPlaced") == ["apply_order_placed"]
    assert bus.subscribers("OrderCancelled") == ["apply_order_cancelled"]
    assert {bus.broker.get_actor(name).queue_name for name in ("apply_order_placed", "apply_order_cancelled")} == \
        {"to_odoo"}


def test_published_events_are_applied_once_and_a_refused_cancellation_is_dead_lettered(bus_world):
    # Given an order published twice (a re-poll), and a cancellation of an order already delivered
    bus = bus_world.runtime.bus
    fresh = placed(item("MUG-RED", price="10.00"), total="10.00")
    shipped = placed(item("MUG-BLUE", price="8.00", shipped=1), total="8.00", status="SHIPPED")
    bus.publish(fresh)
    bus.publish(fresh)
    bus.publish(shipped)
    drain(bus)
    bus.publish(cancelled(shipped.payload.order_id))
    # When the worker has drained the queue
    drain(bus)
    # Then the order exists once, confirmed; the delivered one stays, and its cancellation is a dead letter
    assert bus_world.the_sale_order(fresh.payload.order_id)["state"] == "sale"
    assert bus_world.the_sale_order(shipped.payload.order_id)["state"] == "sale"
    (dead,) = bus.broker.dead_letters
    assert dead.actor_name == "apply_order_cancelled"
