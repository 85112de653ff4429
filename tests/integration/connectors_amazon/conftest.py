"""The real python-amazon-sp-api over real HTTP against the SP-API simulator, with the real Redis rate limiter.

Helpers are reached through fixtures only (``simulator.client(...)``): several test folders have a conftest.py,
so ``from conftest import ...`` would pick whichever was imported first.
"""

from __future__ import annotations

import os

import uuid
from datetime import datetime, timezone

import httpx
import pytest
import redis

from amzbus.bus.marketplaces import MarketplaceCatalog
from amzbus.bus.rate_limiter import RateLimiter
from amzbus.bus.settings import AccountSettings
from amzbus.connectors.amazon import AmazonClient
from amzbus.simulators.amazon.server import start_in_thread

CATALOG = MarketplaceCatalog()
FAST = 60.0  # the simulator's speed: Amazon's minutes pass in seconds


class Simulator:
    """A running simulator and its ``/_admin/`` API."""

    def __init__(self, running) -> None:
        self.running = running
        self.url = running.url
        self._http = httpx.Client(base_url=f"{running.url}/_admin/", timeout=10)
        self.accounts = {a["name"]: a for a in self.admin("GET", "accounts")["accounts"]}

    def admin(self, method: str, path: str, body: dict | None = None, **params) -> dict:
        response = self._http.request(method, path, json=body, params=params or None)
        assert response.status_code == 200, f"{method} /_admin/{path}: {response.status_code} {response.text}"
        return response.json()

    def calls(self, operation: str) -> dict:
        return self.admin("GET", "calls")["operations"].get(operation, {"calls": 0, "throttled": 0, "statuses": {}})

    def now(self) -> datetime:
        return datetime.fromisoformat(self.admin("POST", "clock/advance", {"seconds": 0})["now"]).replace(
            tzinfo=timezone.utc)

    def eligible_orders(self, count: int, *, account: str = "sim-na", fba: bool = False, **mix) -> list[str]:
        """Orders placed now and made eligible at once: FBM unshipped, or FBA shipped (no automatic lifecycle)."""
        ids = self.admin("POST", "orders/generate", {"count": count, "account": account, "mix": {
            "auto_lifecycle": False, "cancel_before_eligible_ratio": 0, "cancel_after_eligible_ratio": 0,
            "fba_ratio": 1.0 if fba else 0.0, **mix}})["orders"]
        for order_id in ids:
            self.admin("POST", f"orders/{order_id}/ship" if fba else f"orders/{order_id}/make-eligible")
        return ids

    def let_amazon_catch_up(self) -> None:
        """Move Amazon's clock past the 2-minute freshness rule (and our 3-minute margin)."""
        self.admin("POST", "clock/advance", {"seconds": 300})

    def account_settings(self, name: str = "sim-na", *, label: str | None = None,
                         seller_id: str | None = None) -> AccountSettings:
        raw = self.accounts[name]
        return AccountSettings(
            name=label or name, seller_id=seller_id or raw["sellerId"], region=raw["region"],
            marketplaces=tuple(CATALOG.find(code) for code in raw["marketplaces"]), endpoint=self.url,
            lwa_client_id_env="ID", lwa_client_secret_env="SECRET", refresh_token_env="TOKEN")

    def credentials(self, name: str = "sim-na", **overrides) -> dict[str, str]:
        raw = self.accounts[name]
        return {"lwa_app_id": raw["lwaClientId"], "lwa_client_secret": raw["lwaClientSecret"],
                "refresh_token": raw["refreshToken"], **overrides}

    def client(self, name: str = "sim-na", *, limiter: RateLimiter | None = None, label: str | None = None,
               seller_id: str | None = None, timeout_seconds: float = 10.0, **overrides) -> AmazonClient:
        """An ``AmazonClient`` for one of the simulator's accounts (``label`` renames it, ``overrides`` its credentials)."""
        return AmazonClient(self.account_settings(name, label=label, seller_id=seller_id),
                            self.credentials(name, **overrides), limiter=limiter, timeout_seconds=timeout_seconds)

    def close(self) -> None:
        self._http.close()
        self.running.shutdown()


@pytest.fixture
def start_simulator():
    """Start simulators at a chosen speed: ``start_simulator(speed=10)``; all are stopped after the test."""
    started: list[Simulator] = []

    def start(*, speed: float = FAST, extra_accounts: int = 0) -> Simulator:
        started.append(Simulator(start_in_thread(port=0, seed=7, speed=speed, extra_accounts=extra_accounts)))
        return started[-1]

    yield start
    for sim in started:
        sim.close()


@pytest.fixture
def simulator(start_simulator):
    return start_simulator()


@pytest.fixture
def limiter():
    """The shared Redis rate limiter, in a namespace of its own (keys expire by themselves)."""
    client = redis.Redis.from_url(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"))
    yield RateLimiter(client, namespace=f"test-amzclient-{uuid.uuid4().hex}", max_sleep_seconds=5.0)
    client.close()


