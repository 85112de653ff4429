"""What every API section of one seller account shares, and the one path every SP-API call takes.

``AccountSession.call(operation, invoke)``: take a token from the shared ``RateLimiter`` (key
``{account}:{operation}``), run the library call, learn ``x-amzn-RateLimit-Limit`` and Amazon's clock
from the answer; on failure translate it (``errors.translate``), drain the bucket after a 429 and forget
the LWA token after a 401/403.

Pacing uses the operation's (rate, burst) with ``reserve_tokens`` of the burst held back: requests reach
Amazon with network jitter, two granted one interval apart can arrive closer together, and a spare token
left in Amazon's bucket absorbs that (measured: 98% of the quota used, no 429, under CPU contention).
"""

from __future__ import annotations

import time
from typing import Callable, Mapping, TypeVar

import structlog
from sp_api.base.credential_provider import FromCodeCredentialProvider

from amzbus.bus import metrics
from amzbus.bus.errors import ConfigError, RetryableError
from amzbus.bus.rate_limiter import RateLimit, RateLimiter
from amzbus.bus.settings import AccountSettings

from .errors import AmazonRejected, AmazonThrottled, AmazonUnavailable, translate
from .library import check_endpoint, marketplace_endpoint
from .lwa import AMAZON_LWA_URL, TokenCache, access_token_client_class
from .rate_limits import RateLimitBook
from .server_clock import ServerClock

log = structlog.get_logger(__name__)
CREDENTIAL_KEYS = ("lwa_app_id", "lwa_client_secret", "refresh_token")
T = TypeVar("T")


def is_amazon_host(endpoint: str) -> bool:
    host = endpoint.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    return host == "amazon.com" or host.endswith(".amazon.com")


def default_lwa_url(endpoint: str) -> str:
    """Amazon's LWA for Amazon's hosts; a stand-in (a simulator) serves LWA itself at ``/auth/o2/token``."""
    if is_amazon_host(endpoint):
        return AMAZON_LWA_URL
    return endpoint.rstrip("/") + "/auth/o2/token"


def _checked_credentials(account: str, credentials: Mapping[str, str]) -> dict[str, str]:
    missing = [key for key in CREDENTIAL_KEYS if not credentials.get(key)]
    if missing:
        raise ConfigError(f"accounts.{account}: LWA credentials lack {', '.join(missing)}")
    return {key: credentials[key] for key in CREDENTIAL_KEYS}


