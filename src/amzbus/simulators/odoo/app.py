"""The WSGI application: routes a request to JSON-RPC, JSON-2, version info or the admin API."""

from __future__ import annotations

from werkzeug.wrappers import Request

from .admin import handle_admin
from .gate import text_response
from .json2 import handle_json2
from .jsonrpc import handle_jsonrpc, handle_version_info

NOT_FOUND_PAGE = ("<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n"
                  "<p>The requested URL was not found on the server. If you entered the URL manually please "
                  "check your spelling and try again.</p>\n")


class OdooSimulatorApp:
    """``server`` gives the admin API the state and the listening-socket control."""

    def __init__(self, server) -> None:
        self.server = server

    def __call__(self, environ, start_response):
        request = Request(environ)
        return self.route(request)(environ, start_response)

    def route(self, request):
        state, path = self.server.state, request.path
        if path.startswith("/_admin/"):
            return handle_admin(self.server, request)
        if path == "/jsonrpc":
            return handle_jsonrpc(state, request)
        if path == "/web/webclient/version_info":
            return handle_version_info(state, request)
        if path == "/json/2" or path.startswith("/json/2/"):
            return handle_json2(state, request)
        return text_response(NOT_FOUND_PAGE, 404)
