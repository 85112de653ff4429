"""Login with Amazon: ``POST /auth/o2/token`` (refresh_token grant) and the access tokens it hands out.

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


@dataclass(frozen=True)
class AccessToken:
    seller_id: str
    expires_at: datetime


class TokenRegistry:
    def __init__(self) -> None:
        self._tokens: dict[str, AccessToken] = {}

    def issue(self, seller_id: str, now: datetime) -> str:
        token = "Atza|" + secrets.token_urlsafe(48)
        self._tokens[token] = AccessToken(seller_id, now + TOKEN_LIFETIME)
        return token

    def lookup(self, token: str | None) -> AccessToken | None:
        return self._tokens.get(token) if token else None


def lwa_error(status: int, error: str, description: str) -> Response:
    return json_response({"error_description": description, "error": error}, status=status)


def token_endpoint(request: Request, *, accounts: AccountDirectory, tokens: TokenRegistry, now: datetime) -> Response:
    form = request.form
    grant_type = form.get("grant_type")
    if grant_type != "refresh_token":
        return lwa_error(400, "unsupported_grant_type", f"The grant type {grant_type!r} is not supported")
    account = accounts.by_client_id(form.get("client_id", ""))
    if account is None or form.get("client_secret") != account.lwa_client_secret:
        return lwa_error(401, "invalid_client", "Client authentication failed")
    if form.get("refresh_token") != account.refresh_token:
        return lwa_error(400, "invalid_grant", "The request has an invalid grant parameter : refresh_token")
    return json_response({
        "access_token": tokens.issue(account.seller_id, now),
        "refresh_token": account.refresh_token,
        "token_type": "bearer",
        "expires_in": int(TOKEN_LIFETIME.total_seconds()),
    })
