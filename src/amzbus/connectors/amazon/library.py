"""The python-amazon-sp-api clients we use, seeing every raw HTTP answer before the library reads it.

The library raises only when a JSON body carries ``errors``, and returns any other non-2xx answer (an
empty 429, an HTML 502) as an empty success, without its status code (reference/spapi.md §3.5).
``ObservedResponses`` overrides the library's ``Client._check_response`` hook, which receives the httpx
response, and raises ``AmazonHttpError`` for every non-2xx answer and every 2xx answer that should have
had a JSON body but has none. ``errors.translate`` then turns it into a bus error.
"""

from __future__ import annotations

from types import SimpleNamespace

import httpx
from sp_api.api.feeds.feeds_2021_06_30 import FeedsV20210630
from sp_api.api.inventories.inventories import Inventories
from sp_api.api.listings_items.listings_items_2021_08_01 import ListingsItemsV20210801
from sp_api.api.orders.orders_2026_01_01 import OrdersV20260101
from sp_api.api.orders.orders_v0 import OrdersV0
from sp_api.api.sellers.sellers import Sellers
from sp_api.base import ApiResponse, fill_query_params, sp_endpoint

from amzbus.bus.errors import ConfigError
from amzbus.bus.marketplaces import AWS_REGIONS

from .errors import AmazonHttpError


class ObservedResponses:
    """Mixin for library clients: non-2xx and body-less answers raise ``AmazonHttpError``."""

    def _check_response(self, res: httpx.Response, res_no_data: bool = False, bulk: bool = False,
                        wrap_list: bool = False) -> ApiResponse:
        if not 200 <= res.status_code < 300:
            raise AmazonHttpError.from_response(res)
        if not res_no_data and res.status_code != 204 and not _has_json_body(res):
            raise AmazonHttpError.from_response(res)
        return super()._check_response(res, res_no_data, bulk, wrap_list)


def _has_json_body(response: httpx.Response) -> bool:
    try:
        return isinstance(response.json(), (dict, list))
    except (ValueError, UnicodeDecodeError):
        return False


class OrdersApi(ObservedResponses, OrdersV20260101):
    """Orders API v2026-01-01: searchOrders, getOrder."""


class OrdersV0Api(ObservedResponses, OrdersV0):
    """Orders API v0, for confirmShipment only (not deprecated; v2026 has no equivalent)."""


class ListingsApi(ObservedResponses, ListingsItemsV20210801):
    """Listings Items API 2021-08-01: patchListingsItem."""


class FeedsApi(ObservedResponses, FeedsV20210630):
    """Feeds API 2021-06-30, with getFeedDocument returning the document's metadata.

    The library's ``get_feed_document`` downloads the document itself with a fresh ``httpx.Client``
    without a timeout and guesses its encoding; ``get_feed_document_info`` is the same endpoint,
    declared the library's way, returning ``{feedDocumentId, url, compressionAlgorithm?}``.
    """

    @sp_endpoint("/feeds/2021-06-30/documents/{}", method="GET")
    def get_feed_document_info(self, feed_document_id: str, **kwargs) -> ApiResponse:
        return self._request(fill_query_params(kwargs.pop("path"), feed_document_id), params=kwargs,
                             add_marketplace=False)


class InventoryApi(ObservedResponses, Inventories):
    """FBA Inventory API v1: getInventorySummaries."""


class SellersApi(ObservedResponses, Sellers):
    """Sellers API v1: getMarketplaceParticipations."""


def marketplace_endpoint(*, endpoint: str, marketplace_id: str, region: str) -> SimpleNamespace:
    """The duck-typed stand-in for ``sp_api.base.Marketplaces`` the library accepts (spapi.md §3.2)."""
    return SimpleNamespace(endpoint=endpoint.rstrip("/"), marketplace_id=marketplace_id, region=AWS_REGIONS[region])


def check_endpoint(api, expected: str) -> None:
    """Refuse a client the library pointed elsewhere (``SP_API_DEFAULT_MARKETPLACE`` overrides ours)."""
    if api.endpoint != expected.rstrip("/"):
        raise ConfigError(
            f"python-amazon-sp-api sends requests to {api.endpoint} instead of {expected}: the environment "
            "variable SP_API_DEFAULT_MARKETPLACE overrides the marketplace; unset it")
