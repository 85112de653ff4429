"""Setting stock through ``stock.quant`` in inventory mode, and reading it in a location scope."""

from __future__ import annotations

from odoo_sim_http import rpc, simulator, unique  # noqa: F401  (fixtures)

INVENTORY = {"inventory_mode": True}


def on_hand(rpc, product_id: int, context: dict | None = None) -> dict:
    record = rpc.ok("product.product", "read", [product_id], ["qty_available", "free_qty", "virtual_available"],
                    context=context or {})[0]
    return {key: record[key] for key in ("qty_available", "free_qty", "virtual_available")}


def test_counted_quantity_applies_and_the_apply_result_is_absent(rpc):
    # Given a product and a counted quantity in WH/Stock
    product_id = rpc.product()
    quant_id = rpc.ok("stock.quant", "create", {"product_id": product_id, "location_id": rpc.stock_location(),
                                                 "inventory_quantity": 12}, context=INVENTORY)
    assert on_hand(rpc, product_id)["qty_available"] == 0.0
    # When applied
    body = rpc.body("stock.quant", "action_apply_inventory", [quant_id], context=INVENTORY)
    # Then JSON-RPC answers without a result key and the stock is there
    assert "result" not in body and "error" not in body
    assert on_hand(rpc, product_id) == {"qty_available": 12.0, "free_qty": 12.0, "virtual_available": 12.0}
    moves = rpc.ok("stock.move", "search_read", [["product_id", "=", product_id], ["is_inventory", "=", True]],
                   fields=["state", "quantity", "name"])
    assert moves == [{"id": moves[0]["id"], "state": "done", "quantity": 12.0, "name": "Product Quantity Updated"}]


def test_auto_apply_sets_stock_in_one_call_and_reuses_the_quant(rpc):
    product_id = rpc.product()
    vals = {"product_id": product_id, "location_id": rpc.stock_location(), "inventory_quantity_auto_apply": 4}
    first = rpc.ok("stock.quant", "create", vals, context=INVENTORY)
    second = rpc.ok("stock.quant", "create", {**vals, "inventory_quantity_auto_apply": 9}, context=INVENTORY)
    assert first == second
    assert on_hand(rpc, product_id)["qty_available"] == 9.0


def test_inventory_mode_refuses_other_fields(rpc):
    error = rpc.error("stock.quant", "create", {"product_id": rpc.product(), "location_id": rpc.stock_location(),
                                                 "inventory_quantity": 1, "quantity": 5}, context=INVENTORY)
    assert error["data"]["name"] == "odoo.exceptions.UserError"
    assert error["data"]["message"] == "Quant's creation is restricted, you can't do this operation."


def test_reservations_lower_free_quantity_and_forecast(rpc):
    product_id = rpc.product()
    rpc.set_stock(product_id, 10)
    rpc.confirmed_order([(product_id, 4)])
    assert on_hand(rpc, product_id) == {"qty_available": 10.0, "free_qty": 6.0, "virtual_available": 6.0}


def test_a_location_outside_the_warehouse_counts_only_when_named(rpc):
    # Given an FBA location outside the warehouse holding 7
    fba_id = rpc.ok("stock.location", "create", {"name": unique("Amazon FBA"), "usage": "internal"})
    product_id = rpc.product()
    rpc.set_stock(product_id, 7, location_id=fba_id)
    rpc.set_stock(product_id, 2)
    # Then the default scope is the warehouse, the location context is the FBA stock
    assert on_hand(rpc, product_id)["qty_available"] == 2.0
    assert on_hand(rpc, product_id, {"location": fba_id})["qty_available"] == 7.0
    warehouse_id = rpc.ok("stock.warehouse", "search", [])[0]
    assert on_hand(rpc, product_id, {"warehouse_id": warehouse_id})["qty_available"] == 2.0


def test_a_count_outdated_by_a_delivery_answers_the_conflict_wizard(rpc):
    # Given a count of 10 taken while 5 were on hand, then 2 delivered
    product_id = rpc.product()
    rpc.set_stock(product_id, 5)
    quant_id = rpc.ok("stock.quant", "create", {"product_id": product_id, "location_id": rpc.stock_location(),
                                                 "inventory_quantity": 10}, context=INVENTORY)
    picking_id = rpc.delivery_of(rpc.confirmed_order([(product_id, 2)]))
    assert rpc.ok("stock.picking", "button_validate", [picking_id]) is True
    # When the count is applied
    action = rpc.ok("stock.quant", "action_apply_inventory", [quant_id], context=INVENTORY)
    # Then the conflict wizard comes back, and keeping the counted quantity applies it
    assert action["res_model"] == "stock.inventory.conflict"
    wizard_id = rpc.ok("stock.inventory.conflict", "create", {}, context=action["context"])
    rpc.body("stock.inventory.conflict", "action_keep_counted_quantity", [wizard_id], context=action["context"])
    assert on_hand(rpc, product_id)["qty_available"] == 10.0
