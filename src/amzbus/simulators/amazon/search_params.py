"""searchOrders' query parameters, validated as Amazon does, into a ``SearchQuery``.

Exactly one of ``createdAfter`` / ``lastUpdatedAfter``; the two families cannot be mixed; an upper bound
must not be before the lower one and must be at least 2 minutes before now (Amazon's message, verbatim).
Unknown parameters (python-amazon-sp-api adds ``MarketplaceId``, ``marketplace_ids``...) are ignored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from .call import Call
from .clock import parse_iso
from .orders_model import STATUSES
from .orders_view import INCLUDED_DATA
from .responses import invalid_input

FRESHNESS = timedelta(minutes=2)
TWO_MINUTE_MESSAGE = (
    "The input you have submitted is not valid. Note that the error may be due to a systematic delay in data "
    "retrieval. The most updated data is 2 minutes after an order is created or last updated. If you set the "
    "CreatedBefore or LastUpdatedBefore parameters, please provide a date that is at least 2 minutes before "
    "current time and try again.")
FILTER_PARAMS = ("createdAfter", "createdBefore", "lastUpdatedAfter", "lastUpdatedBefore", "fulfillmentStatuses",
                 "marketplaceIds", "fulfilledBy", "includedData")


@dataclass(frozen=True)
class SearchQuery:
    by: str  # "createdTime" or "lastUpdatedTime"
    after: datetime
    before: datetime | None
    statuses: frozenset[str]
    marketplace_ids: frozenset[str]
    fulfilled_by: frozenset[str]
    included: frozenset[str]
    page_size: int


def signature(call: Call) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The filter parameters as sent: a next page must repeat them identically (all but the page size)."""
    return tuple((name, tuple(call.list_param(name))) for name in FILTER_PARAMS)


def page_size(call: Call) -> int:
    raw = call.param("maxResultsPerPage")
    if raw is None:
        return 100
    if not raw.isdigit() or not 1 <= int(raw) <= 100:
        raise invalid_input(f"maxResultsPerPage must be an integer between 1 and 100, not {raw!r}.")
    return int(raw)


def parse_search(call: Call, *, freshness: timedelta) -> SearchQuery:
    by, after, before = _time_window(call, freshness)
    return SearchQuery(
        by=by, after=after, before=before,
        statuses=_enum_list(call, "fulfillmentStatuses", STATUSES),
        marketplace_ids=_marketplaces(call),
        fulfilled_by=_enum_list(call, "fulfilledBy", ("MERCHANT", "AMAZON")),
        included=_enum_list(call, "includedData", INCLUDED_DATA),
        page_size=page_size(call),
    )


def _time_window(call: Call, freshness: timedelta) -> tuple[str, datetime, datetime | None]:
    created_after, last_updated_after = call.param("createdAfter"), call.param("lastUpdatedAfter")
    if (created_after is None) == (last_updated_after is None):
        raise invalid_input("Exactly one of createdAfter and lastUpdatedAfter must be provided.")
    prefix = "created" if created_after is not None else "lastUpdated"
    other = "lastUpdated" if prefix == "created" else "created"
    for name in (f"{other}After", f"{other}Before"):
        if call.param(name) is not None:
            raise invalid_input(f"{name} cannot be combined with {prefix}After.")
    after = _timestamp(call, f"{prefix}After")
    before = _timestamp(call, f"{prefix}Before") if call.param(f"{prefix}Before") is not None else None
    if before is not None and before < after:
        raise invalid_input(f"{prefix}Before must be equal to or after {prefix}After.")
    if before is not None and before > call.now - freshness:
        raise invalid_input(TWO_MINUTE_MESSAGE)
    return ("createdTime" if prefix == "created" else "lastUpdatedTime"), after, before


def _timestamp(call: Call, name: str) -> datetime:
    value = parse_iso(call.param(name))
    if value is None:
        raise invalid_input(f"{name} is not a valid ISO 8601 date-time: {call.param(name)!r}.")
    return value


def _enum_list(call: Call, name: str, allowed: tuple[str, ...]) -> frozenset[str]:
    values = call.list_param(name)
    wrong = [v for v in values if v not in allowed]
    if wrong:
        raise invalid_input(f"{name} has invalid values {wrong}; allowed: {', '.join(allowed)}.")
    return frozenset(values)


def _marketplaces(call: Call) -> frozenset[str]:
    ids = call.list_param("marketplaceIds")
    if len(ids) > 50:
        raise invalid_input("marketplaceIds accepts at most 50 values.")
    for marketplace_id in ids:
        found = call.account.sells_in(marketplace_id)
        if found is None or found.marketplace_id != marketplace_id:
            raise invalid_input(f"Invalid marketplaceId {marketplace_id!r}: the seller does not sell there.")
    return frozenset(m.marketplace_id for m in call.account.marketplaces) if not ids else frozenset(ids)
