"""Building HTTP answers the way SP-API writes them: JSON bodies, ``{"errors": [...]}`` on failure."""

from __future__ import annotations

import json
from typing import Any

from werkzeug.wrappers import Response

JSON = "application/json"


class ApiError(Exception):
    """An SP-API error answer: the status and one ``{code, message, details}`` entry."""

    def __init__(self, status: int, code: str, message: str, *, details: str = "") -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.details = details

    def response(self) -> Response:
        return error_response(self.status, self.code, self.message, details=self.details)


def invalid_input(message: str, *, details: str = "") -> ApiError:
    return ApiError(400, "InvalidInput", message, details=details)


def not_found(message: str) -> ApiError:
    return ApiError(404, "NotFound", message)


def json_response(body: Any, *, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    return Response(text.encode("utf-8"), status=status, headers=headers or {}, content_type=JSON)


def error_body(code: str, message: str, *, details: str = "") -> dict[str, Any]:
    return {"errors": [{"code": code, "message": message, "details": details}]}


def errors_response(status: int, errors: list[tuple[str, str, str]]) -> Response:
    """Several errors at once: ``[(code, message, details), ...]``."""
    body = {"errors": [{"code": c, "message": m, "details": d} for c, m, d in errors]}
    return json_response(body, status=status)


def error_response(status: int, code: str, message: str, *, details: str = "") -> Response:
    return json_response(error_body(code, message, details=details), status=status)


def empty_response(status: int = 204) -> Response:
    return Response(b"", status=status)


def throttled() -> Response:
    """Amazon's 429 body, verbatim."""
    return error_response(429, "QuotaExceeded", "You exceeded your quota for the requested resource.")


def unauthorized() -> Response:
    return error_response(403, "Unauthorized", "Access to requested resource is denied.")


def token_expired() -> Response:
    return error_response(403, "Unauthorized", "The access token you provided has expired.")
