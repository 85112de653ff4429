"""``POST /json/2/<model>/<method>``: the External JSON-2 API of Odoo 19, on the simulated Odoo 18.

``Authorization: bearer <api key>`` identifies the user; ``X-Odoo-Database`` names the database;
the body is a JSON object of named parameters with ``ids`` and ``context``. The answer is the bare
result with 200, or Odoo's serialised exception with the exception's status: 401 (no or wrong key),
403 (access), 404 (unknown model, method or record), 405 (not POST), 422 (business rule, bad
parameters, ``ids`` on a model method), 500 (anything else, ``ValueError`` and PostgreSQL errors
included).
"""

from __future__ import annotations

import json
import re

from ..connection_reset import cut_short
from .exceptions import HttpError, UserError, serialize_exception
from .gate import (DropConnection, ResetMidResponse, ServiceUnavailable, dropped_connection, guarded_call,
                   json_response, service_unavailable)
from .rpc_dispatch import call_json2

BEARER = re.compile(r"^bearer\s+(.+)$", re.IGNORECASE)


def handle_json2(state, request):
    try:
        model_name, method_name = _route(request)
        result = guarded_call(state, model_name, method_name,
                              lambda: _serve(state, request, model_name, method_name))
    except ServiceUnavailable:
        return service_unavailable()
    except DropConnection:
        return dropped_connection(request)
    except ResetMidResponse as reset:
        return cut_short(request, json_response(reset.result))
    except Exception as error:  # every error becomes Odoo's JSON-2 error answer
        return error_response(error)
    return json_response(result)


def _route(request) -> tuple[str, str]:
    parts = request.path.split("/")
    if len(parts) != 5 or not parts[3] or not parts[4]:
        raise HttpError(404, "Did you mean POST /json/2/<model>/<method>?")
    return parts[3], parts[4]


def _serve(state, request, model_name: str, method_name: str):
    if request.method != "POST":
        raise HttpError(405, headers={"Allow": "POST"})
    database = request.headers.get("X-Odoo-Database")
    if database is not None and database != state.db_name:
        raise HttpError(404)
    uid = _authenticate(state, request.headers.get("Authorization"))
    if request.mimetype != "application/json":
        raise HttpError(400, "Request inferred type is compatible with ['http'] but '/json/2/<model>/<method>' "
                             "is type='/json/2/rpc'.\n\nPlease verify the Content-Type request header and try again.")
    params = _body(request)
    with state.transaction(uid=uid) as env:
        return call_json2(env, model_name, method_name, params)


def _authenticate(state, header: str | None) -> int:
    match = BEARER.match(header or "")
    challenge = {"WWW-Authenticate": "bearer"}
    if not match:
        raise HttpError(401, 'User not authenticated, use the "Authorization" header', headers=challenge)
    uid = state.uid_for_api_key(match.group(1).strip())
    if uid is None:
        raise HttpError(401, "Invalid apikey", headers=challenge)
    return uid


def _body(request) -> dict:
    data = request.get_data(as_text=True)
    if not data:
        return {}
    try:
        body = json.loads(data)
    except ValueError as error:
        raise HttpError(400, f"could not parse the body as json: {error.args[0]}") from None
    if not isinstance(body, dict):
        raise HttpError(400, "could not parse the body, expecting a json object")
    return body


def error_response(error: Exception):
    if isinstance(error, HttpError):
        body = serialize_exception(error, message=error.description, arguments=(error.description, error.code))
        return json_response(body, status=error.code, headers=error.headers)
    status = error.http_status if isinstance(error, UserError) else 500
    return json_response(serialize_exception(error), status=status)
