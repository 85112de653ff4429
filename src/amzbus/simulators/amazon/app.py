"""The WSGI application: LWA, the SP-API operations, the presigned document URLs and ``/_admin/``.

For an SP-API call, in Amazon's order: the access token (403), the usage plan (429), then the injected
faults (latency, 429/500/503, malformed body), then the operation; an injected reset cuts the answer
half-way and closes the connection (the operation has run). Every answer carries ``Date`` and
``x-amzn-RequestId``; ``x-amzn-RateLimit-Limit`` goes on the answers the models list it for.
The ``Host`` header is never looked at (python-amazon-sp-api sends a wrong one for http:// endpoints).
"""

from __future__ import annotations

import time
import uuid
from typing import Any, Iterable
from urllib.parse import quote, unquote

import structlog
from werkzeug.wrappers import Request, Response

from ..connection_reset import cut_short
from .admin_api import admin_response
from .call import Call
from .clock import http_date
from .faults import FaultDecision
from .feeds_api import presigned_document
from .lwa import token_endpoint
from .responses import ApiError, error_response, throttled, token_expired, unauthorized
from .routes import Route, match_route
from .state import SimulatorState

log = structlog.get_logger(__name__)
DOCUMENTS = "/_s3/feed-documents/"
SERVER_ERRORS = {500: ("InternalFailure", "We encountered an internal error. Please try again."),
                 503: ("ServiceUnavailable", "Service temporarily unavailable. Please try again later.")}


class SimulatorApp:
    def __init__(self, state: SimulatorState) -> None:
        self.state = state

    def __call__(self, environ: dict[str, Any], start_response) -> Iterable[bytes]:
        request = Request(environ)
        response = self._respond(request, _raw_path(environ, request))
        response.headers["Date"] = http_date(self.state.clock.now())
        response.headers.setdefault("x-amzn-RequestId", str(uuid.uuid4()))
        return response(environ, start_response)

    def _respond(self, request: Request, path: str) -> Response:
        try:
            if path == "/auth/o2/token" and request.method == "POST":
                return self._lwa(request)
            if path.startswith("/_admin/"):
                return admin_response(self.state, request, path)
            if path.startswith(DOCUMENTS):
                with self.state.lock:
                    document = self.state.feeds.documents.get(unquote(path[len(DOCUMENTS):]))
                    return presigned_document(request, document, now=self.state.clock.now())
            route, args = match_route(request.method, path)
            if route is None:
                return error_response(404, "NotFound", f"No SP-API operation {request.method} {path}.")
            return self._sp_api_call(request, route, args)
        except Exception:
            log.exception("simulator_request_failed", method=request.method, path=path)
            return error_response(500, *SERVER_ERRORS[500])

    def _lwa(self, request: Request) -> Response:
        with self.state.lock:
            response = token_endpoint(request, accounts=self.state.accounts, tokens=self.state.tokens,
                                      now=self.state.clock.now())
            self.state.stats.record("lwaToken", seller_id=None, status=response.status_code)
            return response

    def _sp_api_call(self, request: Request, route: Route, args: tuple[str, ...]) -> Response:
        state, operation = self.state, route.operation
        with state.lock:
            state.advance()
            refusal, account = self._admit(request, route)
            if refusal is not None:
                return refusal
            decision = state.faults.decide(operation)
        if decision.latency_seconds:
            time.sleep(decision.latency_seconds)
        with state.lock:
            response = self._answer(request, route, args, account, decision)
            state.stats.record(operation, seller_id=account.seller_id, status=response.status_code)
        if response.status_code < 300 or response.status_code in (400, 404):
            response.headers["x-amzn-RateLimit-Limit"] = state.rate_limiter.header(operation)
        if decision.reset:
            with state.lock:
                state.stats.record_fault(operation)
            return cut_short(request, response)
        return response

    def _admit(self, request: Request, route: Route):
        """The caller's account, or the refusal: a grantless operation takes only a grantless token (and its
        application's owner is the account), any other operation only a seller's."""
        state, operation = self.state, route.operation
        token = state.tokens.lookup(request.headers.get("x-amz-access-token"))
        refusal = None
        if token is None or token.grantless != route.grantless:
            refusal = unauthorized()
        elif token.expires_at < state.clock.now():
            refusal = token_expired()
        elif not state.rate_limiter.allow(token.seller_id or token.application, operation):
            refusal = throttled()
        if refusal is not None:
            state.stats.record(operation, seller_id=token.seller_id if token else None, status=refusal.status_code)
            return refusal, None
        if token.grantless:
            return None, state.accounts.by_client_id(token.application)
        return None, state.accounts.by_seller(token.seller_id)

    def _answer(self, request: Request, route: Route, args: tuple[str, ...], account, decision: FaultDecision) -> Response:
        if decision.error_status:
            self.state.stats.record_fault(route.operation)
            if decision.error_status == 429:
                return throttled()
            return error_response(decision.error_status, *SERVER_ERRORS[decision.error_status])
        call = Call(request, self.state, account, route.operation, args, decision, self.state.clock.now())
        try:
            response = route.handler(call)
        except ApiError as error:
            response = error.response()
        if decision.malformed and response.status_code in (200, 201, 202):
            self.state.stats.record_fault(route.operation)
            response.set_data(b"" if decision.malformed == "empty" else b"<html><body>Bad Gateway</body>")
        return response


def _raw_path(environ: dict[str, Any], request: Request) -> str:
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if raw:
        path = raw.split("?", 1)[0]
        return path if path.startswith("/") else "/" + path.split("/", 3)[-1]
    return quote(request.path, safe="/")
