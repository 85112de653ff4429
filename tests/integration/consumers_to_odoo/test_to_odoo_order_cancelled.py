"""apply_order_cancelled against the Odoo simulator over HTTP, with the real Redis for locks and marks."""

from __future__ import annotations

import pytest

from amzbus.bus.errors import PermanentError
from amzbus.consumers.to_odoo import Outcome
from to_odoo_testing import cancelled, item, placed, simulator, world  # noqa: F401  (fixtures)


def test_a_cancelled_order_cancels_its_sale_order_before_delivery(world):
    # Given an FBM order in Odoo, not shipped yet
    envelope = placed(item("MUG-RED", price="10.00"), total="10.00")
    world.handlers.apply_order_placed(envelope)
    # When Amazon cancels it
    outcome = world.handlers.apply_order_cancelled(cancelled(envelope.payload.order_id))
    # Then the sale order and its delivery are cancelled
    assert outcome is Outcome.CANCELLED
    order = world.the_sale_order(envelope.payload.order_id)
    assert order["state"] == "cancel"
    assert [picking["state"] for picking in world.pickings(order["id"])] == ["cancel"]
    # And cancelling again changes nothing
    assert world.handlers.apply_order_cancelled(cancelled(envelope.payload.order_id)) is Outcome.ALREADY_CANCELLED


def test_cancelling_an_order_odoo_never_saw_is_a_normal_return_and_a_late_placed_event_creates_nothing(world):
    # Given an order that is not in Odoo
    envelope = placed(item("MUG-RED", price="10.00"), total="10.00")
    # When its cancellation is applied, then (late, after retries) its OrderPlaced
    assert world.handlers.apply_order_cancelled(cancelled(envelope.payload.order_id)) is Outcome.NOTHING_TO_CANCEL
    outcome = world.handlers.apply_order_placed(envelope)
    # Then no sale order is created for the cancelled order
    assert outcome is Outcome.CANCELLED_BEFORE_IMPORT
    assert world.sale_orders(envelope.payload.order_id) == []


def test_cancelling_a_delivered_order_leaves_it_and_says_so_in_a_permanent_error(world):
    # Given an FBM order shipped outside Odoo, so delivered in Odoo
    envelope = placed(item("MUG-RED", price="10.00", shipped=1), total="10.00", status="SHIPPED")
    world.handlers.apply_order_placed(envelope)
    order = world.the_sale_order(envelope.payload.order_id)
    # When Amazon cancels it
    with pytest.raises(PermanentError) as refused:
        world.handlers.apply_order_cancelled(cancelled(envelope.payload.order_id, reason="BUYER: Changed my mind"))
    # Then the error tells the operator what happened and what to do, and the order is left as it is
    assert refused.value.code == "order_cancelled_after_delivery"
    assert str(refused.value) == (
        f"order_cancelled_after_delivery: Amazon order {envelope.payload.order_id} (account na-main) was cancelled "
        f"on Amazon (BUYER: Changed my mind), but its sale order {order['name']} was already delivered in Odoo, so it "
        "was left as it is: handle the return and refund in Odoo, then purge this dead letter")
    assert world.the_sale_order(envelope.payload.order_id)["state"] == "sale"
