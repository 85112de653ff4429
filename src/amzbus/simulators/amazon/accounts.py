"""The seeded seller accounts (one North American, one European, and optionally more) and their LWA credentials.

Everything is derived from the seed, so the same seed always gives the same seller ids and credentials,
and ``--print-config`` run separately from the server still matches it.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass

from .marketplaces import MARKETPLACES, SimMarketplace, find_marketplace

ACCOUNT_LAYOUT = (
    ("sim-na", "NA", ("CA", "MX", "US"), "Simulated Goods NA"),
    ("sim-eu", "EU", ("DE", "ES", "FR", "UK", "IT", "NL"), "Simulated Goods EU"),
)


@dataclass(frozen=True)
class SellerAccount:
    name: str
    seller_id: str
    region: str
    marketplace_codes: tuple[str, ...]
    store_name: str
    lwa_client_id: str
    lwa_client_secret: str
    refresh_token: str

    @property
    def marketplaces(self) -> tuple[SimMarketplace, ...]:
        return tuple(MARKETPLACES[code] for code in self.marketplace_codes)

    @property
    def env_prefix(self) -> str:
        if self.name in BASE_ACCOUNT_NAMES:
            return f"AMZBUS_{self.region}"
        return "AMZBUS_" + self.name.upper().replace("-", "_")

    def sells_in(self, code_or_id: str) -> SimMarketplace | None:
        found = find_marketplace(code_or_id)
        return found if found is not None and found.code in self.marketplace_codes else None


BASE_ACCOUNT_NAMES = tuple(name for name, *_ in ACCOUNT_LAYOUT)


def seeded_accounts(seed: int, *, extra_accounts: int = 0) -> tuple[SellerAccount, ...]:
    """The two base accounts, then ``extra_accounts`` more (``sim-na-03``, ``sim-eu-04``...), alternating
    regions: for sellers with many accounts, each with its own seller id and credentials."""
    rng = random.Random(f"amazon-simulator-accounts-{seed}")
    layout = ACCOUNT_LAYOUT + tuple(_extra_layout(index) for index in range(extra_accounts))
    return tuple(_account(rng, name, region, codes, store) for name, region, codes, store in layout)


def _extra_layout(index: int) -> tuple[str, str, tuple[str, ...], str]:
    _, region, codes, store = ACCOUNT_LAYOUT[index % len(ACCOUNT_LAYOUT)]
    number = index + len(ACCOUNT_LAYOUT) + 1
    return f"sim-{region.lower()}-{number:02d}", region, codes, f"{store} {number}"


def _account(rng: random.Random, name: str, region: str, codes: tuple[str, ...], store: str) -> SellerAccount:
    upper = string.ascii_uppercase + string.digits
    return SellerAccount(
        name=name,
        seller_id="A" + "".join(rng.choices(upper, k=13)),
        region=region,
        marketplace_codes=codes,
        store_name=store,
        lwa_client_id="amzn1.application-oa2-client." + "".join(rng.choices("0123456789abcdef", k=32)),
        lwa_client_secret="amzn1.oa2-cs.v1." + "".join(rng.choices("0123456789abcdef", k=64)),
        refresh_token="Atzr|IwEB" + "".join(rng.choices(string.ascii_letters + string.digits + "-_", k=120)),
    )


class AccountDirectory:
    """Find an account by name (``sim-na``), seller id, region (``EU``) or LWA client id."""

    def __init__(self, accounts: tuple[SellerAccount, ...]) -> None:
        self.all = accounts
        self._by_seller = {a.seller_id: a for a in accounts}

    def by_seller(self, seller_id: str) -> SellerAccount | None:
        return self._by_seller.get(seller_id)

    def by_client_id(self, client_id: str) -> SellerAccount | None:
        return next((a for a in self.all if a.lwa_client_id == client_id), None)

    def find(self, reference: str) -> SellerAccount:
        for account in self.all:
            if reference in (account.name, account.seller_id, account.region):
                return account
        known = ", ".join(f"{a.name} ({a.seller_id}, {a.region})" for a in self.all)
        raise LookupError(f"no simulated seller account {reference!r}; known: {known}")

    def select(self, reference: str | None) -> tuple[SellerAccount, ...]:
        return self.all if reference in (None, "", "all") else (self.find(reference),)
