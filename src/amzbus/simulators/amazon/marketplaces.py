"""The marketplaces the simulator sells in, with what orders there look like.

Ids, names and domains are Amazon's (SP-API "Marketplace IDs"). The simulator keeps its own table: it must
not share code with the clients it tests. Prices include VAT in the EU and the UK; in North America the
sales tax is charged on top (one rate per order, drawn from ``sales_tax_rates``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class SimMarketplace:
    code: str
    marketplace_id: str
    region: str
    name: str
    country_code: str
    currency: str
    language: str
    domain: str
    tax_included: bool
    sales_tax_rates: tuple[Decimal, ...]
    price_factor: Decimal
    order_id_prefixes: tuple[str, ...]

    @property
    def fba_channel_code(self) -> str:
        return "AMAZON_NA" if self.region == "NA" else "AMAZON_EU"


def _rates(*values: str) -> tuple[Decimal, ...]:
    return tuple(Decimal(v) for v in values)


MARKETPLACES = {m.code: m for m in (
    SimMarketplace("CA", "A2EUQ1WTGCTBG2", "NA", "Amazon.ca", "CA", "CAD", "en_CA", "www.amazon.ca", False,
                   _rates("0.05", "0.13", "0.15"), Decimal("1.35"), ("701", "702")),
    SimMarketplace("MX", "A1AM78C64UM0Y8", "NA", "Amazon.com.mx", "MX", "MXN", "es_MX", "www.amazon.com.mx", False,
                   _rates("0.16",), Decimal("17"), ("701", "702")),
    SimMarketplace("US", "ATVPDKIKX0DER", "NA", "Amazon.com", "US", "USD", "en_US", "www.amazon.com", False,
                   _rates("0", "0.06", "0.0725", "0.08875", "0.1025"), Decimal("1"), ("111", "112", "113", "114")),
    SimMarketplace("DE", "A1PA6795UKMFR9", "EU", "Amazon.de", "DE", "EUR", "de_DE", "www.amazon.de", True,
                   _rates("0.19",), Decimal("0.92"), ("302", "303", "304", "305", "306")),
    SimMarketplace("ES", "A1RKKUPIHCS9HS", "EU", "Amazon.es", "ES", "EUR", "es_ES", "www.amazon.es", True,
                   _rates("0.21",), Decimal("0.92"), ("402", "403", "404", "405")),
    SimMarketplace("FR", "A13V1IB3VIYZZH", "EU", "Amazon.fr", "FR", "EUR", "fr_FR", "www.amazon.fr", True,
                   _rates("0.20",), Decimal("0.92"), ("402", "403", "404", "405", "406", "407")),
    SimMarketplace("UK", "A1F83G8C2ARO7P", "EU", "Amazon.co.uk", "GB", "GBP", "en_GB", "www.amazon.co.uk", True,
                   _rates("0.20",), Decimal("0.79"), ("202", "203", "204", "205", "206")),
    SimMarketplace("IT", "APJ6JRA9NG5V4", "EU", "Amazon.it", "IT", "EUR", "it_IT", "www.amazon.it", True,
                   _rates("0.22",), Decimal("0.92"), ("402", "403", "404", "405", "406")),
    SimMarketplace("NL", "A1805IZSGTT6HS", "EU", "Amazon.nl", "NL", "EUR", "nl_NL", "www.amazon.nl", True,
                   _rates("0.21",), Decimal("0.92"), ("402", "403", "404", "405")),
)}
BY_ID = {m.marketplace_id: m for m in MARKETPLACES.values()}


def find_marketplace(code_or_id: str) -> SimMarketplace | None:
    key = "UK" if code_or_id == "GB" else code_or_id
    return MARKETPLACES.get(key) or BY_ID.get(key)
