"""Delivery validation: ``button_validate`` and the wizard chains observed on Odoo 18."""

from __future__ import annotations

import pytest
from odoo_sim_http import Rpc, rpc, simulator  # noqa: F401  (fixtures)

from amzbus.simulators.odoo import start_in_thread


@pytest.fixture
def fresh_rpc():
    """A simulator of its own: the SMS popup shows once per company, so these tests need a new one."""
    server = start_in_thread(port=0)
    yield Rpc(server)
    server.shutdown()


def picking(rpc, picking_id: int, *fields: str) -> dict:
    return rpc.ok("stock.picking", "read", [picking_id], list(fields or ["state"]))[0]


def test_a_fully_reserved_delivery_validates_at_once(rpc):
    # Given a delivery fully reserved, to a partner without phone
    product_id = rpc.product()
    rpc.set_stock(product_id, 5)
    picking_id = rpc.delivery_of(rpc.confirmed_order([(product_id, 2)]))
    # When validated
    assert rpc.ok("stock.picking", "button_validate", [picking_id]) is True
    # Then it is done and the stock has left
    done = picking(rpc, picking_id, "state", "date_done")
    assert done["state"] == "done" and done["date_done"]
    assert rpc.ok("product.product", "read", [product_id], ["qty_available"])[0]["qty_available"] == 3.0


def test_an_unreserved_delivery_cannot_be_validated(rpc):
    product_id = rpc.product()
    picking_id = rpc.delivery_of(rpc.confirmed_order([(product_id, 2)]))
    assert picking(rpc, picking_id)["state"] == "confirmed"
    error = rpc.error("stock.picking", "button_validate", [picking_id])
    assert error["data"]["name"] == "odoo.exceptions.UserError"
    assert error["data"]["message"] == ("You cannot validate a transfer if no quantities are reserved. "
                                        "To force the transfer, encode quantities.")


def test_encoded_quantities_force_the_transfer(rpc):
    # Given an unreserved delivery whose move quantity is written and picked
    product_id = rpc.product()
    order_id = rpc.confirmed_order([(product_id, 2)])
    picking_id = rpc.delivery_of(order_id)
    move_ids = picking(rpc, picking_id, "move_ids")["move_ids"]
    rpc.ok("stock.move", "write", move_ids, {"quantity": 2, "picked": True})
    # When validated
    assert rpc.ok("stock.picking", "button_validate", [picking_id]) is True
    # Then stock goes negative and the order is delivered
    assert rpc.ok("product.product", "read", [product_id], ["qty_available"])[0]["qty_available"] == -2.0
    assert rpc.ok("sale.order", "read", [order_id], ["delivery_status"])[0]["delivery_status"] == "full"


def test_validating_a_done_delivery_again_is_refused(rpc):
    product_id = rpc.product(storable=False)
    picking_id = rpc.delivery_of(rpc.confirmed_order([(product_id, 1)]))
    assert rpc.ok("stock.picking", "button_validate", [picking_id]) is True
    assert "no quantities are reserved" in rpc.error("stock.picking", "button_validate", [picking_id])["data"]["message"]


def test_a_partial_delivery_asks_for_a_backorder_and_process_creates_it(rpc):
    # Given 3 in stock for an order of 5
    product_id = rpc.product()
    rpc.set_stock(product_id, 3)
    order_id = rpc.confirmed_order([(product_id, 5)])
    picking_id = rpc.delivery_of(order_id)
    # When validated, the backorder wizard comes back without res_id
    action = rpc.ok("stock.picking", "button_validate", [picking_id])
    assert action["res_model"] == "stock.backorder.confirmation" and "res_id" not in action
    assert action["context"]["button_validate_picking_ids"] == [picking_id]
    assert action["context"]["default_pick_ids"] == [[4, picking_id]]
    # When the wizard is created with the action's context and processed
    wizard_id = rpc.ok(action["res_model"], "create", {}, context=action["context"])
    assert rpc.ok(action["res_model"], "process", [wizard_id], context=action["context"]) is True
    # Then 3 are delivered and a backorder of 2 waits
    done = picking(rpc, picking_id, "state", "backorder_ids")
    assert done["state"] == "done" and len(done["backorder_ids"]) == 1
    backorder = picking(rpc, done["backorder_ids"][0], "state", "backorder_id", "origin", "move_ids")
    assert backorder["backorder_id"][0] == picking_id and backorder["state"] == "confirmed"
    assert rpc.ok("stock.move", "read", backorder["move_ids"], ["product_uom_qty"])[0]["product_uom_qty"] == 2.0
    assert rpc.ok("sale.order", "read", [order_id], ["delivery_status"])[0]["delivery_status"] == "partial"


