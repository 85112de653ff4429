"""The simulator's JSON-RPC endpoint: services, authentication and Odoo's error envelope."""

from __future__ import annotations

import requests
from odoo_sim_http import rpc, simulator  # noqa: F401  (fixtures)


def test_common_version_reports_odoo_18(rpc):
    # When the client asks common.version
    body = rpc.call("common", "version")
    # Then it gets Odoo 18's version dictionary
    assert body["result"] == {"server_version": "18.0", "server_version_info": [18, 0, 0, "final", 0, ""],
                              "server_serie": "18.0", "protocol_version": 1}


def test_authenticate_answers_the_admin_uid(rpc):
    assert rpc.call("common", "authenticate", "amzbus", "admin", "admin", {})["result"] == 2
    assert rpc.call("common", "login", "amzbus", "admin", "admin")["result"] == 2


def test_authenticate_with_a_wrong_password_answers_false(rpc):
    body = rpc.call("common", "authenticate", "amzbus", "admin", "wrong", {})
    assert body["result"] is False


def test_the_api_key_is_accepted_as_password(rpc, simulator):
    assert rpc.call("common", "authenticate", "amzbus", "admin", simulator.state.api_key, {})["result"] == 2


def test_execute_kw_with_a_wrong_password_is_access_denied(rpc):
    # When a call is made with a wrong password
    body = rpc.call("object", "execute_kw", "amzbus", 2, "wrong", "res.partner", "search", [[]], {})
    # Then Odoo's envelope names AccessDenied
    assert body["error"]["code"] == 200
    assert body["error"]["message"] == "Odoo Server Error"
    data = body["error"]["data"]
    assert data["name"] == "odoo.exceptions.AccessDenied"
    assert data["message"] == "Access Denied"
    assert data["arguments"] == ["Access Denied"]
    assert set(data) == {"name", "message", "arguments", "context", "debug"}


def test_an_unknown_database_is_a_postgresql_operational_error(rpc):
    body = rpc.call("common", "authenticate", "nope", "admin", "admin", {})
    assert body["error"]["data"]["name"] == "psycopg2.OperationalError"
    assert 'database "nope" does not exist' in body["error"]["data"]["message"]


def test_errors_echo_the_request_id_with_http_200(rpc):
    payload = {"jsonrpc": "2.0", "method": "call", "id": "abc-1",
               "params": {"service": "object", "method": "execute_kw", "args": ["amzbus", 2, "x", "res.partner",
                                                                                  "search", [[]], {}]}}
    response = requests.post(f"{rpc.url}/jsonrpc", json=payload, timeout=5)
    assert response.status_code == 200
    assert response.json()["id"] == "abc-1"
    assert response.json()["jsonrpc"] == "2.0"


def test_missing_rpc_parameters_are_a_type_error(rpc):
    payload = {"jsonrpc": "2.0", "method": "call", "id": 1, "params": {"service": "common", "method": "version"}}
    body = requests.post(f"{rpc.url}/jsonrpc", json=payload, timeout=5).json()
    assert body["error"]["data"]["name"] == "builtins.TypeError"
    assert body["error"]["data"]["message"] == "RPC.jsonrpc() missing 1 required positional argument: 'args'"


def test_a_body_that_is_not_json_is_refused_with_400(rpc):
    response = requests.post(f"{rpc.url}/jsonrpc", data="{nope", headers={"Content-Type": "application/json"},
                             timeout=5)
    assert response.status_code == 400


def test_version_info_route_answers_the_version(rpc):
    response = requests.post(f"{rpc.url}/web/webclient/version_info",
                             json={"jsonrpc": "2.0", "method": "call", "id": 7, "params": {}}, timeout=5)
    assert response.json() == {"jsonrpc": "2.0", "id": 7, "result": rpc.call("common", "version")["result"]}


def test_an_unknown_model_does_not_exist(rpc):
    error = rpc.error("stock.immediate.transfer", "create", {})
    assert error["data"]["name"] == "odoo.exceptions.UserError"
    assert error["data"]["message"] == "Object stock.immediate.transfer doesn't exist"


def test_an_unknown_method_is_an_attribute_error(rpc):
    error = rpc.error("res.partner", "name_get", [1])
    assert error["data"]["name"] == "builtins.AttributeError"
    assert error["data"]["message"] == "The method 'name_get' does not exist on the model 'res.partner'"


def test_private_methods_cannot_be_called(rpc):
    error = rpc.error("res.partner", "_create_one", {})
    assert error["data"]["name"] == "odoo.exceptions.AccessError"
    assert error["data"]["message"] == "Private methods (such as _create_one) cannot be called remotely."


def test_execute_passes_positional_arguments(rpc):
    body = rpc.call("object", "execute", "amzbus", 2, "admin", "res.country", "search", [["code", "=", "DE"]])
    assert len(body["result"]) == 1
