"""Login with Amazon: one token cache per seller account, and the library's ``AccessTokenClient`` pointed at it.

The library caches tokens in a module-global ``TTLCache(maxsize=10)`` keyed by md5(refresh token)
(reference/spapi.md §3.3): with more than ten accounts they evict each other. Each account here gets its
own ``TokenCache`` (shared by all its API sections) through an ``AccessTokenClient`` subclass that the
library instantiates itself (``auth_token_client_class=``), the supported way to redirect LWA (§3.2).
The token is dropped ``refresh_margin_seconds`` before Amazon's ``expires_in`` runs out.
"""

from __future__ import annotations

import threading
import time
from typing import Any, Callable
from urllib.parse import urlsplit

from sp_api.auth import AccessTokenClient
from sp_api.auth.access_token_response import AccessTokenResponse
from sp_api.auth.credentials import Credentials
from sp_api.auth.exceptions import AuthorizationError
from sp_api.base._transport_httpx import HttpxTransport

from .server_clock import ServerClock

AMAZON_LWA_URL = "https://api.amazon.com/auth/o2/token"


class TokenCache:
    """One account's LWA access token; concurrent callers wait for a single refresh."""

    def __init__(self, *, refresh_margin_seconds: float = 60.0,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self._lock = threading.Lock()
        self._token: dict[str, Any] | None = None
        self._expires_at = 0.0
        self._margin = refresh_margin_seconds
        self._monotonic = monotonic
        self.fetches = 0

    def get(self, fetch: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        with self._lock:
            if self._token is None or self._monotonic() >= self._expires_at:
                token = fetch()
                lifetime = float(token.get("expires_in") or 3600)
                self._token, self._expires_at = token, self._monotonic() + max(lifetime - self._margin, 1.0)
                self.fetches += 1
            return self._token

    def invalidate(self) -> None:
        """Forget the token (after Amazon refused it); the next call logs in again."""
        with self._lock:
            self._token = None


def access_token_client_class(*, lwa_url: str, tokens: TokenCache, clock: ServerClock,
                              timeout_seconds: float,
                              grantless_tokens: TokenCache | None = None) -> type[AccessTokenClient]:
    """An ``AccessTokenClient`` subclass posting to ``lwa_url`` and caching in ``tokens`` (grantless tokens,
    ``client_credentials`` for the Notifications API's destinations, in ``grantless_tokens``)."""
    grantless = grantless_tokens or TokenCache()
    parts = urlsplit(lwa_url)

    class AccountAccessTokenClient(AccessTokenClient):
        scheme = f"{parts.scheme}://"
        host = parts.netloc
        path = parts.path or AccessTokenClient.path

        def __init__(self, refresh_token=None, credentials=None, proxies=None, verify=True):
            # Same state as AccessTokenClient.__init__, with a timeout on the LWA transport (it has none).
            self.cred = Credentials(refresh_token, credentials)
            self.proxies, self.verify = proxies, verify
            self._transport = HttpxTransport(timeout=timeout_seconds, proxies=proxies, verify=verify)

        def get_auth(self) -> AccessTokenResponse:
            url = self.scheme + self.host + self.path
            return AccessTokenResponse(**tokens.get(lambda: self._request(url, self.data, self.headers)))

        def get_grantless_auth(self, scope: str = "sellingpartnerapi::notifications") -> AccessTokenResponse:
            url = self.scheme + self.host + self.path
            return AccessTokenResponse(**grantless.get(lambda: self._request(url, self.grantless_data(scope),
                                                                             self.headers)))

        def _request(self, url, data, headers):
            response = self._transport.request("POST", url, data=data, headers=headers)
            clock.observe(response.headers.get("date"))
            try:
                body = response.json()
            except ValueError:
                raise AuthorizationError("invalid_response", "LWA answered without a JSON body",
                                         response.status_code) from None
            if response.status_code != 200 or not isinstance(body, dict) or not body.get("access_token"):
                error = body if isinstance(body, dict) else {}
                raise AuthorizationError(error.get("error") or "invalid_response",
                                         error.get("error_description") or "LWA returned no access token",
                                         response.status_code)
            return body

    return AccountAccessTokenClient
