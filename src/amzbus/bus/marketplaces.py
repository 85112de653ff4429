"""Amazon marketplaces the bus knows out of the box; more can be added in the configuration.

Ids, regions and endpoints are Amazon's (SP-API "Marketplace IDs" and "SP-API endpoints").
``tax_included`` tells whether Amazon's prices include VAT there (true in the UK and the EU).
"""

from __future__ import annotations

from dataclasses import dataclass

REGION_ENDPOINTS = {
    "NA": "https://sellingpartnerapi-na.amazon.com",
    "EU": "https://sellingpartnerapi-eu.amazon.com",
    "FE": "https://sellingpartnerapi-fe.amazon.com",
}
AWS_REGIONS = {"NA": "us-east-1", "EU": "eu-west-1", "FE": "us-west-2"}


@dataclass(frozen=True)
class Marketplace:
    code: str
    marketplace_id: str
    region: str
    name: str
    country: str
    currency: str
    tax_included: bool


BUILT_IN_MARKETPLACES = (
    Marketplace("CA", "A2EUQ1WTGCTBG2", "NA", "Amazon.ca", "CA", "CAD", False),
    Marketplace("MX", "A1AM78C64UM0Y8", "NA", "Amazon.com.mx", "MX", "MXN", False),
    Marketplace("US", "ATVPDKIKX0DER", "NA", "Amazon.com", "US", "USD", False),
    Marketplace("DE", "A1PA6795UKMFR9", "EU", "Amazon.de", "DE", "EUR", True),
    Marketplace("ES", "A1RKKUPIHCS9HS", "EU", "Amazon.es", "ES", "EUR", True),
    Marketplace("FR", "A13V1IB3VIYZZH", "EU", "Amazon.fr", "FR", "EUR", True),
    Marketplace("UK", "A1F83G8C2ARO7P", "EU", "Amazon.co.uk", "GB", "GBP", True),
    Marketplace("IT", "APJ6JRA9NG5V4", "EU", "Amazon.it", "IT", "EUR", True),
    Marketplace("NL", "A1805IZSGTT6HS", "EU", "Amazon.nl", "NL", "EUR", True),
)


class MarketplaceCatalog:
    """Look up marketplaces by code (``US``) or by Amazon id (``ATVPDKIKX0DER``)."""

    def __init__(self, marketplaces: tuple[Marketplace, ...] | list[Marketplace] = BUILT_IN_MARKETPLACES) -> None:
        self._by_code = {m.code: m for m in marketplaces}
        self._by_id = {m.marketplace_id: m for m in marketplaces}

    def find(self, code_or_id: str) -> Marketplace | None:
        key = "UK" if code_or_id == "GB" else code_or_id
        return self._by_code.get(key) or self._by_id.get(key)

    def __iter__(self):
        return iter(self._by_code.values())
