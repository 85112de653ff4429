"""Sale orders: amounts, confirmation creating the delivery, cancellation as Odoo 18 does it."""

from __future__ import annotations

from odoo_sim_http import rpc, simulator, unique  # noqa: F401  (fixtures)


def tax_named(rpc, name: str) -> int:
    return rpc.ok("account.tax", "search", [["name", "=", name]])[0]


def test_order_amounts_with_a_price_excluded_tax(rpc):
    product_id = rpc.product(storable=False)
    order_id = rpc.ok("sale.order", "create", {"partner_id": rpc.partner(), "order_line": [
        [0, 0, {"product_id": product_id, "product_uom_qty": 2, "price_unit": 12.5, "tax_id": [[6, 0, [tax_named(rpc, "15%")]]]}]]})
    order = rpc.ok("sale.order", "read", [order_id], ["amount_untaxed", "amount_tax", "amount_total", "state", "name"])[0]
    assert (order["amount_untaxed"], order["amount_tax"], order["amount_total"]) == (25.0, 3.75, 28.75)
    assert order["state"] == "draft" and order["name"].startswith("S")


def test_order_amounts_with_a_price_included_tax_match_the_paid_price(rpc):
    product_id = rpc.product(storable=False)
    order_id = rpc.ok("sale.order", "create", {"partner_id": rpc.partner(), "order_line": [
        [0, 0, {"product_id": product_id, "product_uom_qty": 1, "price_unit": 24.99,
                "tax_id": [[6, 0, [tax_named(rpc, "VAT 19% (incl)")]]]}]]})
    order = rpc.ok("sale.order", "read", [order_id], ["amount_untaxed", "amount_tax", "amount_total"])[0]
    assert order == {"id": order_id, "amount_untaxed": 21.0, "amount_tax": 3.99, "amount_total": 24.99}


def test_lines_take_name_price_and_taxes_from_the_product(rpc):
    product_id = rpc.product(price=7.0, taxes=[tax_named(rpc, "15%")])
    order_id = rpc.ok("sale.order", "create", {"partner_id": rpc.partner(), "order_line": [[0, 0, {"product_id": product_id}]]})
    line = rpc.ok("sale.order.line", "search_read", [["order_id", "=", order_id]],
                  fields=["name", "price_unit", "product_uom_qty", "tax_id"])[0]
    code = rpc.ok("product.product", "read", [product_id], ["default_code"])[0]["default_code"]
    assert line["name"].startswith(f"[{code}]")
    assert (line["price_unit"], line["product_uom_qty"], line["tax_id"]) == (7.0, 1.0, [tax_named(rpc, "15%")])


def test_note_lines_are_stored_and_read_back(rpc):
    order_id = rpc.ok("sale.order", "create", {"partner_id": rpc.partner(), "order_line": [
        [0, 0, {"display_type": "line_note", "name": "Gift message: happy birthday"}]]})
    line = rpc.ok("sale.order.line", "search_read", [["order_id", "=", order_id]], fields=["display_type", "name"])[0]
    assert (line["display_type"], line["name"]) == ("line_note", "Gift message: happy birthday")


def test_a_line_without_product_or_display_type_is_refused(rpc):
    error = rpc.error("sale.order", "create", {"partner_id": rpc.partner(), "order_line": [[0, 0, {"name": "x"}]]})
    assert error["data"]["name"] == "odoo.exceptions.ValidationError"
    assert error["data"]["message"] == "The operation cannot be completed: Missing required fields on accountable sale order line."


