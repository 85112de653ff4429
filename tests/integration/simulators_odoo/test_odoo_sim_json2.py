"""The External JSON-2 API (``/json/2/<model>/<method>``) on the simulator."""

from __future__ import annotations

import requests
from odoo_sim_http import rpc, simulator, unique  # noqa: F401  (fixtures)


def test_search_read_with_named_parameters(rpc):
    response = rpc.json2("res.country", "search_read", {"domain": [["code", "in", ["DE", "FR"]]],
                                                        "fields": ["code"], "order": "code asc"})
    assert response.status_code == 200
    assert [r["code"] for r in response.json()] == ["DE", "FR"]


def test_create_answers_a_list_of_ids_and_write_uses_ids(rpc):
    created = rpc.json2("res.partner", "create", {"vals_list": {"name": unique()}}).json()
    assert isinstance(created, list) and len(created) == 1
    assert rpc.json2("res.partner", "write", {"ids": created, "vals": {"email": "j2@example.com"}}).json() is True
    assert rpc.json2("res.partner", "read", {"ids": created, "fields": ["email"]}).json()[0]["email"] == "j2@example.com"


def test_context_is_passed_to_the_method(rpc):
    product_id = rpc.product()
    response = rpc.json2("stock.quant", "create", {
        "vals_list": [{"product_id": product_id, "location_id": rpc.stock_location(), "inventory_quantity_auto_apply": 3}],
        "context": {"inventory_mode": True}})
    assert response.status_code == 200
    assert rpc.json2("product.product", "read", {"ids": [product_id], "fields": ["qty_available"]}).json()[0]["qty_available"] == 3.0


def test_a_method_answering_none_answers_null(rpc):
    product_id = rpc.product()
    quant_id = rpc.ok("stock.quant", "create", {"product_id": product_id, "location_id": rpc.stock_location(),
                                                 "inventory_quantity": 2}, context={"inventory_mode": True})
    response = rpc.json2("stock.quant", "action_apply_inventory", {"ids": [quant_id], "context": {"inventory_mode": True}})
    assert (response.status_code, response.text) == (200, "null")


def test_a_missing_or_wrong_key_is_401(rpc):
    missing = requests.post(f"{rpc.url}/json/2/res.partner/search", json={"domain": []}, timeout=5)
    assert missing.status_code == 401
    assert missing.json()["message"] == 'User not authenticated, use the "Authorization" header'
    wrong = rpc.json2("res.partner", "search", {"domain": []}, key="not-the-key")
    assert wrong.status_code == 401 and wrong.headers["WWW-Authenticate"] == "bearer"
    body = wrong.json()
    assert body["name"] == "werkzeug.exceptions.Unauthorized"
    assert body["message"] == "Invalid apikey" and body["arguments"] == ["Invalid apikey", 401]
    assert set(body) == {"name", "message", "arguments", "context", "debug"}


def test_unknown_model_and_method_are_404(rpc):
    assert rpc.json2("no.such.model", "search", {"domain": []}).json()["message"] == "the model 'no.such.model' does not exist"
    response = rpc.json2("res.partner", "name_get", {"ids": [1]})
    assert response.status_code == 404
    assert response.json()["message"] == "The method 'name_get' does not exist on the model 'res.partner'"


def test_ids_on_a_model_method_and_unknown_parameters_are_422(rpc):
    with_ids = rpc.json2("res.partner", "search", {"ids": [1], "domain": []})
    assert (with_ids.status_code, with_ids.json()["message"]) == (422, "cannot call res.partner.search with ids")
    unknown = rpc.json2("res.partner", "write", {"ids": [1], "values": {}})
    assert unknown.status_code == 422
    assert unknown.json()["name"] == "werkzeug.exceptions.UnprocessableEntity"


def test_business_errors_keep_their_odoo_name_and_status(rpc):
    order_id = rpc.confirmed_order([(rpc.product(storable=False), 1)])
    refused = rpc.json2("sale.order", "unlink", {"ids": [order_id]})
    assert refused.status_code == 422 and refused.json()["name"] == "odoo.exceptions.UserError"
    missing = rpc.json2("res.partner", "write", {"ids": [999999], "vals": {"name": "x"}})
    assert missing.status_code == 404 and missing.json()["name"] == "odoo.exceptions.MissingError"
    invalid = rpc.json2("product.product", "create", {"vals_list": [{"name": "x", "type": "product"}]})
    assert invalid.status_code == 500
    assert invalid.json()["name"] == "builtins.ValueError"
    assert invalid.json()["message"] == "Wrong value for product.template.type: 'product'"


def test_get_is_405_and_a_wrong_database_is_404(rpc):
    response = requests.get(f"{rpc.url}/json/2/res.partner/search",
                            headers={"Authorization": f"bearer {rpc.server.state.api_key}"}, timeout=5)
    assert response.status_code == 405
    assert rpc.json2("res.partner", "search", {"domain": []}, headers={"X-Odoo-Database": "other"}).status_code == 404


def test_a_body_that_is_not_an_object_is_400(rpc):
    response = requests.post(f"{rpc.url}/json/2/res.partner/search", data="[1, 2]",
                             headers={"Authorization": f"bearer {rpc.server.state.api_key}",
                                      "Content-Type": "application/json"}, timeout=5)
    assert response.status_code == 400
    assert response.json()["message"] == "could not parse the body, expecting a json object"
