"""apply_order_placed keeps what sellers read on an order: Amazon's purchase date as the order date, what a free
replacement replaces, and the carrier and tracking number of an order Amazon reports as shipped already."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from amzbus.bus.errors import RetryableError
from amzbus.consumers.to_odoo import Outcome
from to_odoo_testing import item, placed, simulator, world  # noqa: F401  (fixtures)

PURCHASED = (datetime.now(timezone.utc) - timedelta(days=3)).replace(microsecond=0)
PURCHASED_IN_ODOO = PURCHASED.strftime("%Y-%m-%d %H:%M:%S")


def test_the_sale_orders_date_is_amazons_purchase_date_not_its_confirmation_time(world):
    # Given an order bought on Amazon three days ago
    envelope = placed(item("MUG-RED", price="12.00"), total="12.00", purchase_date=PURCHASED)
    # When it is applied (created and confirmed now)
    world.handlers.apply_order_placed(envelope)
    # Then the confirmed sale order is dated when the buyer bought it
    order = world.the_sale_order(envelope.payload.order_id)
    assert (order["state"], order["date_order"]) == ("sale", PURCHASED_IN_ODOO)


def test_an_order_confirmed_by_a_crashed_attempt_gets_the_purchase_date_on_the_next(world, simulator):
    # Given a first attempt that confirmed the order, then failed to write the purchase date back (Odoo unavailable)
    simulator.state.faults.add(kind="http_503", target="sale.order", method="write", times=1)
    envelope = placed(item("MUG-RED", price="12.00"), total="12.00", purchase_date=PURCHASED)
    with pytest.raises(RetryableError):
        world.handlers.apply_order_placed(envelope)
    assert world.the_sale_order(envelope.payload.order_id)["date_order"] != PURCHASED_IN_ODOO
    # When it is retried
    outcome = world.handlers.apply_order_placed(envelope)
    # Then the same order gets Amazon's purchase date, and a third time changes nothing
    assert outcome is Outcome.COMPLETED
    assert world.the_sale_order(envelope.payload.order_id)["date_order"] == PURCHASED_IN_ODOO
    assert world.handlers.apply_order_placed(envelope) is Outcome.ALREADY_APPLIED


def test_a_free_replacement_names_the_order_it_replaces_and_links_both_sale_orders(world):
    # Given an order in Odoo, and Amazon's free replacement of it (total 0)
    original = placed(item("MUG-RED", price="12.00"), total="12.00")
    world.handlers.apply_order_placed(original)
    replacement = placed(item("MUG-RED", price="0.00"), total="0.00", is_replacement=True,
                         replaced_order_id=original.payload.order_id)
    # When the replacement is applied
    assert world.handlers.apply_order_placed(replacement) is Outcome.CREATED
    # Then its sale order, worth 0, has a note line naming the original Amazon order and its sale order
    first, free = world.the_sale_order(original.payload.order_id), world.the_sale_order(replacement.payload.order_id)
    assert free["amount_total"] == 0 and free["state"] == "sale"
    notes = [line["name"] for line in world.lines(free["id"]) if line["display_type"] == "line_note"]
    assert notes == [f"Free replacement of Amazon order {original.payload.order_id} (its sale order is {first['name']})"]
    # And each chatter links to the other sale order
    assert any(f'data-oe-id="{first["id"]}"' in body for body in world.messages("sale.order", free["id"]))
    assert any(f'data-oe-id="{free["id"]}"' in body and replacement.payload.order_id in body
               for body in world.messages("sale.order", first["id"]))
