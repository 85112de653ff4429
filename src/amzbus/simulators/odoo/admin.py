"""``/_admin/...``: control and inspection endpoints for tests and demos (not part of Odoo).

- ``GET /_admin/info``: database, login, API key, record counts;
- ``GET /_admin/calls`` / ``DELETE /_admin/calls``: call counts per (target, method), or reset them;
- ``GET|POST|DELETE /_admin/faults``: list, add (a JSON ``FaultRule``) or clear fault rules;
- ``POST /_admin/outage`` ``{"seconds": N}``: close the listening socket for N seconds;
- ``POST /_admin/clock`` ``{"offset_seconds": N}``: shift the transaction clock;
- ``GET /_admin/records/<model>?domain=<json>&fields=a,b&context=<json>``: search_read as the admin,
  without counting or faults.
"""

from __future__ import annotations

import json
from datetime import timedelta

from .exceptions import serialize_exception
from .gate import json_response


def handle_admin(server, request):
    state = server.state
    path, method = request.path.rstrip("/"), request.method
    try:
        if path == "/_admin/info" and method == "GET":
            return json_response({"db": state.db_name, "login": state.login, "api_key": state.api_key,
                                  "version": state.version(), "records": state.record_counts()})
        if path == "/_admin/calls":
            return _calls(state, method)
        if path == "/_admin/faults":
            return _faults(state, method, request)
        if path == "/_admin/outage" and method == "POST":
            seconds = float(_json(request).get("seconds", 1.0))
            server.refuse_connections(seconds)
            return json_response({"refusing_for_seconds": seconds})
        if path == "/_admin/clock" and method == "POST":
            state.clock_offset = timedelta(seconds=float(_json(request).get("offset_seconds", 0)))
            return json_response({"offset_seconds": state.clock_offset.total_seconds()})
        if path.startswith("/_admin/records/") and method == "GET":
            return json_response({"records": _records(state, path.split("/", 3)[3], request.args)})
    except Exception as error:  # a bad admin request is the caller's mistake: say what it was
        return json_response({"error": serialize_exception(error)}, status=400)
    return json_response({"error": f"no admin endpoint {method} {path}"}, status=404)


def _calls(state, method: str):
    if method == "DELETE":
        state.calls.reset()
    return json_response({"calls": state.calls.snapshot()})


def _faults(state, method: str, request):
    if method == "POST":
        rule = state.faults.add(**_json(request))
        return json_response({"fault": rule.as_dict()}, status=201)
    if method == "DELETE":
        state.faults.clear()
    return json_response({"faults": state.faults.rules()})


def _records(state, model_name: str, args) -> list[dict]:
    domain = json.loads(args.get("domain", "[]"))
    fields = [name for name in args.get("fields", "").split(",") if name] or None
    context = json.loads(args.get("context", "{}"))
    with state.transaction(context=context) as env:
        return env[model_name].search_read(domain, fields, order=args.get("order"))


def _json(request) -> dict:
    data = request.get_data(as_text=True)
    body = json.loads(data) if data else {}
    if not isinstance(body, dict):
        raise ValueError("expected a JSON object")
    return body
