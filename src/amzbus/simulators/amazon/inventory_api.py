"""FBA Inventory v1 ``getInventorySummaries`` (granularity Marketplace), 50 summaries a page
(``state.inventory_page_size``, smaller in tests and the demo so that a small catalog pages too).

``nextToken`` expires 30 seconds after it was issued and must come with the same ``startDateTime``.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from werkzeug.wrappers import Response

from .call import Call
from .clock import iso, parse_iso
from .inventory import FbaStock
from .responses import invalid_input, json_response

NEXT_TOKEN_LIFETIME = timedelta(seconds=30)
OLDEST_START = timedelta(days=548)


@dataclass(frozen=True)
class InventoryPage:
    seller_id: str
    marketplace_id: str
    start: str | None
    skus: tuple[str, ...]
    offset: int
    issued: datetime


def get_inventory_summaries(call: Call) -> Response:
    marketplace_id = _marketplace(call)
    details = (call.param("details") or "false").lower() == "true"
    start = call.param("startDateTime")
    token = call.param("nextToken")
    page = _resume(call, token, start) if token else InventoryPage(call.account.seller_id, marketplace_id, start,
                                                                    _skus(call), 0, call.now)
    stocks = _select(call, page)
    size = call.state.inventory_page_size
    chunk = stocks[page.offset: page.offset + size]
    body: dict[str, Any] = {}
    if page.offset + size < len(stocks):
        next_page = InventoryPage(page.seller_id, page.marketplace_id, page.start, page.skus,
                                  page.offset + size, call.now)
        body["pagination"] = {"nextToken": call.state.remember_inventory_page(secrets.token_urlsafe(24), next_page)}
    body["payload"] = {"granularity": {"granularityType": "Marketplace", "granularityId": marketplace_id},
                       "inventorySummaries": [_summary(call, stock, details) for stock in chunk]}
    return json_response(body)


def _marketplace(call: Call) -> str:
    if call.param("granularityType") != "Marketplace":
        raise invalid_input("granularityType is required and must be Marketplace.")
    ids = call.list_param("marketplaceIds")
    if len(ids) != 1:
        raise invalid_input("marketplaceIds is required and accepts exactly one marketplace id.")
    found = call.account.sells_in(ids[0])
    if found is None or found.marketplace_id != ids[0]:
        raise invalid_input(f"Invalid marketplaceId {ids[0]!r}: the seller does not sell there.")
    if call.param("granularityId") != ids[0]:
        raise invalid_input("granularityId is required and must be the marketplace id given in marketplaceIds.")
    return ids[0]


def _skus(call: Call) -> tuple[str, ...]:
    skus = call.list_param("sellerSkus")
    if len(skus) > 50:
        raise invalid_input("sellerSkus accepts at most 50 SKUs.")
    single = call.param("sellerSku")
    return tuple(skus) if skus else ((single,) if single else ())


def _resume(call: Call, token: str, start: str | None) -> InventoryPage:
    page = call.state.inventory_page(token)
    if page is None or page.seller_id != call.account.seller_id or call.now - page.issued > NEXT_TOKEN_LIFETIME:
        raise invalid_input("The nextToken is invalid or has expired (it lasts 30 seconds).")
    if page.start != start:
        raise invalid_input("Use the same startDateTime with nextToken as in the first request.")
    return page


def _select(call: Call, page: InventoryPage) -> list[FbaStock]:
    stocks = call.state.fba.in_marketplace(page.seller_id, page.marketplace_id)
    if page.start is not None:
        since = parse_iso(page.start)
        if since is None or since < call.now - OLDEST_START:
            raise invalid_input("startDateTime must be an ISO 8601 date-time no earlier than 18 months ago.")
        return [s for s in stocks if s.last_updated >= since]
    return [s for s in stocks if s.sku in page.skus] if page.skus else stocks


def _summary(call: Call, stock: FbaStock, details: bool) -> dict[str, Any]:
    product = call.state.catalog(stock.seller_id)[stock.sku]
    summary: dict[str, Any] = {"asin": product.asin, "fnSku": product.fn_sku or "", "sellerSku": stock.sku,
                               "condition": "NewItem", "lastUpdatedTime": iso(stock.last_updated),
                               "productName": product.title, "totalQuantity": stock.total}
    if details:
        summary["inventoryDetails"] = {
            "fulfillableQuantity": stock.fulfillable,
            "inboundWorkingQuantity": stock.inbound_working,
            "inboundShippedQuantity": stock.inbound_shipped,
            "inboundReceivingQuantity": stock.inbound_receiving,
            "reservedQuantity": {"totalReservedQuantity": stock.reserved_customer_orders,
                                 "pendingCustomerOrderQuantity": stock.reserved_customer_orders,
                                 "pendingTransshipmentQuantity": 0, "fcProcessingQuantity": 0},
            "researchingQuantity": {"totalResearchingQuantity": 0, "researchingQuantityBreakdown": []},
            "unfulfillableQuantity": {"totalUnfulfillableQuantity": stock.unfulfillable,
                                      "customerDamagedQuantity": stock.unfulfillable, "warehouseDamagedQuantity": 0,
                                      "distributorDamagedQuantity": 0, "carrierDamagedQuantity": 0,
                                      "defectiveQuantity": 0, "expiredQuantity": 0},
        }
    return summary
