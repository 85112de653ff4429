"""``OdooClient``: one interface to Odoo over JSON-RPC (17, 18) or JSON-2 (19+).

Built at an entry point from ``OdooSettings`` and the secret (``settings.secret(environ)``, or a
callable returning it, which is read again when Odoo refuses it). Nothing happens on the network
until the first call: then the client detects the API when configured as ``auto``, authenticates
once, and re-authenticates once if the session or key is refused later.

Every failure is a ``RetryableError`` or a ``PermanentError`` (see ``errors``). ``round_trips``
counts HTTP requests, login and version probe included.
"""

from __future__ import annotations

import threading
import time
from typing import Any, Callable, Mapping, Sequence

import requests
import structlog

from amzbus.bus.errors import BusError
from amzbus.bus.settings import OdooSettings

from .cache import TtlCache
from .http_channel import HttpChannel
from .json2 import Json2Transport
from .jsonrpc import JsonRpcTransport
from .version import choose_api, probe_server_version

log = structlog.get_logger(__name__)

Domain = Sequence[Any]


class OdooClient:
    """Options: ``connect_timeout_seconds`` (5 s; the read timeout is ``settings.timeout_seconds``),
    ``pool_size`` (10 pooled connections), ``session`` (a ``requests.Session`` to reuse),
    ``cache`` (reference-data cache; default 4096 entries for 10 minutes)."""

    def __init__(self, settings: OdooSettings, secret: str | Callable[[], str], *, connect_timeout_seconds: float = 5.0,
                 pool_size: int = 10, session: requests.Session | None = None, cache: TtlCache | None = None) -> None:
        self.settings = settings
        self._secret: Callable[[], str] = secret if callable(secret) else (lambda: secret)
        self._channel = HttpChannel(settings.url, connect_timeout_seconds=min(connect_timeout_seconds,
                                                                                settings.timeout_seconds),
                                    read_timeout_seconds=settings.timeout_seconds, pool_size=pool_size, session=session)
        self.cache = cache or TtlCache()
        self._transport: JsonRpcTransport | Json2Transport | None = None
        self.server_major_version: int | None = None
        self._connect_lock = threading.Lock()

    def __repr__(self) -> str:
        return f"OdooClient(url={self.settings.url!r}, database={self.settings.database!r}, api={self.api!r})"

    @property
    def round_trips(self) -> int:
        return self._channel.round_trips

    @property
    def api(self) -> str | None:
        """``jsonrpc`` or ``json2`` once connected (None before)."""
        return self._transport.api if self._transport else None

    def connect(self) -> OdooClient:
        """Choose the transport and authenticate; idempotent, and done by the first call anyway."""
        with self._connect_lock:
            if self._transport is None:
                self._transport = self._open_transport()
        return self

    def execute(self, model: str, method: str, *args: Any, **kwargs: Any) -> Any:
        """Call ``model.method(*args, **kwargs)`` in Odoo; pass ``context=`` as a keyword."""
        transport = self._transport or self.connect()._transport
        started = time.perf_counter()
        try:
            result = transport.call(model, method, args, kwargs)
        except BusError as error:
            log.warning("odoo_call_failed", model=model, method=method, api=transport.api, error_code=error.code)
            raise
        log.debug("odoo_call", model=model, method=method, api=transport.api,
                  duration_ms=round((time.perf_counter() - started) * 1000, 1))
        return result

    def search_read(self, model: str, domain: Domain, fields: Sequence[str], *, limit: int | None = None,
                    offset: int = 0, order: str | None = None, context: Mapping[str, Any] | None = None) -> list[dict]:
        options = _options(fields=list(fields), limit=limit, offset=offset or None, order=order, context=context)
        return list(self.execute(model, "search_read", list(domain), **options) or [])

    def search(self, model: str, domain: Domain, *, limit: int | None = None, order: str | None = None,
               context: Mapping[str, Any] | None = None) -> list[int]:
        return list(self.execute(model, "search", list(domain), **_options(limit=limit, order=order,
                                                                              context=context)) or [])

    def read(self, model: str, ids: Sequence[int], fields: Sequence[str], *,
             context: Mapping[str, Any] | None = None) -> list[dict]:
        return list(self.execute(model, "read", list(ids), **_options(fields=list(fields), context=context)) or [])

    def create(self, model: str, vals_list: Sequence[Mapping[str, Any]], *,
               context: Mapping[str, Any] | None = None) -> list[int]:
        """Create records in one call; their ids, in order."""
        result = self.execute(model, "create", [dict(vals) for vals in vals_list], **_options(context=context))
        return [result] if isinstance(result, int) else list(result or [])

    def create_one(self, model: str, vals: Mapping[str, Any], *, context: Mapping[str, Any] | None = None) -> int:
        return self.create(model, [vals], context=context)[0]

    def write(self, model: str, ids: Sequence[int], vals: Mapping[str, Any], *,
              context: Mapping[str, Any] | None = None) -> None:
        self.execute(model, "write", list(ids), dict(vals), **_options(context=context))

    def close(self) -> None:
        self._channel.close()

    def _open_transport(self) -> JsonRpcTransport | Json2Transport:
        settings = self.settings
        if settings.api == "auto":
            version = probe_server_version(self._channel)
            self.server_major_version = version.major
        api = choose_api(settings.api, server_major=self.server_major_version, has_api_key=bool(settings.api_key_env))
        if self.server_major_version is None:
            self.server_major_version = 19 if api == "json2" else 18
        if api == "json2":
            transport: JsonRpcTransport | Json2Transport = Json2Transport(
                self._channel, database=settings.database, secret=self._secret)
        else:
            transport = JsonRpcTransport(self._channel, database=settings.database, login=settings.user,
                                         secret=self._secret)
        transport.authenticate()
        log.info("odoo_connected", api=api, server_major_version=self.server_major_version, url=settings.url)
        return transport


def _options(**options: Any) -> dict[str, Any]:
    """Keyword arguments without the ones left at None."""
    return {key: value for key, value in options.items() if value is not None}
