"""Listings Items API 2021-08-01: ``patchListingsItem`` (quantity via ``fulfillment_availability``) and
``getListingsItem``. The SKU arrives URL-encoded in the path (``TSHIRT%2FRED-M``); the router decodes it.

Unlike Amazon (which accepts a patch for an unknown SKU and creates an incomplete listing), the simulator
answers INVALID with an ERROR issue, so that a client's SKU mapping mistakes show.
"""

from __future__ import annotations

import uuid
from typing import Any

from werkzeug.wrappers import Response

from .call import Call
from .catalog import Product
from .clock import iso
from .inventory import Listing
from .listing_updates import Problem, apply, changes_from_patches
from .money import money
from .responses import ApiError, invalid_input, json_response, unauthorized

PATCH_DATA = ("identifiers", "issues")
GET_DATA = ("summaries", "attributes", "issues", "offers", "fulfillmentAvailability", "procurement",
            "relationships", "productTypes")


def patch_listings_item(call: Call) -> Response:
    seller_id, sku = call.path_args
    if seller_id != call.account.seller_id:
        return unauthorized()
    marketplace_ids = _marketplaces(call)
    included = _included(call, PATCH_DATA, default=("issues",))
    mode = call.param("mode")
    if mode not in (None, "VALIDATION_PREVIEW"):
        raise invalid_input(f"mode must be VALIDATION_PREVIEW when given, not {mode!r}.")
    body = call.json_body()
    if not isinstance(body.get("productType"), str) or not isinstance(body.get("patches"), list) or not body["patches"]:
        raise invalid_input("Request has missing or invalid parameters and cannot be parsed.",
                            details="productType (string) and patches (non-empty list) are required.")
    state = call.state
    changes, problems = changes_from_patches(state.listings, seller_id=seller_id, sku=sku,
                                             marketplace_ids=marketplace_ids, patches=body["patches"])
    status = "INVALID" if problems else ("VALID" if mode else "ACCEPTED")
    if status == "ACCEPTED":
        apply(state.listings, changes, call.now)
    response: dict[str, Any] = {"sku": sku, "status": status, "submissionId": uuid.uuid4().hex}
    if "issues" in included:
        response["issues"] = [_issue(p) for p in problems]
    if "identifiers" in included and sku in state.catalog(seller_id):
        asin = state.catalog(seller_id)[sku].asin
        response["identifiers"] = [{"marketplaceId": m, "asin": asin} for m in marketplace_ids]
    return json_response(response)


def get_listings_item(call: Call) -> Response:
    seller_id, sku = call.path_args
    if seller_id != call.account.seller_id:
        return unauthorized()
    marketplace_ids = _marketplaces(call)
    included = _included(call, GET_DATA, default=("summaries",))
    listing = call.state.listings.get(seller_id, sku, marketplace_ids[0])
    if listing is None:
        raise ApiError(404, "NOT_FOUND", f"SKU '{sku}' not found in marketplace {marketplace_ids[0]}")
    return json_response(_item(call, listing, included))


def _item(call: Call, listing: Listing, included: tuple[str, ...]) -> dict[str, Any]:
    product = call.state.catalog(listing.seller_id)[listing.sku]
    quantity = call.state.listing_quantity(listing)
    item: dict[str, Any] = {"sku": listing.sku}
    if "summaries" in included:
        item["summaries"] = [_summary(listing, product)]
    if "attributes" in included:
        item["attributes"] = {"fulfillment_availability": [{"fulfillment_channel_code": listing.channel_code,
                                                            "quantity": quantity, "marketplace_id": listing.marketplace_id}]}
    if "fulfillmentAvailability" in included:
        item["fulfillmentAvailability"] = [{"fulfillmentChannelCode": listing.channel_code, "quantity": quantity}]
    if "issues" in included:
        item["issues"] = []
    if "offers" in included:
        marketplace = call.account.sells_in(listing.marketplace_id)
        item["offers"] = [{"marketplaceId": listing.marketplace_id, "offerType": "B2C",
                           "price": money(product.unit_price(marketplace), marketplace.currency)}]
    return item


def _summary(listing: Listing, product: Product) -> dict[str, Any]:
    summary = {"marketplaceId": listing.marketplace_id, "asin": product.asin, "productType": listing.product_type,
               "conditionType": "new_new", "status": ["BUYABLE", "DISCOVERABLE"], "itemName": product.title,
               "createdDate": iso(listing.created), "lastUpdatedDate": iso(listing.updated)}
    if product.fn_sku:
        summary["fnSku"] = product.fn_sku
    return summary


def _marketplaces(call: Call) -> list[str]:
    ids = call.list_param("marketplaceIds")
    if not ids:
        raise invalid_input("Missing request parameter: marketplaceIds.")
    for marketplace_id in ids:
        found = call.account.sells_in(marketplace_id)
        if found is None or found.marketplace_id != marketplace_id:
            raise invalid_input(f"Invalid marketplaceId {marketplace_id!r}: the seller does not sell there.")
    return ids


def _included(call: Call, allowed: tuple[str, ...], *, default: tuple[str, ...]) -> tuple[str, ...]:
    values = tuple(call.list_param("includedData")) or default
    wrong = [v for v in values if v not in allowed]
    if wrong:
        raise invalid_input(f"includedData has invalid values {wrong}; allowed: {', '.join(allowed)}.")
    return values


def _issue(problem: Problem) -> dict[str, Any]:
    issue: dict[str, Any] = {"code": problem.code, "message": problem.message, "severity": "ERROR",
                             "categories": ["INVALID_ATTRIBUTE"] if problem.attribute else []}
    if problem.attribute:
        issue["attributeNames"] = [problem.attribute]
    return issue
