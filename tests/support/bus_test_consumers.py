"""Consumers for the bus's own tests, run inside real worker processes.

``apply_test_stock`` applies StockChanged events; what it does is steered per SKU through Redis so a
test can change it while the worker runs:

- ``ok`` (default): count the event as applied;
- ``permanent``: raise PermanentError (as Odoo refusing an address would);
- ``flaky:N``: fail with RetryableError until the N-th attempt, then apply;
- ``hang-first``: on the first attempt hang (so the worker can be killed mid-message), then apply;
- ``slow``: sleep 0.2 s, then apply.

``apply_test_order`` refuses OrderPlaced events permanently until its order id's mode is ``ok``.
"""

from __future__ import annotations

import time

from amzbus.bus.app import Consumer
from amzbus.bus.errors import PermanentError, RetryableError


def keys(namespace: str, event_id: str) -> dict[str, str]:
    return {
        "applied": f"{namespace}:test:applied:{event_id}",
        "attempts": f"{namespace}:test:attempts:{event_id}",
    }


def mode_key(namespace: str, sku: str) -> str:
    return f"{namespace}:test:mode:{sku}"


def register(bus, settings) -> None:
    redis = bus.redis
    namespace = settings.bus.namespace

    def apply_test_stock(envelope) -> None:
        k = keys(namespace, envelope.event_id)
        attempt = redis.incr(k["attempts"])
        mode = (redis.get(mode_key(namespace, envelope.payload.sku)) or b"ok").decode()
        if mode == "permanent":
            raise PermanentError(f"Odoo refused SKU {envelope.payload.sku}: the product is archived")
        if mode.startswith("flaky:") and attempt < int(mode.split(":")[1]):
            raise RetryableError(f"Odoo busy on attempt {attempt}")
        if mode == "hang-first" and attempt == 1:
            time.sleep(120)
        if mode == "slow":
            time.sleep(0.2)
        redis.incr(k["applied"])

    def apply_test_order(envelope) -> None:
        """Refuses orders until told otherwise; records the buyer's name it received when applied."""
        k = keys(namespace, envelope.event_id)
        if (redis.get(mode_key(namespace, envelope.payload.order_id)) or b"permanent") == b"permanent":
            raise PermanentError("Odoo refused the delivery address: the country is missing")
        redis.set(k["applied"] + ":buyer", envelope.payload.buyer.name or "")
        redis.incr(k["applied"])

    bus.subscribe(Consumer(name="apply_test_stock", event_type="StockChanged", queue="to_amazon",
                           handler=apply_test_stock))
    bus.subscribe(Consumer(name="apply_test_order", event_type="OrderPlaced", queue="to_odoo",
                           handler=apply_test_order))
