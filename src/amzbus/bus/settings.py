"""The configuration, as typed values read once at an entry point and passed down.

``config_file.load_settings`` reads it from ``amzbus.toml``; secrets are never in the file: it names
the environment variables that hold them, read here on demand.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Mapping

from .errors import ConfigError
from .marketplaces import REGION_ENDPOINTS, Marketplace, MarketplaceCatalog

DEFAULT_BROKER_URL = "redis://127.0.0.1:6379/0"
FLOWS = ("orders", "shipments", "stock", "fba_inventory")


@dataclass(frozen=True)
class BusSettings:
    broker_url: str = DEFAULT_BROKER_URL
    namespace: str = "amzbus"
    max_retries: int = 8
    min_backoff_ms: int = 1_000
    max_backoff_ms: int = 300_000
    dead_letter_ttl_days: int = 30
    state_url: str | None = None
    heartbeat_timeout_ms: int = 60_000

    @property
    def state_redis_url(self) -> str:
        """The Redis holding the bus's own state: ``state_url``, else the broker's URL."""
        return self.state_url or self.broker_url


@dataclass(frozen=True)
class LoggingSettings:
    format: str = "auto"
    level: str = "INFO"


@dataclass(frozen=True)
class SchedulerSettings:
    """Seconds between two polls of each stream, per account."""

    orders_seconds: float = 180.0  # searchOrders restores one token every ~180 s
    shipments_seconds: float = 20.0  # Odoo deliveries validated -> confirmShipment
    stock_seconds: float = 20.0  # Odoo stock changes -> Amazon FBM quantities
    stock_full_seconds: float = 86_400.0  # every mapped SKU's quantity pushed again (drift cannot last)
    fba_inventory_seconds: float = 300.0  # getInventorySummaries changed since the last read
    fba_inventory_full_seconds: float = 86_400.0  # every FBA summary read again


@dataclass(frozen=True)
class NotificationsSettings:
    """Amazon's push notifications: the SQS queue they arrive on. AWS credentials come from the standard AWS
    variables (``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY``, ``AWS_PROFILE``...), never from the file."""

    queue_url: str | None = None
    queue_arn: str | None = None
    region: str = "us-east-1"
    endpoint_url: str | None = None  # an SQS-compatible endpoint other than AWS's (a local stand-in)
    destination_name: str = "amzbus"
    wait_seconds: int = 20  # SQS long polling, at most 20
    max_messages: int = 10  # per receive, at most 10
    visibility_timeout_seconds: int = 60


@dataclass(frozen=True)
class OdooSettings:
    url: str
    database: str
    user: str
    password_env: str | None = None
    api_key_env: str | None = None
    api: str = "auto"
    timeout_seconds: float = 30.0
    order_batch_size: int = 40  # OrderPlaced events a worker applies together (1: one by one)
    order_batches_at_once: int = 2  # batches a worker sends Odoo at the same time (one's SQL, the other's Python)

    def secret(self, environ: Mapping[str, str] = os.environ) -> str:
        name = self.api_key_env or self.password_env
        return _read_secret(environ, name, "odoo.api_key_env" if self.api_key_env else "odoo.password_env")


@dataclass(frozen=True)
class AccountSettings:
    name: str
    seller_id: str
    region: str
    marketplaces: tuple[Marketplace, ...]
    lwa_client_id_env: str
    lwa_client_secret_env: str
    refresh_token_env: str
    endpoint: str | None = None
    fba_location: str = "Amazon FBA"
    sales_team: str = "Amazon"
    flows: frozenset[str] = frozenset(FLOWS)
    freshness_margin_seconds: float = 180.0
    orders_page_size: int = 100
    poll_overlap_seconds: float = 30.0
    carriers: tuple[tuple[str, str], ...] = ()  # Odoo carrier name -> Amazon carrier code (before the defaults)
    stock_warehouse: str | None = None  # FBM stock: the Odoo warehouse code (default: the first warehouse)
    stock_location: str | None = None  # FBM stock: an internal location's full name instead (e.g. "WH/Stock")
    stock_buffer: int = 0  # units kept back from Amazon per SKU (never below 0)
    stock_feed_threshold: int = 20  # from this many SKUs at once, one JSON_LISTINGS_FEED instead of patches
    fba_marketplace: str | None = None  # whose FBA stock the FBA location mirrors (code; default the first)

    @property
    def fba_marketplace_id(self) -> str:
        """The marketplace whose FBA fulfillable quantities the account's FBA location mirrors."""
        for marketplace in self.marketplaces:
            if self.fba_marketplace in (None, marketplace.code, marketplace.marketplace_id):
                return marketplace.marketplace_id
        raise ConfigError(f"accounts.{self.name}.fba_marketplace: {self.fba_marketplace!r} is not one of its "
                          "marketplaces")

    @property
    def carrier_table(self) -> dict[str, str]:
        return dict(self.carriers)

    @property
    def api_endpoint(self) -> str:
        return self.endpoint or REGION_ENDPOINTS[self.region]

    def flow_enabled(self, flow: str) -> bool:
        return flow in self.flows

    def credentials(self, environ: Mapping[str, str] = os.environ) -> dict[str, str]:
        """The LWA credentials, in python-amazon-sp-api's key names, read from the named variables."""
        prefix = f"accounts.{self.name}"
        return {
            "lwa_app_id": _read_secret(environ, self.lwa_client_id_env, f"{prefix}.lwa_client_id_env"),
            "lwa_client_secret": _read_secret(environ, self.lwa_client_secret_env, f"{prefix}.lwa_client_secret_env"),
            "refresh_token": _read_secret(environ, self.refresh_token_env, f"{prefix}.refresh_token_env"),
        }


@dataclass(frozen=True)
class Settings:
    bus: BusSettings = field(default_factory=BusSettings)
    logging: LoggingSettings = field(default_factory=LoggingSettings)
    scheduler: SchedulerSettings = field(default_factory=SchedulerSettings)
    notifications: NotificationsSettings = field(default_factory=NotificationsSettings)
    odoo: OdooSettings | None = None
    accounts: tuple[AccountSettings, ...] = ()
    marketplaces: MarketplaceCatalog = field(default_factory=MarketplaceCatalog)
    source: str = "<defaults>"

    def account(self, name: str) -> AccountSettings:
        for account in self.accounts:
            if account.name == name:
                return account
        known = ", ".join(a.name for a in self.accounts) or "none"
        raise ConfigError(f"{self.source}: no account named {name!r} (configured: {known})")


def _read_secret(environ: Mapping[str, str], variable: str | None, key: str) -> str:
    if not variable:
        raise ConfigError(f"{key} is not set: name the environment variable that holds the secret")
    value = environ.get(variable)
    if not value:
        raise ConfigError(f"environment variable {variable} (named by {key}) is not set")
    return value
