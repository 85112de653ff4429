"""Reading ``amzbus.toml`` into ``Settings``: every error names the file and the dotted key.

Secrets are never in the file: it names the environment variables that hold them.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Mapping

from .carriers import unknown_codes
from .errors import ConfigError
from .marketplaces import BUILT_IN_MARKETPLACES, REGION_ENDPOINTS, Marketplace, MarketplaceCatalog
from .settings import (DEFAULT_BROKER_URL, FLOWS, AccountSettings, BusSettings, LoggingSettings,
                       NotificationsSettings, OdooSettings, SchedulerSettings, Settings)
from .toml_reader import TomlTable


def config_path(explicit: str | None = None, environ: Mapping[str, str] = os.environ) -> Path | None:
    """The configuration file: ``--config``, else ``AMZBUS_CONFIG``, else ``./amzbus.toml`` if present."""
    chosen = explicit or environ.get("AMZBUS_CONFIG")
    if chosen:
        return Path(chosen)
    default = Path("amzbus.toml")
    return default if default.exists() else None


def load_settings(path: str | Path | None = None, *, environ: Mapping[str, str] = os.environ) -> Settings:
    """Read and validate the configuration; with no file, the defaults (plus ``AMZBUS_BROKER_URL``)."""
    if path is None:
        bus = BusSettings(broker_url=environ.get("AMZBUS_BROKER_URL") or environ.get("REDIS_URL") or DEFAULT_BROKER_URL)
        return Settings(bus=bus)
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: configuration file not found") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML ({error})") from None
    return settings_from_mapping(raw, source=str(path), environ=environ)


def settings_from_mapping(raw: dict[str, Any], *, source: str, environ: Mapping[str, str] = os.environ) -> Settings:
    root = TomlTable(raw, source=source, path="")
    root.reject_unknown({"bus", "logging", "scheduler", "notifications", "odoo", "accounts", "marketplaces"})
    catalog = MarketplaceCatalog(BUILT_IN_MARKETPLACES + tuple(_read_marketplace(t) for t in root.tables("marketplaces")))
    bus = _read_bus(root.table("bus"), environ)
    logging = _read_logging(root.table("logging"))
    scheduler = _read_scheduler(root.table("scheduler"))
    notifications = _read_notifications(root.table("notifications"))
    odoo = _read_odoo(root.table("odoo")) if "odoo" in raw else None
    accounts = tuple(_read_account(t, catalog) for t in root.tables("accounts"))
    names = [a.name for a in accounts]
    for name in {n for n in names if names.count(n) > 1}:
        raise ConfigError(f"{source}: accounts: the name {name!r} is used twice")
    return Settings(bus=bus, logging=logging, scheduler=scheduler, notifications=notifications, odoo=odoo, accounts=accounts,
                    marketplaces=catalog, source=source)


def _read_scheduler(t: TomlTable) -> SchedulerSettings:
    keys = ("orders_seconds", "shipments_seconds", "stock_seconds", "stock_full_seconds", "fba_inventory_seconds",
            "fba_inventory_full_seconds")
    t.reject_unknown(set(keys))
    defaults = SchedulerSettings()
    return SchedulerSettings(**{key: t.number(key, default=getattr(defaults, key), minimum=1.0) for key in keys})


def _read_notifications(t: TomlTable) -> NotificationsSettings:
    t.reject_unknown({"queue_url", "queue_arn", "region", "endpoint_url", "destination_name", "wait_seconds",
                      "max_messages", "visibility_timeout_seconds"})
    arn = t.string("queue_arn", default=None)
    if arn is not None and not arn.startswith("arn:aws:sqs:"):
        t.fail("queue_arn", "must be an SQS queue ARN (arn:aws:sqs:REGION:ACCOUNT:NAME)")
    wait, batch = t.integer("wait_seconds", default=20, minimum=0), t.integer("max_messages", default=10, minimum=1)
    if wait > 20:
        t.fail("wait_seconds", "must be at most 20 (SQS's longest long poll)")
    if batch > 10:
        t.fail("max_messages", "must be at most 10 (SQS's largest batch)")
    return NotificationsSettings(
        queue_url=t.url("queue_url", default=None), queue_arn=arn, region=t.string("region", default="us-east-1"),
        endpoint_url=t.url("endpoint_url", default=None),
        destination_name=t.string("destination_name", default="amzbus"), wait_seconds=wait, max_messages=batch,
        visibility_timeout_seconds=t.integer("visibility_timeout_seconds", default=60, minimum=1))


def _read_bus(t: TomlTable, environ: Mapping[str, str]) -> BusSettings:
    t.reject_unknown({"broker_url", "namespace", "max_retries", "min_backoff_ms", "max_backoff_ms",
                      "dead_letter_ttl_days", "state_url", "heartbeat_timeout_ms"})
    # AMZBUS_BROKER_URL overrides the file, so one file serves hosts and containers alike.
    file_url = t.string("broker_url", default=DEFAULT_BROKER_URL)
    url = environ.get("AMZBUS_BROKER_URL") or file_url
    scheme = url.split("://", 1)[0]
    if scheme not in ("redis", "rediss", "amqp", "amqps", "stub"):
        t.fail("broker_url", "must start with redis://, amqp:// or stub://")
    state_url = t.string("state_url", default=None)
    if state_url is not None and not state_url.startswith(("redis://", "rediss://")):
        t.fail("state_url", "must be a redis:// URL")
    if scheme.startswith("amqp") and state_url is None:
        t.fail("state_url", "is required with an amqp:// broker (the bus keeps its state in Redis)")
    ttl = t.integer("dead_letter_ttl_days", default=30, minimum=1)
    if ttl > 30:
        t.fail("dead_letter_ttl_days", "must be at most 30: dead letters hold buyers' personal data")
    return BusSettings(
        broker_url=url,
        namespace=t.string("namespace", default="amzbus"),
        max_retries=t.integer("max_retries", default=8, minimum=0),
        min_backoff_ms=t.integer("min_backoff_ms", default=1_000, minimum=1),
        max_backoff_ms=t.integer("max_backoff_ms", default=300_000, minimum=1),
        dead_letter_ttl_days=ttl,
        state_url=state_url,
        heartbeat_timeout_ms=t.integer("heartbeat_timeout_ms", default=60_000, minimum=1_000),
    )


def _read_logging(t: TomlTable) -> LoggingSettings:
    t.reject_unknown({"format", "level"})
    return LoggingSettings(
        format=t.choice("format", ("auto", "json", "console"), default="auto"),
        level=t.choice("level", ("DEBUG", "INFO", "WARNING", "ERROR"), default="INFO"),
    )


def _read_odoo(t: TomlTable) -> OdooSettings:
    t.reject_unknown({"url", "database", "user", "password_env", "api_key_env", "api", "timeout_seconds",
                     "order_batch_size", "order_batches_at_once"})
    password_env, api_key_env = t.string("password_env", default=None), t.string("api_key_env", default=None)
    if not (password_env or api_key_env):
        t.fail("password_env", "set password_env or api_key_env (the variable holding the secret)")
    return OdooSettings(
        url=t.url("url"),
        database=t.string("database"),
        user=t.string("user"),
        password_env=password_env,
        api_key_env=api_key_env,
        api=t.choice("api", ("auto", "jsonrpc", "json2"), default="auto"),
        timeout_seconds=t.number("timeout_seconds", default=30.0, minimum=0.1),
        order_batch_size=t.integer("order_batch_size", default=40, minimum=1),
        order_batches_at_once=t.integer("order_batches_at_once", default=2, minimum=1),
    )


def _read_account(t: TomlTable, catalog: MarketplaceCatalog) -> AccountSettings:
    t.reject_unknown({"name", "seller_id", "region", "marketplaces", "endpoint", "lwa_client_id_env",
                      "lwa_client_secret_env", "refresh_token_env", "fba_location", "sales_team", "flows",
                      "freshness_margin_seconds", "orders_page_size", "poll_overlap_seconds", "carriers",
                      "stock_warehouse", "stock_location", "stock_buffer", "stock_feed_threshold",
                      "fba_marketplace"})
    region = t.choice("region", tuple(REGION_ENDPOINTS), default=None) or t.fail("region", "is required")
    marketplaces = []
    for index, code in enumerate(t.string_list("marketplaces")):
        found = catalog.find(code)
        if found is None:
            t.fail(f"marketplaces[{index}]", f"unknown marketplace {code!r} (add it under [[marketplaces]])")
        if found.region != region:
            t.fail(f"marketplaces[{index}]", f"{code} is in region {found.region}, not {region}")
        marketplaces.append(found)
    if not marketplaces:
        t.fail("marketplaces", "must name at least one marketplace")
    flows = t.table("flows")
    flows.reject_unknown(set(FLOWS))
    endpoint = t.url("endpoint", default=None)
    margin = t.number("freshness_margin_seconds", default=180.0, minimum=0.5)
    if endpoint is None and margin < 120:
        t.fail("freshness_margin_seconds", "must be at least 120 against Amazon (its data lags 2 minutes)")
    return AccountSettings(
        name=t.string("name"),
        seller_id=t.string("seller_id"),
        region=region,
        marketplaces=tuple(marketplaces),
        endpoint=endpoint,
        lwa_client_id_env=t.string("lwa_client_id_env"),
        lwa_client_secret_env=t.string("lwa_client_secret_env"),
        refresh_token_env=t.string("refresh_token_env"),
        fba_location=t.string("fba_location", default="Amazon FBA"),
        sales_team=t.string("sales_team", default="Amazon"),
        flows=frozenset(f for f in FLOWS if flows.boolean(f, default=True)),
        freshness_margin_seconds=margin,
        orders_page_size=_page_size(t),
        poll_overlap_seconds=t.number("poll_overlap_seconds", default=30.0, minimum=0.0),
        carriers=_carriers(t.table("carriers")),
        stock_warehouse=t.string("stock_warehouse", default=None),
        stock_location=t.string("stock_location", default=None),
        stock_buffer=t.integer("stock_buffer", default=0, minimum=0),
        stock_feed_threshold=t.integer("stock_feed_threshold", default=20, minimum=2),
        fba_marketplace=_fba_marketplace(t, marketplaces),
    )


def _fba_marketplace(t: TomlTable, marketplaces: list[Marketplace]) -> str | None:
    code = t.string("fba_marketplace", default=None)
    if code is not None and code not in {m.code for m in marketplaces}:
        t.fail("fba_marketplace", f"{code!r} is not one of the account's marketplaces")
    return code


def _carriers(t: TomlTable) -> tuple[tuple[str, str], ...]:
    """``[accounts.carriers]``: Odoo carrier name = Amazon carrier code (one of Amazon's list, or "Other")."""
    table = {name: t.string(name) for name in t.raw}
    unknown = unknown_codes(table)
    if unknown:
        name = next(name for name, code in table.items() if code == unknown[0])
        t.fail(name, f"{unknown[0]!r} is not one of Amazon's carrier codes (use \"Other\" for any other carrier)")
    return tuple(sorted(table.items()))


def _page_size(t: TomlTable) -> int:
    size = t.integer("orders_page_size", default=100, minimum=1)
    if size > 100:
        t.fail("orders_page_size", "must be at most 100 (Amazon's maximum per page)")
    return size


def _read_marketplace(t: TomlTable) -> Marketplace:
    t.reject_unknown({"code", "marketplace_id", "region", "name", "country", "currency", "tax_included"})
    return Marketplace(
        code=t.string("code"),
        marketplace_id=t.string("marketplace_id"),
        region=t.choice("region", tuple(REGION_ENDPOINTS), default=None) or t.fail("region", "is required"),
        name=t.string("name"),
        country=t.string("country"),
        currency=t.string("currency"),
        tax_included=t.boolean("tax_included", default=False),
    )
