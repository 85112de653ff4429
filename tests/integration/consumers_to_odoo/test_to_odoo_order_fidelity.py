"""apply_order_placed keeps what sellers read on an order: Amazon's purchase date as the order date, what a free
replacement replaces, and the carrier and tracking number of an order Amazon reports as shipped already."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from amzbus.bus.errors import RetryableError
from amzbus.consumers.to_odoo import Outcome
from amzbus.schemas import Package
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
    assert notes == [f"Free replacement of Amazon order {original.payload.order_id} "
                     f"(its sale order is {first['name']})"]
    # And each chatter links to the other sale order
    assert any(f'data-oe-id="{first["id"]}"' in body for body in world.messages("sale.order", free["id"]))
    assert any(f'data-oe-id="{free["id"]}"' in body and replacement.payload.order_id in body
               for body in world.messages("sale.order", first["id"]))


def test_an_order_first_seen_as_shipped_keeps_amazons_carrier_and_tracking_numbers_on_its_delivery(world):
    # Given an FBM order shipped from Seller Central in two UPS packages, first seen by the bus as shipped
    shipped_at = datetime(2026, 11, 28, 10, 15, tzinfo=timezone.utc)
    packages = (Package(carrier="UPS", tracking_number="1Z999AA10123456784", ship_time=shipped_at,
                        shipping_service="UPS Ground", reference="1"),
                Package(carrier="UPS", tracking_number="1Z999AA10123456785", ship_time=shipped_at, reference="2"))
    envelope = placed(item("MUG-BLUE", quantity=2, price="30.00", shipped=2), total="30.00", status="SHIPPED",
                      packages=packages)
    # When it is applied
    world.handlers.apply_order_placed(envelope)
    # Then its delivery, validated at once, carries the tracking numbers and the carrier Odoo knows by that name
    order = world.the_sale_order(envelope.payload.order_id)
    (picking,) = world.pickings(order["id"])
    assert picking["state"] == "done"
    assert picking["carrier_tracking_ref"] == "1Z999AA10123456784,1Z999AA10123456785"
    assert picking["carrier_id"][1] == "UPS"
    # And the delivery's chatter (and the sale order's) tell every package, its carrier and ship time
    told = "UPS 1Z999AA10123456784 shipped 2026-11-28 10:15 UTC (UPS Ground); UPS 1Z999AA10123456785 shipped"
    assert any(told in body for body in world.messages("stock.picking", picking["id"]))
    assert any(told in body and "shipped from Seller Central" in body
               for body in world.messages("sale.order", order["id"]))


def test_a_carrier_odoo_does_not_know_still_leaves_its_tracking_number_and_name(world):
    # Given an order shipped from Seller Central with a carrier no Odoo shipping method is named after
    envelope = placed(item("MUG-RED", price="10.00", shipped=1), total="10.00", status="SHIPPED",
                      packages=(Package(carrier="Hermes", tracking_number="H1234567890"),))
    # When it is applied
    world.handlers.apply_order_placed(envelope)
    # Then the delivery has the tracking number, no carrier, and its chatter names the carrier
    (picking,) = world.pickings(world.the_sale_order(envelope.payload.order_id)["id"])
    assert (picking["carrier_tracking_ref"], picking["carrier_id"]) == ("H1234567890", False)
    assert any("Hermes H1234567890" in body for body in world.messages("stock.picking", picking["id"]))
