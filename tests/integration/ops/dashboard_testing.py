"""A dashboard served from this process on a free port, and a browser-like HTTP session for it."""

from __future__ import annotations

import re
from contextlib import contextmanager

import requests

from amzbus.bus.config_file import load_settings
from amzbus.ops.dashboard.server import DashboardServer
from amzbus.ops.runtime import Runtime


@contextmanager
def running_dashboard(config_file, *, host: str = "127.0.0.1", token: str | None = None):
    server = DashboardServer(Runtime(load_settings(config_file)), host=host, port=0, token=token)
    thread = server.start_in_thread()
    try:
        yield server
    finally:
        server.close()
        thread.join(10)


class Visitor:
    """A requests session that reads the CSRF token from the last page's form, as a browser posts it."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.http = requests.Session()
        self.csrf = None

    def get(self, path: str, **params) -> requests.Response:
        response = self.http.get(self.base_url + path, params=params, timeout=10, allow_redirects=False)
        found = re.search(r'name="csrf_token" value="([^"]+)"', response.text)
        self.csrf = found.group(1) if found else self.csrf
        return response

    def post(self, path: str, data: dict, *, csrf: bool = True) -> requests.Response:
        body = {**data, **({"csrf_token": self.csrf} if csrf and self.csrf else {})}
        return self.http.post(self.base_url + path, data=body, timeout=10, allow_redirects=False)
