"""``/_admin/``: JSON in, JSON out, to drive and inspect the simulated Amazon (no authentication; the
server listens on 127.0.0.1 by default). Unknown things answer 404, invalid values 400, each with
``{"error": "..."}`` naming what is wrong."""

from __future__ import annotations

import re
from typing import Any, Callable

from werkzeug.wrappers import Request, Response

from .config_fragment import render_config
from .responses import json_response

Handler = Callable[[Any, Request, tuple[str, ...]], Any]


def _body(request: Request) -> dict[str, Any]:
    if not request.get_data():
        return {}
    data = request.get_json(silent=True, force=True)
    if not isinstance(data, dict):
        raise ValueError("the request body must be a JSON object")
    return data


def _generate(state, request, _):
    body = _body(request)
    ids = state.generate_orders(count=body.get("count", 1), seed=body.get("seed"), account=body.get("account"),
                                marketplaces=body.get("marketplaces"), mix=body.get("mix"))
    return {"orders": ids}


def _set_faults(state, request, _):
    for operation, spec in _body(request).items():
        state.set_fault(operation, spec)
    return {"faults": state.faults.describe()}


def _set_rate_limits(state, request, _):
    body = _body(request)
    return {op: state.set_rate_limit(op, rate=plan["rate"], burst=plan["burst"]) for op, plan in body.items()}


def _config(state, request, _):
    return Response(render_config(state.accounts.all, endpoint=state.base_url, seed=state.seed),
                    content_type="text/plain; charset=utf-8")


def _set_push(state, request, _):
    """Where and how Amazon pushes notifications (``sqs_endpoint``, ``delay_seconds``, ``duplicate_rate``,
    ``drop_rate``); pushing starts once an SQS endpoint is known. ``watch``: only record when orders become
    eligible (``eligible_at``), for latency measurements without push."""
    body = _body(request)
    with state.lock:
        state.push.settings.update({k: v for k, v in body.items() if k != "watch"})
    if state.push.settings.sqs_endpoint or body.get("watch"):
        state.push.start()
    return state.push.report()


ENDPOINTS: list[tuple[str, str, Handler]] = [
    ("GET", "accounts", lambda s, r, a: {"accounts": s.accounts_json()}),
    ("GET", "config", _config),
    ("POST", "orders/generate", _generate),
    ("GET", "orders", lambda s, r, a: {"orders": s.list_orders(account=r.args.get("account"), status=r.args.get("status"))}),
    ("GET", "orders/([^/]+)", lambda s, r, a: {"order": s.order_json(a[0])}),
    ("POST", "orders/([^/]+)/make-eligible", lambda s, r, a: {"order": s.make_eligible(a[0])}),
    ("POST", "orders/([^/]+)/ship", lambda s, r, a: {"order": s.ship_order(a[0], **_body(r))}),
    ("POST", "orders/([^/]+)/cancel", lambda s, r, a: {"order": s.cancel_order(a[0], **_body(r))}),
    ("GET", "listings", lambda s, r, a: {"listings": s.listing_quantities(r.args.get("account"))}),
    ("PUT", "listings", lambda s, r, a: {"listing": s.set_listing_quantity(**_body(r))}),
    ("GET", "fba-inventory", lambda s, r, a: {"fbaInventory": s.fba_quantities(r.args.get("account"))}),
    ("PUT", "fba-inventory", lambda s, r, a: {"fbaInventory": s.set_fba_quantity(**_body(r))}),
    ("PUT", "fba-inventory/paging",
     lambda s, r, a: {"pageSize": s.set_inventory_page_size(_body(r).get("page_size"))}),
    ("GET", "shipments", lambda s, r, a: {"shipments": s.confirmed_shipments(r.args.get("account"))}),
    ("GET", "calls", lambda s, r, a: s.call_counts()),
    ("GET", "faults", lambda s, r, a: {"faults": s.faults.describe()}),
    ("PUT", "faults", _set_faults),
    ("DELETE", "faults", lambda s, r, a: s.clear_faults(r.args.get("operation")) or {"faults": {}}),
    ("PUT", "rate-limits", _set_rate_limits),
    ("PUT", "feed-timing", lambda s, r, a: s.set_feed_timing(**_body(r)) or {"feedTiming": vars(s.feeds.timing)}),
    ("GET", "feeds", lambda s, r, a: {"feeds": s.feeds_summary()}),
    ("POST", "clock/advance", lambda s, r, a: {"now": s.advance_clock(float(_body(r).get("seconds", 0)))}),
    ("GET", "notifications", lambda s, r, a: s.push.report()),
    ("PUT", "notifications", _set_push),
    ("POST", "reset", lambda s, r, a: s.reset(seed=_body(r).get("seed")) or {"reset": True, "seed": s.seed}),
]
COMPILED = [(method, re.compile(pattern), handler) for method, pattern, handler in ENDPOINTS]


def admin_response(state, request: Request, path: str) -> Response:
    tail = path[len("/_admin/"):].rstrip("/")
    for method, pattern, handler in COMPILED:
        found = pattern.fullmatch(tail)
        if found and method == request.method:
            try:
                result = handler(state, request, tuple(found.groups()))
            except LookupError as missing:
                return json_response({"error": str(missing.args[0] if missing.args else missing)}, status=404)
            except (ValueError, TypeError) as wrong:
                return json_response({"error": str(wrong)}, status=400)
            return result if isinstance(result, Response) else json_response(result)
    known = ", ".join(f"{m} /_admin/{p}" for m, p, _ in ENDPOINTS)
    return json_response({"error": f"no admin endpoint {request.method} {path}; known: {known}"}, status=404)
