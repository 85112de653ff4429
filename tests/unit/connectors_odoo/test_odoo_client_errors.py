"""Odoo's failures, as recorded from Odoo 18 (JSON-RPC) and Odoo 19 (JSON-2), become the bus's error tree."""

import pytest
import requests

from amzbus.bus.errors import PermanentError, RetryableError
from amzbus.connectors.odoo import errors
from amzbus.connectors.odoo.errors import OdooAuthenticationError, OdooPermanentError, OdooRetryableError
from amzbus.connectors.odoo.jsonrpc import read_jsonrpc_answer


def jsonrpc_error(name, message, *, code=200, top_message="Odoo Server Error"):
    return {"jsonrpc": "2.0", "id": 7, "error": {"code": code, "message": top_message, "data": {
        "name": name, "debug": "Traceback (most recent call last):\n  ...", "message": message,
        "arguments": [message], "context": {}}}}


def answer(body, status=200):
    return read_jsonrpc_answer(status, body, url="http://odoo.test", model="sale.order", method="create")


@pytest.mark.parametrize("name, message, code", [
    ("odoo.exceptions.ValidationError", "The operation cannot be completed: missing required field",
     "odoo_validation_error"),
    ("odoo.exceptions.UserError", "You cannot validate a transfer if no quantities are reserved. To force the "
                                  "transfer, encode quantities.", "odoo_user_error"),
    ("odoo.exceptions.AccessError", "You are not allowed to access 'Sales Order' (sale.order) records.",
     "odoo_access_error"),
    ("odoo.exceptions.MissingError", "Record does not exist or has been deleted.\n(Record: sale.order(999,), User: 2)",
     "odoo_missing_error"),
    ("builtins.ValueError", "Wrong value for product.template.type: 'product'", "odoo_value_error"),
    ("builtins.ValueError", "Invalid field 'detailed_type' on model 'product.template'", "odoo_value_error"),
    ("psycopg2.errors.UniqueViolation", 'duplicate key value violates unique constraint "res_partner_ref_uniq"',
     "odoo_unique_violation"),
])
def test_odoo_business_errors_are_permanent_and_carry_odoos_message_and_the_call(name, message, code):
    # Given a JSON-RPC answer carrying an Odoo exception (HTTP 200 with an error member)
    body = jsonrpc_error(name, message)
    # When it is read
    with pytest.raises(OdooPermanentError) as raised:
        answer(body)
    # Then it is a PermanentError naming the model, the method and Odoo's own message
    error = raised.value
    assert isinstance(error, PermanentError) and not isinstance(error, RetryableError)
    assert error.code == code
    assert (error.model, error.method, error.odoo_error, error.odoo_message) == ("sale.order", "create", name, message)
    assert "sale.order.create" in str(error) and message in str(error)


@pytest.mark.parametrize("name, message", [
    ("psycopg2.errors.SerializationFailure", "could not serialize access due to concurrent update\n"),
    ("psycopg2.extensions.TransactionRollbackError", "could not serialize access due to concurrent update"),
    ("psycopg2.errors.DeadlockDetected", "deadlock detected"),
    ("psycopg2.errors.LockNotAvailable", "could not obtain lock on row in relation \"stock_quant\""),
    ("odoo.exceptions.ConcurrencyError", "Concurrent access"),
    ("builtins.Exception", "ERROR: could not serialize access due to concurrent update"),
])
def test_serialization_failures_and_concurrent_updates_are_retryable(name, message):
    # Given Odoo gave up on a transaction that collided with another one
    with pytest.raises(OdooRetryableError) as raised:
        answer(jsonrpc_error(name, message))
    # Then the call is worth retrying
    assert isinstance(raised.value, RetryableError)
    assert raised.value.code == "odoo_concurrency"
    assert (raised.value.model, raised.value.method) == ("sale.order", "create")


@pytest.mark.parametrize("body", [
    jsonrpc_error("odoo.exceptions.AccessDenied", "Access Denied"),
    jsonrpc_error("odoo.http.SessionExpiredException", "Session expired", code=100, top_message="Odoo Session Expired"),
    {"jsonrpc": "2.0", "id": 1, "error": {"code": 100, "message": "Odoo Session Expired", "data": {}}},
])
def test_a_refused_session_or_password_is_an_authentication_error(body):
    with pytest.raises(OdooAuthenticationError) as raised:
        answer(body)
    assert isinstance(raised.value, PermanentError)
    assert raised.value.code == "odoo_access_denied"


