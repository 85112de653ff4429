"""Configuration for tests that run the bus against the simulators (in this process or as servers)."""

from __future__ import annotations

import os
from pathlib import Path


def simulator_config(path: Path, *, amazon, redis_url: str, namespace: str, odoo_url: str | None = None,
                     margin_seconds: float = 3.0, page_size: int | None = None,
                     orders_seconds: float | None = None) -> tuple[Path, dict[str, str]]:
    """Write amzbus.toml for the Amazon simulator's accounts (and an Odoo); the environment with the secrets."""
    env = {**os.environ, "AMZBUS_TEST_ODOO_PASSWORD": "admin"}
    env.pop("AMZBUS_BROKER_URL", None)
    lines = [f'[bus]\nbroker_url = "{redis_url}"\nnamespace = "{namespace}"\nmin_backoff_ms = 100\n'
             f'max_backoff_ms = 1000\nheartbeat_timeout_ms = 2000\n', '[logging]\nformat = "json"\n']
    if orders_seconds is not None:
        lines.append(f"[scheduler]\norders_seconds = {orders_seconds}\n")
    if odoo_url:
        lines.append(f'[odoo]\nurl = "{odoo_url}"\ndatabase = "amzbus"\nuser = "admin"\n'
                     f'password_env = "AMZBUS_TEST_ODOO_PASSWORD"\n')
    for account in amazon.state.accounts_json():
        prefix = f"AMZBUS_TEST_{account['name'].upper().replace('-', '_')}"
        env.update({f"{prefix}_ID": account["lwaClientId"], f"{prefix}_SECRET": account["lwaClientSecret"],
                    f"{prefix}_TOKEN": account["refreshToken"]})
        marketplaces = ", ".join(f'"{code}"' for code in account["marketplaces"])
        lines.append(f'[[accounts]]\nname = "{account["name"]}"\nseller_id = "{account["sellerId"]}"\n'
                     f'region = "{account["region"]}"\nmarketplaces = [{marketplaces}]\nendpoint = "{amazon.url}"\n'
                     f'lwa_client_id_env = "{prefix}_ID"\nlwa_client_secret_env = "{prefix}_SECRET"\n'
                     f'refresh_token_env = "{prefix}_TOKEN"\nfreshness_margin_seconds = {margin_seconds}\n'
                     + (f"orders_page_size = {page_size}\n" if page_size else ""))
    path.write_text("\n".join(lines), encoding="utf-8")
    return path, env