def test_confirm_creates_the_delivery_addressed_to_the_shipping_partner(rpc):
    # Given a storable product in stock and an order for it with a reference
    product_id = rpc.product()
    rpc.set_stock(product_id, 10)
    shipping_id = rpc.partner()
    reference = unique("111")
    order_id = rpc.ok("sale.order", "create", {"partner_id": rpc.partner(), "partner_shipping_id": shipping_id,
                                               "client_order_ref": reference,
                                               "order_line": [[0, 0, {"product_id": product_id, "product_uom_qty": 3}]]})
    # When it is confirmed
    assert rpc.ok("sale.order", "action_confirm", [order_id]) is True
    # Then one reserved delivery exists, named WH/OUT/, from the order
    order = rpc.ok("sale.order", "read", [order_id], ["name", "state", "picking_ids", "delivery_status"])[0]
    assert order["state"] == "sale" and order["delivery_status"] == "pending"
    picking = rpc.ok("stock.picking", "read", order["picking_ids"],
                     ["name", "origin", "partner_id", "state", "sale_id", "picking_type_code"])[0]
    assert picking["name"].startswith("WH/OUT/")
    assert picking["origin"] == f"{order['name']} - {reference}"
    assert picking["partner_id"][0] == shipping_id
    assert (picking["state"], picking["sale_id"][0], picking["picking_type_code"]) == ("assigned", order_id, "outgoing")
    assert rpc.ok("product.product", "read", [product_id], ["free_qty", "qty_available"])[0] == \
        {"id": product_id, "free_qty": 7.0, "qty_available": 10.0}


def test_services_get_no_delivery(rpc):
    service_id = rpc.product(storable=False, type="service")
    order_id = rpc.confirmed_order([(service_id, 1)])
    assert rpc.ok("sale.order", "read", [order_id], ["picking_ids"])[0]["picking_ids"] == []


def test_confirming_twice_is_refused(rpc):
    order_id = rpc.confirmed_order([(rpc.product(storable=False), 1)])
    error = rpc.error("sale.order", "action_confirm", [order_id])
    assert error["data"]["message"] == "Some orders are not in a state requiring confirmation."


def test_cancelling_a_confirmed_order_answers_the_cancel_wizard(rpc):
    # Given a confirmed order
    order_id = rpc.confirmed_order([(rpc.product(storable=False), 1)])
    # When cancelled without context
    action = rpc.ok("sale.order", "action_cancel", [order_id])
    # Then the wizard comes back and nothing is cancelled yet
    assert action["res_model"] == "sale.order.cancel" and action["context"]["default_order_id"] == order_id
    assert rpc.ok("sale.order", "read", [order_id], ["state"])[0]["state"] == "sale"
    # When the wizard is used
    wizard_id = rpc.ok("sale.order.cancel", "create", {}, context=action["context"])
    assert rpc.ok("sale.order.cancel", "action_cancel", [wizard_id], context=action["context"]) is True
    # Then the order and its delivery are cancelled
    order = rpc.ok("sale.order", "read", [order_id], ["state", "picking_ids"])[0]
    assert order["state"] == "cancel"
    assert rpc.ok("stock.picking", "read", order["picking_ids"], ["state"])[0]["state"] == "cancel"


def test_cancelling_keeps_a_done_delivery_done(rpc):
    # Given a confirmed order whose delivery was validated
    product_id = rpc.product(storable=False)
    order_id = rpc.confirmed_order([(product_id, 1)])
    picking_id = rpc.delivery_of(order_id)
    assert rpc.ok("stock.picking", "button_validate", [picking_id], context={"skip_sms": True}) is True
    # When the order is cancelled with the warning disabled
    assert rpc.ok("sale.order", "action_cancel", [order_id], context={"disable_cancel_warning": True}) is True
    # Then the order is cancelled and the delivery stays done
    assert rpc.ok("sale.order", "read", [order_id], ["state"])[0]["state"] == "cancel"
    assert rpc.ok("stock.picking", "read", [picking_id], ["state"])[0]["state"] == "done"


def test_a_confirmed_order_cannot_be_deleted(rpc):
    order_id = rpc.confirmed_order([(rpc.product(storable=False), 1)])
    error = rpc.error("sale.order", "unlink", [order_id])
    assert error["data"]["message"] == ("You can not delete a sent quotation or a confirmed sales order. "
                                        "You must first cancel it.")


def test_adding_quantity_to_a_confirmed_line_adds_to_the_delivery(rpc):
    product_id = rpc.product(storable=False)
    order_id = rpc.confirmed_order([(product_id, 2)])
    line_id = rpc.ok("sale.order", "read", [order_id], ["order_line"])[0]["order_line"][0]
    rpc.ok("sale.order.line", "write", [line_id], {"product_uom_qty": 5})
    moves = rpc.ok("stock.move", "search_read", [["sale_line_id", "=", line_id]], fields=["product_uom_qty"])
    assert [m["product_uom_qty"] for m in moves] == [5.0]
