"""``--print-config``: the ``[[accounts]]`` tables for amzbus.toml, and the shell lines for the credentials.

The output is valid TOML: the ``export`` lines are TOML comments, so the whole text can be appended to
amzbus.toml, and ``sed -n 's/^# export /export /p'`` turns the comments into commands for a shell.
"""

from __future__ import annotations

from .accounts import SellerAccount


def credential_variables(account: SellerAccount) -> dict[str, str]:
    """Environment variable name -> value, for one account."""
    prefix = account.env_prefix
    return {
        f"{prefix}_LWA_CLIENT_ID": account.lwa_client_id,
        f"{prefix}_LWA_CLIENT_SECRET": account.lwa_client_secret,
        f"{prefix}_REFRESH_TOKEN": account.refresh_token,
    }


def render_config(accounts: tuple[SellerAccount, ...], *, endpoint: str, seed: int) -> str:
    lines = [
        f"# Amazon SP-API simulator at {endpoint} (seed {seed}). Its LWA token endpoint is {endpoint}/auth/o2/token.",
        "# The credentials below are the simulator's own (not secrets). Set them in the shell first:",
    ]
    for account in accounts:
        for name, value in credential_variables(account).items():
            lines.append(f"# export {name}='{value}'")
    for account in accounts:
        lines.extend(["", *_account_table(account, endpoint)])
    return "\n".join(lines) + "\n"


def _account_table(account: SellerAccount, endpoint: str) -> list[str]:
    prefix = account.env_prefix
    codes = ", ".join(f'"{code}"' for code in account.marketplace_codes)
    return [
        "[[accounts]]",
        f'name = "{account.name}"',
        f'seller_id = "{account.seller_id}"',
        f'region = "{account.region}"',
        f"marketplaces = [{codes}]",
        f'endpoint = "{endpoint}"',
        f'lwa_client_id_env = "{prefix}_LWA_CLIENT_ID"',
        f'lwa_client_secret_env = "{prefix}_LWA_CLIENT_SECRET"',
        f'refresh_token_env = "{prefix}_REFRESH_TOKEN"',
        f'fba_location = "Amazon FBA {account.region}"',
        f'sales_team = "Amazon {account.region}"',
    ]
