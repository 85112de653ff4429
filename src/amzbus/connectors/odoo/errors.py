"""The one place where Odoo failures become the bus's error tree.

Everything the transports see go wrong passes through a function of this module:

- network failures (refused, reset, timeouts, a JSON answer cut short) and HTTP 429/500 without an
  Odoo body/502/503/504 -> ``OdooRetryableError`` (a ``RetryableError``);
- PostgreSQL serialization failures, deadlocks, lock timeouts and Odoo's concurrency errors
  -> ``OdooRetryableError``: the same call succeeds once the other transaction is done;
- a refused login, API key or session -> ``OdooAuthenticationError`` (the transports re-authenticate
  once before letting it out);
- every other Odoo exception (ValidationError, UserError, AccessError, MissingError, ValueError...)
  -> ``OdooPermanentError`` carrying Odoo's exception name and message and the model/method called.
"""

from __future__ import annotations

import re
from typing import Any, Mapping

import requests

from amzbus.bus.errors import PermanentError, RetryableError

RETRYABLE_ODOO_ERRORS = frozenset({
    "psycopg2.errors.SerializationFailure",
    "psycopg2.extensions.TransactionRollbackError",
    "psycopg2.errors.DeadlockDetected",
    "psycopg2.errors.LockNotAvailable",
    "psycopg2.OperationalError",
    "psycopg2.errors.OperationalError",
    "psycopg2.errors.AdminShutdown",
    "psycopg2.pool.PoolError",
    "odoo.exceptions.ConcurrencyError",
})
RETRYABLE_MESSAGE = re.compile(
    r"could not serialize access|concurrent update|deadlock detected|could not obtain lock|"
    r"connection pool is full|server closed the connection",
    re.I,
)
UNKNOWN_DATABASE_MESSAGE = re.compile(r"database \S+ does not exist", re.I)
AUTHENTICATION_ERRORS = frozenset({
    "odoo.exceptions.AccessDenied",
    "odoo.http.SessionExpiredException",
    "werkzeug.exceptions.Unauthorized",
})
UNAVAILABLE_STATUSES = frozenset({500, 502, 503, 504})
SESSION_EXPIRED_CODE = 100


class OdooPermanentError(PermanentError):
    """Odoo refused the call for a reason that retrying cannot fix."""

    def __init__(self, message: str, *, code: str, model: str | None = None, method: str | None = None,
                 odoo_error: str | None = None, odoo_message: str | None = None) -> None:
        super().__init__(message, code=code)
        self.model, self.method = model, method
        self.odoo_error, self.odoo_message = odoo_error, odoo_message


class OdooAuthenticationError(OdooPermanentError):
    """The login, API key or session was refused (after one re-authentication)."""


class OdooRetryableError(RetryableError):
    """Odoo could not be reached or was busy; the same call may succeed later."""

    def __init__(self, message: str, *, code: str, model: str | None = None, method: str | None = None,
                 delay_seconds: float | None = None) -> None:
        super().__init__(message, code=code, delay_seconds=delay_seconds)
        self.model, self.method = model, method


def call_name(model: str | None, method: str | None) -> str:
    return f"{model}.{method}" if model else (method or "request")


def from_request_exception(error: requests.RequestException, *, url: str, model: str | None,
                           method: str | None) -> OdooRetryableError:
    """A failure below HTTP (refused, reset, DNS, timeouts): always worth another try."""
    what = call_name(model, method)
    if isinstance(error, requests.Timeout):
        kind, code = ("connecting to" if isinstance(error, requests.ConnectTimeout) else "waiting for"), "odoo_timeout"
        return OdooRetryableError(f"timed out {kind} Odoo at {url} during {what}", code=code, model=model,
                                  method=method)
    return OdooRetryableError(f"cannot reach Odoo at {url} during {what}: {type(error).__name__}",
                              code="odoo_unreachable", model=model, method=method)


