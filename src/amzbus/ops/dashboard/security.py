"""Who may see and do what on the dashboard.

- Bound to loopback, read-only pages are open (only people on this host reach them).
- Bound to anything else, the dashboard refuses to start without ``AMZBUS_DASHBOARD_TOKEN``, and every page
  but ``/metrics`` and ``/healthz`` asks for the token once per browser session.
- Every POST carries a CSRF token (Flask-WTF) and the dashboard token itself; without a token configured,
  actions are refused (they stay available on the command line).
"""

from __future__ import annotations

import hmac
import ipaddress

from ...bus.errors import ConfigError

TOKEN_ENV = "AMZBUS_DASHBOARD_TOKEN"
OPEN_PATHS = ("/metrics", "/healthz", "/static/", "/sign-in")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_binding(host: str, token: str | None) -> None:
    """Refuse to serve on a non-loopback address without a token: the network would get every action."""
    if not is_loopback(host) and not token:
        raise ConfigError(f"dashboard: binding to {host} (not a loopback address) needs {TOKEN_ENV} set; "
                          f"bind to 127.0.0.1, or set {TOKEN_ENV} to a long random value")


def token_matches(expected: str | None, given: str | None) -> bool:
    return bool(expected) and bool(given) and hmac.compare_digest(expected.encode(), given.encode())


def needs_sign_in(path: str, *, public: bool, signed_in: bool) -> bool:
    return public and not signed_in and not path.startswith(OPEN_PATHS)


SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