class AccountSession:
    """One seller account's endpoint, credentials, LWA tokens, Amazon clock and rate limits."""

    def __init__(self, account: AccountSettings, credentials: Mapping[str, str], *, limiter: RateLimiter | None,
                 timeout_seconds: float = 30.0, lwa_url: str | None = None, reserve_tokens: int = 1) -> None:
        self.account = account
        self.reserve_tokens = reserve_tokens
        self.endpoint = account.api_endpoint.rstrip("/")
        self.timeout_seconds = timeout_seconds
        self.clock = ServerClock()
        self.tokens = TokenCache()
        self.grantless_tokens = TokenCache()
        self.rate_limits = RateLimitBook(shared=limiter)
        self._limiter = limiter
        self._credentials = _checked_credentials(account.name, credentials)
        self._lwa_class = access_token_client_class(
            lwa_url=lwa_url or default_lwa_url(self.endpoint), tokens=self.tokens, clock=self.clock,
            timeout_seconds=timeout_seconds, grantless_tokens=self.grantless_tokens)
        self._apis: dict[type, object] = {}

    @property
    def marketplace_ids(self) -> tuple[str, ...]:
        return tuple(m.marketplace_id for m in self.account.marketplaces)

    def api(self, api_class: type[T]) -> T:
        """This account's library client of ``api_class`` (made once, on first use)."""
        if api_class not in self._apis:
            home = self.account.marketplaces[0]
            api = api_class(
                marketplace=marketplace_endpoint(endpoint=self.endpoint, marketplace_id=home.marketplace_id,
                                                 region=self.account.region),
                credentials=self._credentials, credential_providers=(FromCodeCredentialProvider,),
                auth_token_client_class=self._lwa_class, timeout=self.timeout_seconds)
            check_endpoint(api, self.endpoint)
            self._apis[api_class] = api
        return self._apis[api_class]

    def ensure_clock(self, api) -> None:
        """Learn Amazon's time if no answer was seen yet: logging in records the LWA answer's ``Date``."""
        if self.clock.now() is None:
            self.call("login", lambda: api.auth, rate_limited=False)

    def call(self, operation: str, invoke: Callable[[], T], *, rate_limited: bool = True) -> T:
        """Run one SP-API call through the rate limiter and the single error translation."""
        key = f"{self.account.name}:{operation}"
        if rate_limited and self._limiter is not None:
            self._acquire(key, operation)
        started = time.monotonic()
        try:
            result = invoke()
        except Exception as failure:
            error = self._failed(operation, key, failure, rate_limited)
            metrics.AMAZON_CALLS.labels(self.account.name, operation, metrics.amazon_status(error)).inc()
            if error is failure:
                raise
            raise error from failure
        metrics.AMAZON_CALLS.labels(self.account.name, operation, "2xx").inc()
        self._observe(operation, key, getattr(result, "headers", None), rate_limited)
        log.debug("amazon_call_succeeded", account=self.account.name, operation=operation,
                  seconds=round(time.monotonic() - started, 3))
        return result

    def _acquire(self, key: str, operation: str) -> None:
        waited = None
        try:
            waited = self._limiter.acquire(key, self.pacing(key, operation))
        except RetryableError as error:  # a long wait: the message comes back after it
            waited = error.delay_seconds
            raise
        finally:
            if waited is not None:
                metrics.LIMITER_WAIT.labels(self.account.name, operation).observe(waited)

    def pacing(self, key: str, operation: str) -> RateLimit:
        """The (rate, burst) the limiter grants at: Amazon's, minus the reserved tokens (at least 1 burst)."""
        limit = self.rate_limits.limit(key, operation)
        return RateLimit(limit.rate, max(limit.burst - self.reserve_tokens, 1))

    def available_tokens(self, operation: str) -> float | None:
        """The tokens this account's bucket for ``operation`` holds now (``None`` without a limiter); takes none."""
        if self._limiter is None:
            return None
        key = f"{self.account.name}:{operation}"
        return self._limiter.tokens(key, self.pacing(key, operation))

    def _observe(self, operation: str, key: str, headers, rate_limited: bool) -> None:
        if headers is None:
            return
        self.clock.observe(headers.get("date"))
        if rate_limited:
            self.rate_limits.learn(key, operation, headers.get("x-amzn-RateLimit-Limit"))

    def _failed(self, operation: str, key: str, failure: Exception, rate_limited: bool) -> Exception:
        self._observe(operation, key, getattr(failure, "headers", None), rate_limited)
        limit = self.pacing(key, operation) if rate_limited else None
        error = translate(failure, operation=operation, account=self.account.name,
                          throttle_delay_seconds=1.0 / limit.rate if limit else None)
        if error is None:
            return failure
        if isinstance(error, AmazonThrottled):
            metrics.AMAZON_THROTTLED.labels(self.account.name, operation).inc()
            if limit is not None and self._limiter is not None:
                self._limiter.drain(key, limit)
        if isinstance(error, AmazonRejected) and error.status in (401, 403):
            self.tokens.invalidate()
            self.grantless_tokens.invalidate()
        log.info("amazon_call_failed", account=self.account.name, operation=operation, status=error.status,
                 code=error.code, retryable=isinstance(error, AmazonUnavailable))
        return error

    def close(self) -> None:
        for api in self._apis.values():
            api.close()
        self._apis.clear()
