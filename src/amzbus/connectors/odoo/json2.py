"""External JSON-2 transport (Odoo 19+): ``POST /json/2/<model>/<method>`` with an API key.

The body carries ``ids``, ``context`` and the method's parameters by name, so the positional
arguments of ``OdooClient.execute`` are named here: the first positional argument of a record
method is its ids; model methods (``create``, ``search_read``...) name theirs from the table below.
Pass anything else by keyword. Errors come back with a real HTTP status and a body
``{name, message, arguments, context, debug}``.
"""

from __future__ import annotations

import threading
from typing import Any, Callable, Mapping, Sequence

import structlog

from . import errors
from .http_channel import HttpChannel

log = structlog.get_logger(__name__)

MODEL_METHOD_PARAMETERS: dict[str, tuple[str, ...]] = {
    "create": ("vals_list",),
    "search": ("domain", "offset", "limit", "order"),
    "search_read": ("domain", "fields", "offset", "limit", "order"),
    "search_count": ("domain", "limit"),
    "name_search": ("name", "domain", "operator", "limit"),
    "name_create": ("name",),
    "fields_get": ("allfields", "attributes"),
}
RECORD_METHOD_PARAMETERS: dict[str, tuple[str, ...]] = {
    "read": ("fields", "load"),
    "write": ("vals",),
    "copy": ("default",),
}


class Json2Transport:
    api = "json2"

    def __init__(self, channel: HttpChannel, *, database: str, secret: Callable[[], str]) -> None:
        self._channel, self._database = channel, database
        self._secret_source = secret
        self._api_key: str | None = None
        self._lock = threading.Lock()

    @property
    def authenticated(self) -> bool:
        return self._api_key is not None

    def authenticate(self) -> None:
        """JSON-2 has no login call: the API key is (re)read and sent as a bearer token with every call."""
        with self._lock:
            self._api_key = self._secret_source()

    def call(self, model: str, method: str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> Any:
        """One call; when the key is refused, read the key again and retry once (it may have been rotated)."""
        if self._api_key is None:
            self.authenticate()
        body = json2_body(method, args, kwargs)
        try:
            return self._post(model, method, body)
        except errors.OdooAuthenticationError:
            log.warning("odoo_reauthenticating", api=self.api, model=model, method=method)
            self.authenticate()
            return self._post(model, method, body)

    def _post(self, model: str, method: str, body: Mapping[str, Any]) -> Any:
        headers = {"Authorization": f"bearer {self._api_key}", "X-Odoo-Database": self._database}
        answer = self._channel.post_json(f"/json/2/{model}/{method}", body, headers=headers, model=model, method=method)
        if 200 <= answer.status < 300:
            return answer.body
        if isinstance(answer.body, Mapping) and ("name" in answer.body or "message" in answer.body):
            raise errors.from_json2_error(answer.body, status=answer.status, model=model, method=method)
        raise errors.from_http_status(answer.status, url=self._channel.base_url, model=model, method=method,
                                      retry_after=answer.retry_after)


def json2_body(method: str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> dict[str, Any]:
    """Name the positional arguments of an ``execute_kw``-style call for JSON-2."""
    body: dict[str, Any] = {}
    positional = list(args)
    if method in MODEL_METHOD_PARAMETERS:
        names = MODEL_METHOD_PARAMETERS[method]
    else:
        if positional:
            ids = positional.pop(0)
            body["ids"] = [ids] if isinstance(ids, int) else list(ids)
        names = RECORD_METHOD_PARAMETERS.get(method, ())
    if len(positional) > len(names):
        raise TypeError(f"JSON-2 cannot name the positional arguments of {method!r} beyond {names}: "
                        "pass them by keyword")
    body.update(zip(names, positional))
    for key, value in kwargs.items():
        if key in body:
            raise TypeError(f"{method!r} got {key!r} both by position and by keyword")
        body[key] = value
    return body
