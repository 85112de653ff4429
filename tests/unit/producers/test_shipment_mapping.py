"""From an Odoo delivery to ShipmentConfirmed: carriers, item ids, quantities, and what cannot be confirmed."""

from __future__ import annotations

import pytest

from amzbus.bus.carriers import amazon_carrier
from amzbus.bus.fbm_orders import FbmItem, FbmOrder
from amzbus.connectors.odoo.values import DeliveredLine, ValidatedDelivery
from amzbus.producers.shipment_mapping import NotConfirmable, delivery_to_event

ORDER = FbmOrder("na-main", "111-0000001-0000001", "ATVPDKIKX0DER",
                 (FbmItem("11111111111111", "MUG-RED", 3), FbmItem("22222222222222", "TEA-GREEN", 1)))


def delivery(*lines: tuple[str, float], carrier: str | None = "UPS", tracking: str | None = "1Z999") -> ValidatedDelivery:
    return ValidatedDelivery(picking_id=7, name="WH/OUT/00007", sale_order_id=3, amazon_order_id=ORDER.amazon_order_id,
                             carrier_id=1 if carrier else None, carrier_name=carrier, tracking_ref=tracking,
                             date_done="2026-11-30 10:00:05", write_date="2026-11-30 10:00:06",
                             lines=tuple(DeliveredLine(n, name, n, None, qty) for n, (name, qty) in enumerate(lines, 1)))


def test_each_delivered_line_becomes_its_amazon_item_with_the_delivered_quantity():
    event = delivery_to_event(delivery(("[MUG-RED] Red mug", 2.0), ("[TEA-GREEN] Green tea", 1.0)), ORDER)
    assert [(i.order_item_id, i.quantity) for i in event.items] == [("11111111111111", 2), ("22222222222222", 1)]
    assert event.picking_id == 7 and event.delivery_reference == "WH/OUT/00007"
    assert event.ship_date.isoformat() == "2026-11-30T10:00:05+00:00" and event.tracking_number == "1Z999"


def test_odoo_carriers_map_to_amazons_codes_through_the_accounts_table_then_the_defaults():
    assert amazon_carrier("DHL Express").code == "DHL"
    assert amazon_carrier("ups").code == "UPS"
    assert amazon_carrier("Our van", {"our van": "Other"}) == amazon_carrier("Our van")
    assert amazon_carrier("Local Courier Ltd").code == "Other"
    assert amazon_carrier("Local Courier Ltd").name == "Local Courier Ltd"
    assert amazon_carrier("Post NL", {"Post NL": "DHL"}).code == "DHL"


@pytest.mark.parametrize("carrier, tracking, reason", [("UPS", None, "tracking"), (None, "1Z", "carrier")])
def test_a_delivery_without_tracking_or_carrier_is_not_confirmable(carrier, tracking, reason):
    with pytest.raises(NotConfirmable, match=reason):
        delivery_to_event(delivery(("[MUG-RED] Red mug", 1.0), carrier=carrier, tracking=tracking), ORDER)


def test_a_line_that_is_no_item_of_the_amazon_order_is_not_confirmable_and_named():
    with pytest.raises(NotConfirmable, match=r"\[SOMETHING-ELSE\]"):
        delivery_to_event(delivery(("[SOMETHING-ELSE] Other", 1.0)), ORDER)


def test_more_units_than_ordered_are_sent_as_delivered_for_amazon_to_judge():
    event = delivery_to_event(delivery(("[MUG-RED] Red mug", 5.0)), ORDER)
    assert [(i.order_item_id, i.quantity) for i in event.items] == [("11111111111111", 5)]
