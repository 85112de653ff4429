"""Which Odoo answers, and which external API to speak to it.

``odoo.api = "auto"`` asks ``/web/webclient/version_info`` (then ``common.version`` on ``/jsonrpc``)
and speaks JSON-2 to Odoo 19 and later when an API key is configured, JSON-RPC otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping

from amzbus.bus.errors import ConfigError

from . import errors
from .http_channel import HttpChannel
from .jsonrpc import JSONRPC_PATH, read_jsonrpc_answer

VERSION_INFO_PATH = "/web/webclient/version_info"
FIRST_JSON2_VERSION = 19
API_CHOICES = ("auto", "jsonrpc", "json2")


@dataclass(frozen=True)
class ServerVersion:
    major: int
    text: str


def parse_server_version(info: Mapping[str, Any]) -> ServerVersion:
    """Read ``server_version_info`` (e.g. ``[18, 0, 0, "final", 0, ""]`` or ``["saas~18", 3, ...]``)."""
    text = str(info.get("server_version") or "")
    version_info = info.get("server_version_info") or [text]
    match = re.search(r"\d+", str(version_info[0])) or re.search(r"\d+", text)
    if match is None:
        raise errors.from_invalid_body(url="the version endpoint", model=None, method="version",
                                       detail=f"no version number in {info!r}")
    return ServerVersion(int(match.group()), text or str(version_info[0]))


def probe_server_version(channel: HttpChannel) -> ServerVersion:
    """Ask the web client's version route; fall back to ``common.version`` when it is not there."""
    payload = {"jsonrpc": "2.0", "method": "call", "params": {}, "id": 0}
    answer = channel.post_json(VERSION_INFO_PATH, payload, method="version_info")
    if answer.status == 200 and isinstance(answer.body, Mapping) and isinstance(answer.body.get("result"), Mapping):
        return parse_server_version(answer.body["result"])
    payload = {"jsonrpc": "2.0", "method": "call", "id": 0,
               "params": {"service": "common", "method": "version", "args": []}}
    answer = channel.post_json(JSONRPC_PATH, payload, method="version")
    result = read_jsonrpc_answer(answer.status, answer.body, url=channel.base_url, model=None, method="version",
                                 retry_after=answer.retry_after)
    if not isinstance(result, Mapping):
        raise errors.from_invalid_body(url=channel.base_url, model=None, method="version", detail="no version object")
    return parse_server_version(result)


def choose_api(configured: str, *, server_major: int | None, has_api_key: bool) -> str:
    """``jsonrpc`` or ``json2``: the configured one, or for ``auto`` the one the server version calls for."""
    if configured not in API_CHOICES:
        raise ConfigError(f"odoo.api: must be one of {', '.join(API_CHOICES)}, not {configured!r}")
    if configured == "json2" and not has_api_key:
        raise ConfigError("odoo.api = json2 needs odoo.api_key_env: JSON-2 authenticates with an API key")
    if configured != "auto":
        return configured
    if server_major is None:
        raise ValueError("choose_api('auto') needs the server's major version")
    return "json2" if server_major >= FIRST_JSON2_VERSION and has_api_key else "jsonrpc"
