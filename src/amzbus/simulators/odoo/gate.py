"""The gate every RPC call passes: it is counted, then the fault plan may delay it, refuse it with a
503, fail it with a PostgreSQL error before it runs, or drop the connection (or cut the answer short)
after it committed."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Callable

from werkzeug.wrappers import Response

from .exceptions import ValidationError
from .faults import DATABASE_FAULTS, database_error

SERVICE_UNAVAILABLE_PAGE = (
    "<!doctype html>\n<html lang=en>\n<title>503 Service Unavailable</title>\n<h1>Service Unavailable</h1>\n"
    "<p>The server is temporarily unable to service your request due to maintenance downtime or capacity "
    "problems. Please try again later.</p>\n"
)


class ServiceUnavailable(Exception):
    """Answer 503 instead of running the call."""


class DropConnection(Exception):
    """Close the connection instead of answering (the call has committed)."""


class ResetMidResponse(Exception):
    """Send half of the answer to ``result``, then close the connection (the call has committed)."""

    def __init__(self, result: object) -> None:
        super().__init__("connection reset mid-response")
        self.result = result


def guarded_call(state, target: str, method: str, run: Callable[[], object]) -> object:
    state.calls.record(target, method)
    decision = state.faults.decide(target, method)
    if decision.latency_seconds:
        time.sleep(decision.latency_seconds)
    if decision.failure == "http_503":
        raise ServiceUnavailable()
    if decision.failure in DATABASE_FAULTS:
        raise database_error(decision.failure, target)
    if decision.failure == "validation_error":
        raise ValidationError(decision.message)
    result = run()
    if decision.failure == "drop_response":
        raise DropConnection()
    if decision.failure == "reset_mid_response":
        raise ResetMidResponse(result)
    return result


def json_response(body, *, status: int = 200, headers: dict | None = None) -> Response:
    return Response(json.dumps(body, default=str), status=status, headers=headers or {},
                    mimetype="application/json")


def service_unavailable() -> Response:
    return Response(SERVICE_UNAVAILABLE_PAGE, status=503, mimetype="text/html")


def dropped_connection(request) -> Response:
    """Shut the client's socket so it sees the connection closed without an answer."""
    connection = request.environ.get("werkzeug.socket")
    if connection is not None:
        try:
            connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
    return Response(b"", status=200)


def text_response(text: str, status: int) -> Response:
    return Response(text, status=status, mimetype="text/html")