def test_process_cancel_backorder_delivers_part_and_drops_the_rest(rpc):
    product_id = rpc.product()
    rpc.set_stock(product_id, 1)
    picking_id = rpc.delivery_of(rpc.confirmed_order([(product_id, 4)]))
    action = rpc.ok("stock.picking", "button_validate", [picking_id])
    wizard_id = rpc.ok(action["res_model"], "create", {}, context=action["context"])
    assert rpc.ok(action["res_model"], "process_cancel_backorder", [wizard_id], context=action["context"]) is True
    done = picking(rpc, picking_id, "state", "backorder_ids", "move_ids")
    assert done["state"] == "done" and done["backorder_ids"] == []
    states = sorted(m["state"] for m in rpc.ok("stock.move", "read", done["move_ids"], ["state"]))
    assert states == ["cancel", "done"]


def test_first_delivery_to_a_phone_partner_chains_backorder_then_sms_wizard(fresh_rpc):
    rpc = fresh_rpc
    # Given a partial delivery to a partner with a phone, on a fresh database
    product_id = rpc.product()
    rpc.set_stock(product_id, 1)
    picking_id = rpc.delivery_of(rpc.confirmed_order([(product_id, 2)], partner_id=rpc.partner(phone="+1 555 0100")))
    # When validated: backorder wizard, then the SMS wizard carrying res_id, then done
    backorder_action = rpc.ok("stock.picking", "button_validate", [picking_id])
    wizard_id = rpc.ok(backorder_action["res_model"], "create", {}, context=backorder_action["context"])
    sms_action = rpc.ok(backorder_action["res_model"], "process", [wizard_id], context=backorder_action["context"])
    assert sms_action["res_model"] == "confirm.stock.sms" and isinstance(sms_action["res_id"], int)
    assert picking(rpc, picking_id)["state"] == "assigned"
    assert rpc.ok("confirm.stock.sms", "dont_send_sms", [sms_action["res_id"]], context=sms_action["context"]) is True
    # Then the delivery is done, the backorder exists and SMS validation is off for the company
    assert picking(rpc, picking_id, "state", "backorder_ids")["backorder_ids"]
    assert picking(rpc, picking_id)["state"] == "done"
    company = rpc.ok("res.company", "read", [1], ["stock_move_sms_validation", "has_received_warning_stock_sms"])[0]
    assert (company["stock_move_sms_validation"], company["has_received_warning_stock_sms"]) == (False, True)


def test_the_sms_wizard_without_its_context_validates_nothing(fresh_rpc):
    rpc = fresh_rpc
    product_id = rpc.product(storable=False)
    picking_id = rpc.delivery_of(rpc.confirmed_order([(product_id, 1)], partner_id=rpc.partner(mobile="+34 600")))
    sms_action = rpc.ok("stock.picking", "button_validate", [picking_id])
    assert sms_action["res_model"] == "confirm.stock.sms"
    assert rpc.ok("confirm.stock.sms", "send_sms", [sms_action["res_id"]]) is True
    assert picking(rpc, picking_id)["state"] == "assigned"


def test_skip_sms_context_validates_without_the_popup(fresh_rpc):
    rpc = fresh_rpc
    product_id = rpc.product(storable=False)
    picking_id = rpc.delivery_of(rpc.confirmed_order([(product_id, 1)], partner_id=rpc.partner(phone="+44 20")))
    assert rpc.ok("stock.picking", "button_validate", [picking_id], context={"skip_sms": True}) is True
    assert picking(rpc, picking_id)["state"] == "done"


def test_validated_deliveries_can_be_read_with_a_write_date_id_cursor(rpc):
    # Given two validated deliveries
    ids = []
    for _ in range(2):
        picking_id = rpc.delivery_of(rpc.confirmed_order([(rpc.product(storable=False), 1)]))
        rpc.ok("stock.picking", "write", [picking_id], {"carrier_tracking_ref": "1Z999"})
        assert rpc.ok("stock.picking", "button_validate", [picking_id]) is True
        ids.append(picking_id)
    # When read in (write_date, id) order from before the first
    first = picking(rpc, ids[0], "write_date")["write_date"]
    domain = [["state", "=", "done"], ["write_date", ">=", first]]
    found = rpc.ok("stock.picking", "search_read", domain, fields=["id", "write_date", "carrier_tracking_ref"],
                   order="write_date asc, id asc")
    # Then both come back in validation order, tracking reference kept
    assert [r["id"] for r in found][-2:] == ids
    assert all(r["carrier_tracking_ref"] == "1Z999" for r in found[-2:])
