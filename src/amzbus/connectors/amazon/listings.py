"""Listings Items API 2021-08-01 patchListingsItem: set an FBM SKU's quantity (``merge`` on fulfillment_availability).

``merge`` updates the quantity without resending restock date or handling time (reference/spapi.md §1.5).
The library URL-encodes the SKU in the path (``quote(safe="")``) and does not join lists, so marketplace
ids are sent as one comma-separated string. A submission Amazon answers ``INVALID`` raises ``AmazonRejected``
with the first error issue's code: a stock update is never silently dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from .errors import AmazonRejected, AmazonUnavailable
from .library import ListingsApi
from .session import AccountSession

FULFILLMENT_AVAILABILITY = "/attributes/fulfillment_availability"


@dataclass(frozen=True)
class ListingIssue:
    code: str | None
    severity: str
    message: str
    attribute_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class ListingSubmission:
    sku: str
    status: str
    submission_id: str | None
    issues: tuple[ListingIssue, ...]


def quantity_patch(quantity: int, *, product_type: str = "PRODUCT") -> dict[str, Any]:
    if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 0:
        raise ValueError(f"quantity must be a non-negative integer, not {quantity!r}")
    return {"productType": product_type, "patches": [{
        "op": "merge", "path": FULFILLMENT_AVAILABILITY,
        "value": [{"fulfillment_channel_code": "DEFAULT", "quantity": quantity}],
    }]}


def listing_issues(raw: Any) -> tuple[ListingIssue, ...]:
    return tuple(ListingIssue(code=i.get("code"), severity=i.get("severity") or "ERROR", message=i.get("message") or "",
                              attribute_names=tuple(i.get("attributeNames") or ()))
                 for i in raw or () if isinstance(i, dict))


class ListingsSection:
    def __init__(self, session: AccountSession) -> None:
        self._session = session

    def set_quantity(self, sku: str, quantity: int, *, marketplace_ids: Sequence[str] | None = None,
                     product_type: str = "PRODUCT") -> ListingSubmission:
        """Set the quantity available to sell of ``sku`` (absolute) in the account's marketplaces."""
        api = self._session.api(ListingsApi)
        body = quantity_patch(quantity, product_type=product_type)
        ids = ",".join(marketplace_ids or self._session.marketplace_ids)
        response = self._session.call("patchListingsItem", lambda: api.patch_listings_item(
            sellerId=self._session.account.seller_id, sku=sku, marketplaceIds=ids, body=body, includedData="issues"))
        return self._submission(sku, response.payload)

    def _submission(self, sku: str, payload: Any) -> ListingSubmission:
        if not isinstance(payload, dict) or "status" not in payload:
            raise AmazonUnavailable("Amazon patchListingsItem answered without a status", code="UnexpectedResponse",
                                    status=200, operation="patchListingsItem")
        submission = ListingSubmission(sku=payload.get("sku") or sku, status=payload["status"],
                                       submission_id=payload.get("submissionId"),
                                       issues=listing_issues(payload.get("issues")))
        if submission.status == "INVALID":
            errors = [i for i in submission.issues if i.severity == "ERROR"] or list(submission.issues)
            first = errors[0] if errors else ListingIssue(None, "ERROR", "no issue given")
            raise AmazonRejected(f"Amazon patchListingsItem for account {self._session.account.name} rejected SKU "
                                 f"{sku}: {first.message}", code=first.code or "INVALID", status=200,
                                 operation="patchListingsItem")
        return submission
