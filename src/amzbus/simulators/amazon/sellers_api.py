"""Sellers v1 ``getMarketplaceParticipations``: the marketplaces the calling seller sells in."""

from __future__ import annotations

from werkzeug.wrappers import Response

from .call import Call
from .responses import json_response


def get_marketplace_participations(call: Call) -> Response:
    payload = [
        {
            "marketplace": {"id": m.marketplace_id, "name": m.name, "countryCode": m.country_code,
                            "defaultCurrencyCode": m.currency, "defaultLanguageCode": m.language,
                            "domainName": m.domain},
            "participation": {"isParticipating": True, "hasSuspendedListings": False},
            "storeName": call.account.store_name,
        }
        for m in call.account.marketplaces
    ]
    return json_response({"payload": payload})
