"""One pooled HTTP connection to Odoo: POSTs JSON, counts round trips, applies (connect, read) timeouts.

Both transports send every request through ``HttpChannel.post_json``; failures below HTTP are
translated by ``errors.from_request_exception`` and non-JSON answers by ``errors.from_invalid_body``.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any, Mapping

import requests
from requests.adapters import HTTPAdapter

from ...bus import metrics
from . import errors


@dataclass(frozen=True)
class HttpAnswer:
    status: int
    body: Any
    retry_after: str | None


class HttpChannel:
    """``base_url`` is Odoo's root (``https://erp.example.com``); ``pool_size`` bounds open connections."""

    def __init__(self, base_url: str, *, connect_timeout_seconds: float = 5.0, read_timeout_seconds: float = 30.0,
                 pool_size: int = 10, session: requests.Session | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = (connect_timeout_seconds, read_timeout_seconds)
        self._session = session or _pooled_session(pool_size)
        self._round_trips = 0
        self._lock = threading.Lock()

    @property
    def round_trips(self) -> int:
        """How many HTTP requests were sent (each one is one RPC round trip)."""
        return self._round_trips

    def post_json(self, path: str, payload: Mapping[str, Any], *, headers: Mapping[str, str] | None = None,
                  model: str | None = None, method: str | None = None) -> HttpAnswer:
        """POST ``payload`` as JSON; the answer's status and decoded JSON body (None when the body is empty)."""
        url = f"{self.base_url}{path}"
        with self._lock:
            self._round_trips += 1
        started = time.perf_counter()
        try:
            response = self._session.post(url, json=payload, headers=dict(headers or {}), timeout=self.timeout)
        except requests.RequestException as error:
            raise errors.from_request_exception(error, url=self.base_url, model=model, method=method) from None
        finally:
            metrics.ODOO_CALL_DURATION.labels(model or "-", method or path).observe(time.perf_counter() - started)
        return HttpAnswer(response.status_code, _decode(response, url=self.base_url, model=model, method=method),
                          response.headers.get("Retry-After"))

    def close(self) -> None:
        self._session.close()


def _pooled_session(pool_size: int) -> requests.Session:
    session = requests.Session()
    adapter = HTTPAdapter(pool_connections=2, pool_maxsize=pool_size, max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def _decode(response: requests.Response, *, url: str, model: str | None, method: str | None) -> Any:
    if not response.content:
        return None
    content_type = response.headers.get("Content-Type", "")
    try:
        return response.json()
    except ValueError:
        if response.status_code >= 400:
            return None  # a proxy's or server's HTML error page: the status tells what happened
        if "json" in content_type:  # JSON announced, cut short: the connection closed mid-answer
            raise errors.from_cut_answer(url=url, model=model, method=method) from None
        detail = f"HTTP {response.status_code}, {content_type or 'no content type'}"
        raise errors.from_invalid_body(url=url, model=model, method=method, detail=detail) from None
