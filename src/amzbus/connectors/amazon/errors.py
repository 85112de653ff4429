"""Every failure of an SP-API call becomes a bus error here, and only here (``translate``).

| what happened | bus error |
|---|---|
| HTTP 429 (throttled) | ``AmazonThrottled`` (retryable, ``delay_seconds`` = time for one token to come back) |
| HTTP 5xx, 408, a timeout, a network error, a success without a JSON body | ``AmazonUnavailable`` (retryable) |
| HTTP 400, 401, 403, 404, 409, 413, 415... | ``AmazonRejected`` (permanent), with Amazon's code and message |
| LWA refused the credentials (``invalid_client``, ``invalid_grant``) | ``AmazonRejected`` (permanent) |

The library turns a non-2xx answer without a JSON ``errors`` body into an empty success
(reference/spapi.md §3.5); ``library.ObservedResponses`` raises ``AmazonHttpError`` for those first.
Messages carry Amazon's code and message, never tokens, request bodies or buyers' data.
"""

from __future__ import annotations

import json
from typing import Any, Mapping

import httpx
from sp_api.auth.exceptions import AuthorizationError
from sp_api.base.exceptions import SellingApiException

from amzbus.bus.errors import BusError, PermanentError, RetryableError

RETRYABLE_STATUSES = frozenset({408, 425, 429}) | frozenset(range(500, 600))


class AmazonHttpError(Exception):
    """A raw HTTP answer the library would have misread (non-2xx, or a success without JSON)."""

    def __init__(self, status: int, headers: Mapping[str, str], *, code: str | None, message: str) -> None:
        super().__init__(f"HTTP {status}: {code or '-'}: {message}")
        self.status, self.headers, self.code, self.message = status, headers, code, message

    @classmethod
    def from_response(cls, response: httpx.Response) -> "AmazonHttpError":
        try:
            body: Any = response.json()
        except (ValueError, UnicodeDecodeError):
            body = None
        errors = body.get("errors") if isinstance(body, dict) else None
        if isinstance(errors, list) and errors and isinstance(errors[0], dict):
            first = errors[0]
            return cls(response.status_code, response.headers, code=first.get("code"),
                       message=" ".join(str(part) for part in (first.get("message"), first.get("details")) if part))
        content_type = response.headers.get("content-type", "no content type")
        kind = "an empty body" if not response.content else (
            "a JSON body without errors" if body is not None else
            f"a non-JSON body ({content_type}, {len(response.content)} bytes)")
        return cls(response.status_code, response.headers, code=None, message=f"answered with {kind}")


class AmazonRejected(PermanentError):
    """Amazon refused the request; retrying the same request cannot succeed."""

    def __init__(self, message: str, *, code: str | None, status: int | None, operation: str) -> None:
        super().__init__(message, code=code)
        self.status, self.operation = status, operation


class AmazonUnavailable(RetryableError):
    """Amazon (or the network to it) failed; the same request may succeed later."""

    def __init__(self, message: str, *, code: str | None, status: int | None, operation: str,
                 delay_seconds: float | None = None) -> None:
        super().__init__(message, code=code, delay_seconds=delay_seconds)
        self.status, self.operation = status, operation


class AmazonThrottled(AmazonUnavailable):
    """Amazon answered 429: the bucket for this account and operation is empty."""


def translate(failure: BaseException, *, operation: str, account: str,
              throttle_delay_seconds: float | None = None) -> BusError | None:
    """The bus error for a failure of one call, or ``None`` when it is not an SP-API failure (a bug)."""
    where = f"Amazon {operation} for account {account}"
    if isinstance(failure, AmazonHttpError):
        return _from_status(failure.status, failure.code, failure.message, where, operation, throttle_delay_seconds)
    if isinstance(failure, SellingApiException):
        status = failure.code if failure.code != 999 else None
        message = getattr(failure, "message", None) or json.dumps(failure.error)[:300]
        return _from_status(status, getattr(failure, "amzn_code", None), message, where, operation,
                            throttle_delay_seconds)
    if isinstance(failure, AuthorizationError):
        status = failure.status_code
        code = failure.error_code or "LwaError"
        return _from_status(status, code, f"Login with Amazon: {failure.message or 'no description'}",
                            where, operation, throttle_delay_seconds)
    if isinstance(failure, httpx.TimeoutException):
        return AmazonUnavailable(f"{where} timed out ({type(failure).__name__})", code="Timeout", status=None,
                                 operation=operation)
    if isinstance(failure, httpx.TransportError):
        return AmazonUnavailable(f"{where} failed on the network ({type(failure).__name__}: {failure})",
                                 code="NetworkError", status=None, operation=operation)
    return None


def _from_status(status: int | None, code: str | None, message: str, where: str, operation: str,
                 throttle_delay_seconds: float | None) -> BusError:
    text = f"{where} answered HTTP {status if status is not None else '?'}: {message}"
    if status == 429:
        return AmazonThrottled(text, code=code or "QuotaExceeded", status=status, operation=operation,
                               delay_seconds=throttle_delay_seconds)
    if status is None or status in RETRYABLE_STATUSES or 200 <= status < 300:
        return AmazonUnavailable(text, code=code or f"HTTP{status}", status=status, operation=operation)
    return AmazonRejected(text, code=code or f"HTTP{status}", status=status, operation=operation)
