"""A simulator on a free port in a background thread, and real python-amazon-sp-api clients pointed at it
(spapi.md §3.2: an AccessTokenClient subclass for LWA, a duck-typed marketplace for the endpoint)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import sp_api.auth.access_token_client as access_token_client
from sp_api.auth import AccessTokenClient

from amzbus.simulators.amazon import start_in_thread
from amzbus.simulators.amazon.marketplaces import MARKETPLACES


@pytest.fixture(autouse=True)
def clean_sp_api_environment(monkeypatch):
    """The library caches LWA tokens by refresh token only, across clients: each test starts empty."""
    monkeypatch.delenv("SP_API_DEFAULT_MARKETPLACE", raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    access_token_client.cache.clear()
    access_token_client.grantless_cache.clear()
    yield
    access_token_client.cache.clear()
    access_token_client.grantless_cache.clear()


@pytest.fixture
def simulator():
    running = start_in_thread(port=0, seed=21, speed=1.0)
    yield running
    running.shutdown()


@pytest.fixture
def sp_client(simulator):
    """``sp_client(Orders, account="sim-na", marketplace="US", version=...)``: a real client of the simulator."""

    def make(api_class, *, account: str = "sim-na", marketplace: str = "US", credentials: dict | None = None, **kwargs):
        seller = simulator.state.accounts.find(account)
        where = MARKETPLACES[marketplace]
        lwa = type("SimulatorLwa", (AccessTokenClient,), {"scheme": "http://", "host": f"127.0.0.1:{simulator.port}"})
        endpoint = SimpleNamespace(endpoint=simulator.url, marketplace_id=where.marketplace_id,
                                   region="us-east-1" if where.region == "NA" else "eu-west-1")
        credentials = credentials or {"refresh_token": seller.refresh_token, "lwa_app_id": seller.lwa_client_id,
                                      "lwa_client_secret": seller.lwa_client_secret}
        return api_class(marketplace=endpoint, credentials=credentials, auth_token_client_class=lwa, timeout=10, **kwargs)

    return make