def from_http_status(status: int, *, url: str, model: str | None, method: str | None,
                     retry_after: str | None = None) -> OdooRetryableError | OdooPermanentError:
    """A non-2xx answer that carries no Odoo error body (a proxy's page, a wrong URL...)."""
    what = call_name(model, method)
    if status == 429:
        return OdooRetryableError(f"Odoo at {url} asked to slow down (HTTP 429) during {what}", code="odoo_throttled",
                                  model=model, method=method, delay_seconds=_seconds(retry_after))
    if status in UNAVAILABLE_STATUSES:
        return OdooRetryableError(f"Odoo at {url} is unavailable (HTTP {status}) during {what}",
                                  code="odoo_unavailable", model=model, method=method,
                                  delay_seconds=_seconds(retry_after))
    if status in (401, 403):
        return OdooAuthenticationError(f"Odoo at {url} refused the credentials (HTTP {status}) during {what}",
                                       code="odoo_access_denied", model=model, method=method)
    if status == 404:
        return OdooPermanentError(f"no Odoo endpoint at {url} (HTTP 404) during {what}: check odoo.url and odoo.api",
                                  code="odoo_not_found", model=model, method=method)
    return OdooPermanentError(f"Odoo at {url} answered HTTP {status} during {what}", code="odoo_http_error",
                              model=model, method=method)


def from_cut_answer(*, url: str, model: str | None, method: str | None) -> OdooRetryableError:
    """A JSON answer that stops before its end, without a length to tell (the connection closed mid-answer)."""
    return OdooRetryableError(f"the answer from {url} during {call_name(model, method)} stopped mid-JSON: the "
                              "connection closed while Odoo was answering", code="odoo_unreachable", model=model,
                              method=method)


def from_invalid_body(*, url: str, model: str | None, method: str | None, detail: str) -> OdooPermanentError:
    return OdooPermanentError(f"the answer from {url} during {call_name(model, method)} is not Odoo's JSON ({detail}): "
                              "check odoo.url", code="odoo_bad_response", model=model, method=method)


def from_jsonrpc_error(error: Mapping[str, Any], *, model: str | None, method: str | None) -> Exception:
    """The ``error`` member of a JSON-RPC answer: ``{code, message, data: {name, message, ...}}``."""
    data = error.get("data") if isinstance(error.get("data"), Mapping) else {}
    name = str(data.get("name") or "")
    message = str(data.get("message") or error.get("message") or "unknown error")
    if error.get("code") == SESSION_EXPIRED_CODE and not name:
        name = "odoo.http.SessionExpiredException"
    return from_odoo_exception(name, message, model=model, method=method)


def from_json2_error(body: Mapping[str, Any], *, status: int, model: str | None, method: str | None) -> Exception:
    """The JSON-2 error body (``{name, message, arguments, context, debug}``) sent with a real HTTP status."""
    name = str(body.get("name") or "")
    message = str(body.get("message") or f"HTTP {status}")
    if not name and status in UNAVAILABLE_STATUSES:
        return from_http_status(status, url="the JSON-2 endpoint", model=model, method=method)
    return from_odoo_exception(name, message, model=model, method=method)


def from_odoo_exception(name: str, message: str, *, model: str | None, method: str | None) -> Exception:
    """Classify one exception raised inside Odoo, by its qualified class name, then by its message."""
    what = call_name(model, method)
    short = name.rsplit(".", 1)[-1] or "Error"
    if UNKNOWN_DATABASE_MESSAGE.search(message):
        return OdooPermanentError(f"Odoo has no such database during {what} ({message.strip()}): check odoo.database",
                                  code="odoo_unknown_database", model=model, method=method, odoo_error=name or None,
                                  odoo_message=message)
    if name in RETRYABLE_ODOO_ERRORS or RETRYABLE_MESSAGE.search(message):
        return OdooRetryableError(f"Odoo was busy during {what} ({short}: {message}); retry",
                                  code="odoo_concurrency", model=model, method=method)
    if name in AUTHENTICATION_ERRORS:
        return OdooAuthenticationError(f"Odoo refused the credentials during {what} ({short}: {message})",
                                       code="odoo_access_denied", model=model, method=method,
                                       odoo_error=name, odoo_message=message)
    return OdooPermanentError(f"Odoo refused {what}: {short}: {message}", code=f"odoo_{_snake(short)}",
                              model=model, method=method, odoo_error=name or None, odoo_message=message)


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _seconds(retry_after: str | None) -> float | None:
    try:
        return float(retry_after) if retry_after is not None else None
    except ValueError:
        return None