def test_an_answer_without_a_result_key_is_a_success_returning_none():
    # Given Odoo returned None (stock.quant.action_apply_inventory): JSON-RPC leaves the result key out
    assert answer({"jsonrpc": "2.0", "id": 3}) is None
    # And False and True come back as they are
    assert answer({"jsonrpc": "2.0", "id": 3, "result": False}) is False
    assert answer({"jsonrpc": "2.0", "id": 3, "result": True}) is True


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_gateway_errors_without_an_odoo_body_are_retryable(status):
    with pytest.raises(OdooRetryableError) as raised:
        answer(None, status)
    assert raised.value.code == "odoo_unavailable"
    assert f"HTTP {status}" in str(raised.value)


def test_a_429_is_retryable_after_the_delay_odoo_asked_for():
    error = errors.from_http_status(429, url="http://odoo.test", model="res.partner", method="create", retry_after="7")
    assert isinstance(error, OdooRetryableError) and error.delay_seconds == 7.0


def test_a_404_on_the_endpoint_is_permanent_and_points_at_the_configuration():
    with pytest.raises(OdooPermanentError) as raised:
        answer(None, 404)
    assert raised.value.code == "odoo_not_found" and "odoo.url" in str(raised.value)


def test_a_page_that_is_not_json_rpc_is_permanent():
    with pytest.raises(OdooPermanentError) as raised:
        answer(["not", "an", "object"])
    assert raised.value.code == "odoo_bad_response"


@pytest.mark.parametrize("failure, code", [
    (requests.ConnectionError("[Errno 111] Connection refused"), "odoo_unreachable"),
    (requests.ConnectTimeout("connect timed out"), "odoo_timeout"),
    (requests.ReadTimeout("read timed out"), "odoo_timeout"),
])
def test_network_failures_are_retryable(failure, code):
    error = errors.from_request_exception(failure, url="http://odoo.test", model="sale.order", method="action_confirm")
    assert isinstance(error, OdooRetryableError) and error.code == code
    assert "http://odoo.test" in str(error) and "sale.order.action_confirm" in str(error)


# JSON-2 (Odoo 19): the error body is Odoo's serialize_exception, sent with a real HTTP status.
def json2_error(name, message, status_arg=None):
    return {"name": name, "message": message, "arguments": [message] + ([status_arg] if status_arg else []),
            "context": {}, "debug": "Traceback ..."}


@pytest.mark.parametrize("status, body, expected, code", [
    (422, json2_error("odoo.exceptions.ValidationError", "Missing required field"), OdooPermanentError,
     "odoo_validation_error"),
    (422, json2_error("odoo.exceptions.UserError", "Nothing to check the availability for."), OdooPermanentError,
     "odoo_user_error"),
    (403, json2_error("odoo.exceptions.AccessError", "You are not allowed to access 'Scheduled Actions' (ir.cron)"),
     OdooPermanentError, "odoo_access_error"),
    (404, json2_error("odoo.exceptions.MissingError", "Record does not exist or has been deleted."),
     OdooPermanentError, "odoo_missing_error"),
    (500, json2_error("builtins.ValueError",
                      "Invalid field res.users.bad field in condition ('bad field', '=', 'foo')"),
     OdooPermanentError, "odoo_value_error"),
    (422, json2_error("werkzeug.exceptions.UnprocessableEntity", "missing a required argument: 'domain'", 422),
     OdooPermanentError, "odoo_unprocessable_entity"),
    (401, json2_error("werkzeug.exceptions.Unauthorized", 'User not authenticated, use the "Authorization" header',
                      401),
     OdooAuthenticationError, "odoo_access_denied"),
    (500, json2_error("psycopg2.errors.SerializationFailure", "could not serialize access due to concurrent update"),
     OdooRetryableError, "odoo_concurrency"),
    (503, {"message": ""}, OdooRetryableError, "odoo_unavailable"),
])
def test_json2_errors_are_classified_by_odoos_exception_name(status, body, expected, code):
    error = errors.from_json2_error(body, status=status, model="res.users", method="search")
    assert type(error) is expected
    assert error.code == code



def test_an_unknown_database_is_permanent_even_though_postgresql_reports_it_as_operational():
    body = jsonrpc_error("psycopg2.OperationalError",
                         'connection to server at "db" failed: FATAL:  database "amzbus_typo" does not exist\n')
    with pytest.raises(OdooPermanentError) as raised:
        answer(body)
    assert raised.value.code == "odoo_unknown_database" and "odoo.database" in str(raised.value)
