"""Login with Amazon: ``POST /auth/o2/token`` (refresh_token grant, and client_credentials for the grantless
Notifications operations, scope ``sellingpartnerapi::notifications``) and the access tokens it hands out.

Errors are LWA's: an unknown client or a wrong secret is 401 ``invalid_client``; a refresh token that is not
this client's is 400 ``invalid_grant``. Tokens live one hour of wall-clock time whatever the speed (the
python-amazon-sp-api cache ignores ``expires_in`` and keeps tokens for 3200 s).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from werkzeug.wrappers import Request, Response

from .accounts import AccountDirectory
from .responses import json_response

TOKEN_LIFETIME = timedelta(hours=1)


GRANTLESS_SCOPES = ("sellingpartnerapi::notifications",)


@dataclass(frozen=True)
class AccessToken:
    seller_id: str | None
    expires_at: datetime
    application: str | None = None  # the LWA client id, for a grantless token

    @property
    def grantless(self) -> bool:
        return self.seller_id is None


class TokenRegistry:
    def __init__(self) -> None:
        self._tokens: dict[str, AccessToken] = {}

    def issue(self, seller_id: str, now: datetime) -> str:
        token = "Atza|" + secrets.token_urlsafe(48)
        self._tokens[token] = AccessToken(seller_id, now + TOKEN_LIFETIME)
        return token

    def issue_grantless(self, application: str, now: datetime) -> str:
        token = "Atza|" + secrets.token_urlsafe(48)
        self._tokens[token] = AccessToken(None, now + TOKEN_LIFETIME, application)
        return token

    def lookup(self, token: str | None) -> AccessToken | None:
        return self._tokens.get(token) if token else None


def lwa_error(status: int, error: str, description: str) -> Response:
    return json_response({"error_description": description, "error": error}, status=status)


def token_endpoint(request: Request, *, accounts: AccountDirectory, tokens: TokenRegistry, now: datetime) -> Response:
    form = request.form
    grant_type = form.get("grant_type")
    if grant_type not in ("refresh_token", "client_credentials"):
        return lwa_error(400, "unsupported_grant_type", f"The grant type {grant_type!r} is not supported")
    account = accounts.by_client_id(form.get("client_id", ""))
    if account is None or form.get("client_secret") != account.lwa_client_secret:
        return lwa_error(401, "invalid_client", "Client authentication failed")
    if grant_type == "client_credentials":
        if form.get("scope") not in GRANTLESS_SCOPES:
            return lwa_error(400, "invalid_scope", "The request has an invalid parameter : scope")
        return json_response({"access_token": tokens.issue_grantless(account.lwa_client_id, now),
                              "token_type": "bearer", "expires_in": int(TOKEN_LIFETIME.total_seconds())})
    if form.get("refresh_token") != account.refresh_token:
        return lwa_error(400, "invalid_grant", "The request has an invalid grant parameter : refresh_token")
    return json_response({
        "access_token": tokens.issue(account.seller_id, now),
        "refresh_token": account.refresh_token,
        "token_type": "bearer",
        "expires_in": int(TOKEN_LIFETIME.total_seconds()),
    })
