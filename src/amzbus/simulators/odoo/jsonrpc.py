"""``POST /jsonrpc`` and ``/web/webclient/version_info``, as Odoo 18 answers them.

Errors come back with HTTP 200 and ``{"jsonrpc": "2.0", "id": ..., "error": {"code": 200,
"message": "Odoo Server Error", "data": {"name", "message", "arguments", "context", "debug"}}}``;
a call whose result is ``None`` (``action_apply_inventory``) gets no ``result`` key at all.
"""

from __future__ import annotations

import json

from ..connection_reset import cut_short
from .exceptions import serialize_exception
from .gate import (DropConnection, ResetMidResponse, ServiceUnavailable, dropped_connection, guarded_call,
                   json_response, service_unavailable, text_response)
from .rpc_dispatch import call_kw

JSON_MIMETYPES = ("application/json", "application/json-rpc")


def handle_jsonrpc(state, request):
    return _handle(state, request, "/jsonrpc", lambda params: _dispatch_rpc(state, params))


def handle_version_info(state, request):
    return _handle(state, request, "/web/webclient/version_info",
                   lambda params: guarded_call(state, "web", "version_info", state.version))


def _handle(state, request, route: str, dispatch):
    if request.mimetype not in JSON_MIMETYPES:
        return text_response(f"Request inferred type is compatible with ['http'] but {route!r} is type='json'.\n\n"
                             "Please verify the Content-Type request header and try again.", 400)
    try:
        body = json.loads(request.get_data(as_text=True))
    except ValueError:
        return text_response("Invalid JSON data", 400)
    if not isinstance(body, dict) or not isinstance(body.get("params", {}), dict):
        return text_response("Invalid JSON-RPC data", 400)
    request_id = body.get("id")
    try:
        result = dispatch(body.get("params", {}))
    except ServiceUnavailable:
        return service_unavailable()
    except DropConnection:
        return dropped_connection(request)
    except ResetMidResponse as reset:
        return cut_short(request, json_response(_envelope(request_id, result=reset.result)))
    except Exception as error:  # every error becomes Odoo's error envelope, as on a real server
        return json_response(_envelope(request_id, error={"code": 200, "message": "Odoo Server Error",
                                                          "data": serialize_exception(error)}))
    return json_response(_envelope(request_id, result=result))


def _envelope(request_id, *, result=None, error=None) -> dict:
    body = {"jsonrpc": "2.0", "id": request_id}
    if error is not None:
        body["error"] = error
    if result is not None:
        body["result"] = result
    return body


class RPC:
    """Odoo's ``odoo.addons.base.controllers.rpc.RPC``: its signature words the argument errors."""

    def jsonrpc(self, service, method, args):
        return service, method, args


def _dispatch_rpc(state, params: dict):
    known = {key: value for key, value in params.items() if key in ("service", "method", "args")}
    service, method, args = RPC().jsonrpc(**known)
    args = list(args) if isinstance(args, (list, tuple)) else args
    if service == "object":
        target, name = _object_target(method, args)
        return guarded_call(state, target, name, lambda: _object_service(state, method, args))
    services = {"common": _common_service, "db": _db_service}
    if service not in services:
        raise KeyError(service)
    return guarded_call(state, service, str(method), lambda: services[service](state, method, args))


def _object_target(method, args) -> tuple[str, str]:
    """(model, model method) of an ``execute_kw``/``execute`` call, for counting and faults."""
    if isinstance(args, list) and len(args) > 4 and isinstance(args[3], str) and isinstance(args[4], str):
        return args[3], args[4]
    return "object", str(method)


def _common_service(state, method, args):
    def exp_version():
        return state.version()

    def exp_login(db, login, password):
        return exp_authenticate(db, login, password, None)

    def exp_authenticate(db, login, password, user_agent_env):
        return state.authenticate(db, login, password)

    def exp_about(extended=False):
        return ["See http://openerp.com", "18.0"] if extended else "See http://openerp.com"

    functions = {"version": exp_version, "login": exp_login, "authenticate": exp_authenticate, "about": exp_about}
    if method not in functions:
        raise KeyError(f"exp_{method}")
    return functions[method](*args)


def _db_service(state, method, args):
    functions = {"list": lambda *a: [state.db_name], "server_version": lambda: "18.0",
                 "db_exist": lambda db_name: db_name == state.db_name}
    if method not in functions:
        raise KeyError(f"exp_{method}")
    return functions[method](*args)


def _object_service(state, method, params):
    db_name, uid, password = params[0], int(params[1]), params[2]
    state.check_credentials(db_name, uid, password)
    if method == "execute_kw":
        model, name, args, kwargs = _execute_kw_params(*params[3:])
    elif method == "execute":
        model, name, args, kwargs = params[3], params[4], params[5:], {}
    else:
        raise NameError(f"Method not available {method}")
    with state.transaction(uid=uid) as env:
        return call_kw(env, model, name, args, kwargs)


def _execute_kw_params(obj, method, args, kw=None):
    return obj, method, args, kw
