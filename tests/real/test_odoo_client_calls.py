"""The client over both transports: helpers, results Odoo returns as nothing, every class of Odoo error
translated once, round trips counted, a refused login reported as such."""

import pytest

from amzbus.bus.errors import PermanentError, RetryableError
from amzbus.connectors.odoo.errors import OdooAuthenticationError, OdooPermanentError


def test_the_helpers_create_read_write_and_search(odoo, unique):
    # Given two partners created in one call
    ids = odoo.create("res.partner", [{"name": f"A {unique}"}, {"name": f"B {unique}"}])
    # When one is renamed
    odoo.write("res.partner", ids[:1], {"name": f"A2 {unique}"})
    # Then reads and searches see the change
    assert [row["name"] for row in odoo.read("res.partner", ids, ["name"])] == [f"A2 {unique}", f"B {unique}"]
    assert odoo.search("res.partner", [("name", "like", unique)], order="id") == ids
    rows = odoo.search_read("res.partner", [("id", "in", ids)], ["name"], limit=1, order="id desc")
    assert rows == [{"id": ids[1], "name": f"B {unique}"}]
    assert odoo.execute("res.partner", "search_count", [("name", "like", unique)]) == 2


def test_each_call_is_one_round_trip(odoo, unique):
    before = odoo.round_trips
    odoo.search("res.partner", [("name", "=", unique)])
    odoo.create_one("res.partner", {"name": unique})
    assert odoo.round_trips - before == 2


def test_a_result_odoo_returns_as_nothing_is_a_success(odoo, make_product, warehouse, unique):
    # Given a quant counted in inventory mode
    product = make_product(f"NONE-{unique}")
    quant = odoo.create_one("stock.quant", {"product_id": product, "location_id": warehouse.stock_location_id,
                                            "inventory_quantity": 4}, context={"inventory_mode": True})
    # When it is applied (Odoo returns None: no result over JSON-RPC, null over JSON-2)
    result = odoo.execute("stock.quant", "action_apply_inventory", [quant], context={"inventory_mode": True})
    # Then the call succeeded and the stock is there
    assert result in (None, True, False)
    assert odoo.read("stock.quant", [quant], ["quantity"])[0]["quantity"] == 4


@pytest.mark.parametrize("call, code, odoo_error", [
    (lambda odoo, unique: odoo.create_one("sale.order", {"client_order_ref": unique}), "odoo_validation_error",
     "odoo.exceptions.ValidationError"),
    (lambda odoo, unique: odoo.write("res.partner", [2_000_000_000], {"name": unique}), "odoo_missing_error",
     "odoo.exceptions.MissingError"),
    (lambda odoo, unique: odoo.execute("res.partner", "_get_gravatar_image", [1]), "odoo_access_error",
     "odoo.exceptions.AccessError"),
    (lambda odoo, unique: odoo.create_one("product.product", {"name": unique, "type": "product"}),
     "odoo_value_error", "builtins.ValueError"),
    (lambda odoo, unique: odoo.search_read("res.partner", [("detailed_type", "=", "x")], ["name"]),
     "odoo_value_error", "builtins.ValueError"),
])
def test_odoo_errors_become_permanent_errors_naming_the_call(odoo, unique, call, code, odoo_error):
    with pytest.raises(OdooPermanentError) as raised:
        call(odoo, unique)
    error = raised.value
    assert isinstance(error, PermanentError) and not isinstance(error, RetryableError)
    assert (error.code, error.odoo_error) == (code, odoo_error)
    assert error.model in str(error) and error.odoo_message


def test_a_business_rule_refusal_is_a_permanent_user_error(odoo, unique, make_product):
    # Given a confirmed order
    partner = odoo.create_one("res.partner", {"name": unique})
    product = make_product(f"UE-{unique}")
    order = odoo.create_one("sale.order", {"partner_id": partner, "order_line": [(0, 0, {"product_id": product})]})
    odoo.execute("sale.order", "action_confirm", [order])
    # When it is confirmed again, Then Odoo's UserError is a PermanentError with Odoo's words
    with pytest.raises(OdooPermanentError, match="not in a state requiring confirmation") as raised:
        odoo.execute("sale.order", "action_confirm", [order])
    assert (raised.value.code, raised.value.model, raised.value.method) == (
        "odoo_user_error", "sale.order", "action_confirm")


def test_a_refused_login_is_a_permanent_authentication_error(odoo_target):
    client = odoo_target.__class__(odoo_target.kind, odoo_target.api, odoo_target.settings, "wrong-secret").client()
    with pytest.raises(OdooAuthenticationError) as raised:
        client.search("res.partner", [], limit=1)
    assert raised.value.code == "odoo_access_denied"
    assert "wrong-secret" not in str(raised.value)
