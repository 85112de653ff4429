"""Sellers API v1 getMarketplaceParticipations: which marketplaces the account sells in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .errors import AmazonUnavailable
from .library import SellersApi
from .session import AccountSession


@dataclass(frozen=True)
class MarketplaceParticipation:
    marketplace_id: str
    name: str | None
    country_code: str | None
    currency: str | None
    language: str | None
    domain: str | None
    is_participating: bool
    has_suspended_listings: bool
    store_name: str | None


def participation(raw: dict[str, Any]) -> MarketplaceParticipation:
    marketplace = raw.get("marketplace") or {}
    status = raw.get("participation") or {}
    if not isinstance(marketplace.get("id"), str):
        raise AmazonUnavailable("Amazon getMarketplaceParticipations answered an entry without marketplace.id",
                                code="UnexpectedResponse", status=200, operation="getMarketplaceParticipations")
    return MarketplaceParticipation(
        marketplace_id=marketplace["id"], name=marketplace.get("name"), country_code=marketplace.get("countryCode"),
        currency=marketplace.get("defaultCurrencyCode"), language=marketplace.get("defaultLanguageCode"),
        domain=marketplace.get("domainName"), is_participating=bool(status.get("isParticipating")),
        has_suspended_listings=bool(status.get("hasSuspendedListings")), store_name=raw.get("storeName"))


class SellersSection:
    def __init__(self, session: AccountSession) -> None:
        self._session = session

    def marketplace_participations(self) -> tuple[MarketplaceParticipation, ...]:
        api = self._session.api(SellersApi)
        response = self._session.call("getMarketplaceParticipations", api.get_marketplace_participation)
        if response.payload == {}:  # the library turns {"payload": []} into {}
            return ()
        if not isinstance(response.payload, list):
            raise AmazonUnavailable("Amazon getMarketplaceParticipations answered without a list",
                                    code="UnexpectedResponse", status=200, operation="getMarketplaceParticipations")
        return tuple(participation(raw) for raw in response.payload if isinstance(raw, dict))
