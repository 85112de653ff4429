"""``AmazonClient``: one seller account's SP-API client, one attribute per API section.

Built by an entry point from the account's settings and its credentials (``account.credentials(environ)``);
nothing here reads the environment. Every section shares the account's LWA token cache, Amazon clock and
rate limits (``AccountSession``), so many accounts in one process never evict each other's tokens.
"""

from __future__ import annotations

from typing import Mapping

from amzbus.bus.rate_limiter import RateLimiter
from amzbus.bus.settings import AccountSettings, Settings

from .fba_inventory import FbaInventorySection
from .feeds import ListingsFeedSection
from .listings import ListingsSection
from .notifications import NotificationsSection
from .orders import OrdersSection
from .sellers import SellersSection
from .session import AccountSession
from .shipments import ShipmentsSection


class AmazonClient:
    """SP-API for one seller account: ``orders``, ``shipments``, ``listings``, ``listings_feed``,
    ``fba_inventory``, ``sellers``, ``notifications``.

    ``limiter``: the shared ``RateLimiter`` (``None`` disables pacing, for tests and benchmarks).
    ``timeout_seconds``: every HTTP request's timeout (SP-API, LWA, feed documents), default 30.
    ``lwa_url``: where to log in; default Amazon's, or ``<endpoint>/auth/o2/token`` when the account's
    ``endpoint`` is not an Amazon host (a simulator).
    ``reserve_tokens``: tokens of each bucket's burst left unused to absorb network jitter (default 1).
    """

    def __init__(self, account: AccountSettings, credentials: Mapping[str, str], *, limiter: RateLimiter | None,
                 timeout_seconds: float = 30.0, lwa_url: str | None = None, reserve_tokens: int = 1) -> None:
        self.account = account
        self.session = AccountSession(account, credentials, limiter=limiter, timeout_seconds=timeout_seconds,
                                      lwa_url=lwa_url, reserve_tokens=reserve_tokens)
        self.orders = OrdersSection(self.session)
        self.shipments = ShipmentsSection(self.session)
        self.listings = ListingsSection(self.session)
        self.listings_feed = ListingsFeedSection(self.session)
        self.fba_inventory = FbaInventorySection(self.session)
        self.sellers = SellersSection(self.session)
        self.notifications = NotificationsSection(self.session)

    @property
    def server_time(self):
        """The last ``Date`` Amazon sent this account's client (``None`` before any answer)."""
        return self.session.clock.last_seen

    def close(self) -> None:
        self.listings_feed.close()
        self.session.close()

    def __enter__(self) -> "AmazonClient":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def amazon_clients(settings: Settings, environ: Mapping[str, str], *, limiter: RateLimiter | None,
                   timeout_seconds: float = 30.0) -> dict[str, AmazonClient]:
    """One client per configured account, by account name (credentials read from ``environ``)."""
    return {account.name: AmazonClient(account, account.credentials(environ), limiter=limiter,
                                       timeout_seconds=timeout_seconds)
            for account in settings.accounts}
