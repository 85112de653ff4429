"""The SP-API operations the simulator answers: method, path (matched on the raw, still-encoded path, so
that a SKU like ``TSHIRT%2FRED-M`` stays one segment) and handler."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable
from urllib.parse import unquote

from werkzeug.wrappers import Response

from .call import Call
from .feeds_api import create_feed, create_feed_document, get_feed, get_feed_document
from .inventory_api import get_inventory_summaries
from .listings_api import get_listings_item, patch_listings_item
from .notifications_api import (create_destination, create_subscription, delete_destination,
                                delete_subscription_by_id, get_destinations, get_subscription)
from .orders_api import get_order, search_orders
from .sellers_api import get_marketplace_participations
from .shipments_api import confirm_shipment

SEGMENT = r"([^/]+)"


@dataclass(frozen=True)
class Route:
    method: str
    pattern: re.Pattern[str]
    operation: str
    handler: Callable[[Call], Response]
    grantless: bool = False  # called with a grantless (client_credentials) token, not a seller's


def _route(method: str, path: str, operation: str, handler: Callable[[Call], Response], *,
           grantless: bool = False) -> Route:
    return Route(method, re.compile(path.replace("{}", SEGMENT)), operation, handler, grantless)


ROUTES = (
    _route("GET", "/orders/2026-01-01/orders", "searchOrders", search_orders),
    _route("GET", "/orders/2026-01-01/orders/{}", "getOrder", get_order),
    _route("POST", "/orders/v0/orders/{}/shipmentConfirmation", "confirmShipment", confirm_shipment),
    _route("PATCH", "/listings/2021-08-01/items/{}/{}", "patchListingsItem", patch_listings_item),
    _route("GET", "/listings/2021-08-01/items/{}/{}", "getListingsItem", get_listings_item),
    _route("POST", "/feeds/2021-06-30/documents", "createFeedDocument", create_feed_document),
    _route("GET", "/feeds/2021-06-30/documents/{}", "getFeedDocument", get_feed_document),
    _route("POST", "/feeds/2021-06-30/feeds", "createFeed", create_feed),
    _route("GET", "/feeds/2021-06-30/feeds/{}", "getFeed", get_feed),
    _route("GET", "/fba/inventory/v1/summaries", "getInventorySummaries", get_inventory_summaries),
    _route("GET", "/sellers/v1/marketplaceParticipations", "getMarketplaceParticipations",
           get_marketplace_participations),
    _route("GET", "/notifications/v1/destinations", "getDestinations", get_destinations, grantless=True),
    _route("POST", "/notifications/v1/destinations", "createDestination", create_destination, grantless=True),
    _route("DELETE", "/notifications/v1/destinations/{}", "deleteDestination", delete_destination, grantless=True),
    _route("GET", "/notifications/v1/subscriptions/{}", "getSubscription", get_subscription),
    _route("POST", "/notifications/v1/subscriptions/{}", "createSubscription", create_subscription),
    _route("DELETE", "/notifications/v1/subscriptions/{}/{}", "deleteSubscriptionById", delete_subscription_by_id,
           grantless=True),
)


def match_route(method: str, raw_path: str) -> tuple[Route | None, tuple[str, ...]]:
    for route in ROUTES:
        found = route.pattern.fullmatch(raw_path)
        if found and route.method == method:
            return route, tuple(unquote(group) for group in found.groups())
    return None, ()
