"""JSON-RPC transport (Odoo 17 and 18): ``POST /jsonrpc``, ``common.authenticate`` then ``object.execute_kw``.

Errors arrive as HTTP 200 with an ``error`` member; a result Odoo returns as nothing (e.g.
``stock.quant.action_apply_inventory``) arrives as an answer without a ``result`` key and reads as None.
"""

from __future__ import annotations

import itertools
import threading
from typing import Any, Callable, Mapping, Sequence

import structlog

from . import errors
from .http_channel import HttpChannel

log = structlog.get_logger(__name__)

JSONRPC_PATH = "/jsonrpc"


class JsonRpcTransport:
    api = "jsonrpc"

    def __init__(self, channel: HttpChannel, *, database: str, login: str, secret: Callable[[], str]) -> None:
        self._channel, self._database, self._login = channel, database, login
        self._secret_source = secret
        self._uid: int | None = None
        self._password: str | None = None
        self._ids = itertools.count(1)
        self._auth_lock = threading.Lock()

    @property
    def authenticated(self) -> bool:
        return self._uid is not None

    def authenticate(self) -> None:
        """Log in once (``common.authenticate``); a refused login raises OdooAuthenticationError."""
        with self._auth_lock:
            password = self._secret_source()
            uid = self.service_call("common", "authenticate", [self._database, self._login, password, {}])
            if not uid:
                raise errors.OdooAuthenticationError(
                    f"Odoo refused the login of user {self._login!r} on database {self._database!r}: "
                    "check odoo.user and the password or API key", code="odoo_access_denied")
            self._uid, self._password = int(uid), password
            log.info("odoo_authenticated", api=self.api, database=self._database, uid=self._uid)

    def call(self, model: str, method: str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> Any:
        """``execute_kw``; when the session or password is refused, authenticate again and retry once."""
        if self._uid is None:
            self.authenticate()
        try:
            return self._execute_kw(model, method, args, kwargs)
        except errors.OdooAuthenticationError:
            log.warning("odoo_reauthenticating", api=self.api, model=model, method=method)
            self._uid = None
            self.authenticate()
            return self._execute_kw(model, method, args, kwargs)

    def service_call(self, service: str, method: str, args: Sequence[Any], *, model: str | None = None,
                     model_method: str | None = None) -> Any:
        """One JSON-RPC request; ``model``/``model_method`` name the ORM call in errors and logs."""
        payload = {"jsonrpc": "2.0", "method": "call", "id": next(self._ids),
                   "params": {"service": service, "method": method, "args": list(args)}}
        label = model_method or method
        answer = self._channel.post_json(JSONRPC_PATH, payload, model=model, method=label)
        return read_jsonrpc_answer(answer.status, answer.body, url=self._channel.base_url, model=model, method=label,
                                   retry_after=answer.retry_after)

    def _execute_kw(self, model: str, method: str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> Any:
        uid, password = self._uid, self._password
        return self.service_call("object", "execute_kw",
                                 [self._database, uid, password, model, method, list(args), dict(kwargs)],
                                 model=model, model_method=method)


def read_jsonrpc_answer(status: int, body: Any, *, url: str, model: str | None, method: str | None,
                        retry_after: str | None = None) -> Any:
    """The ``result`` of a JSON-RPC answer (None when absent), or the translated error."""
    if status != 200:
        if isinstance(body, Mapping) and isinstance(body.get("error"), Mapping):
            raise errors.from_jsonrpc_error(body["error"], model=model, method=method)
        raise errors.from_http_status(status, url=url, model=model, method=method, retry_after=retry_after)
    if not isinstance(body, Mapping):
        raise errors.from_invalid_body(url=url, model=model, method=method, detail="not a JSON-RPC object")
    if body.get("error") is not None:
        raise errors.from_jsonrpc_error(body["error"], model=model, method=method)
    return body.get("result")
