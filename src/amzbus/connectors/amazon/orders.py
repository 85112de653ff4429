"""Orders API v2026-01-01: searchOrders (every page, deduplicated) and getOrder.

The search's upper bound is never later than Amazon's now minus ``safety_margin`` (at least the 2 minutes
Amazon requires), Amazon's now being read from the last response's ``Date`` header (``ServerClock``).
Every page repeats the first request's parameters exactly, plus ``paginationToken``. Bounds are inclusive
and pages may repeat orders (reference/spapi.md §5.6-5.7): an order seen twice with the same
``lastUpdatedTime`` is yielded once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Iterator, Sequence

from .errors import AmazonUnavailable
from .library import OrdersApi
from .session import AccountSession, is_amazon_host

# What the order flow reads: status and gifts (FULFILLMENT), prices and taxes (PROCEEDS), promotion ids,
# cancellation reasons, buyer and ship-to address. Items are always included.
INCLUDED_DATA = ("BUYER", "RECIPIENT", "PROCEEDS", "PROMOTION", "CANCELLATION", "FULFILLMENT", "PACKAGES")
MINIMUM_MARGIN = timedelta(minutes=2)


def amazon_time(moment: datetime) -> str:
    """ISO 8601 in UTC to the second, as Amazon's examples write it (``2026-11-27T10:00:00Z``)."""
    if moment.tzinfo is None:
        raise ValueError(f"{moment!r} has no time zone")
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class OrdersPage:
    orders: tuple[dict[str, Any], ...]
    next_token: str | None


class OrderSearch:
    """One searchOrders query: iterate it for the orders of every page; ``window_end`` is its upper bound."""

    def __init__(self, session: AccountSession, api: OrdersApi, params: dict[str, Any], *,
                 bound_key: str, window_end: datetime | None, empty: bool = False) -> None:
        self._session, self._api, self._params, self._bound_key = session, api, params, bound_key
        self.window_end = window_end
        self.empty = empty
        self.pages_read = 0

    @property
    def params(self) -> dict[str, Any]:
        """The query sent with every page (without the pagination token)."""
        return dict(self._params)

    def pages(self, *, from_token: str | None = None) -> Iterator[OrdersPage]:
        """Every page, in order (none when the window is empty: its start is after Amazon's latest bound);
        ``from_token``: resume at the page of that ``nextToken`` (Amazon keeps it 24 hours)."""
        token = from_token
        while not self.empty:
            params = {**self._params, "paginationToken": token} if token else dict(self._params)
            response = self._session.call("searchOrders", lambda: self._api.search_orders(**params))
            page = self._page(response.payload, response.next_token)
            self.pages_read += 1
            yield page
            if not page.next_token:
                return
            token = page.next_token

    def __iter__(self) -> Iterator[dict[str, Any]]:
        seen: set[tuple[str, str]] = set()
        for page in self.pages():
            for order in page.orders:
                identity = (order.get("orderId"), order.get("lastUpdatedTime"))
                if identity not in seen:
                    seen.add(identity)
                    yield order

    def _page(self, payload: Any, next_token: str | None) -> OrdersPage:
        """One page; the library moves ``pagination`` out of the payload and reads its ``nextToken``."""
        orders = payload.get("orders") if isinstance(payload, dict) else None
        if not isinstance(orders, list):
            raise AmazonUnavailable("Amazon searchOrders answered without an orders list", code="UnexpectedResponse",
                                    status=200, operation="searchOrders")
        if self.window_end is None and isinstance(payload.get(self._bound_key), str):
            try:
                self.window_end = datetime.fromisoformat(payload[self._bound_key])
            except ValueError:
                pass
        return OrdersPage(orders=tuple(orders), next_token=next_token or None)


class OrdersSection:
    def __init__(self, session: AccountSession) -> None:
        self._session = session

    @property
    def _api(self) -> OrdersApi:
        return self._session.api(OrdersApi)

    def search(self, *, last_updated_after: datetime | None = None, created_after: datetime | None = None,
               until: datetime | None = None, marketplace_ids: Sequence[str] | None = None,
               fulfillment_statuses: Sequence[str] = (), max_results_per_page: int = 100,
               safety_margin: timedelta | None = None) -> OrderSearch:
        """Orders updated (or created) from ``*_after`` (inclusive) to the window's end.

        Exactly one of ``last_updated_after`` (the incremental poll) and ``created_after``. The upper bound
        is ``until`` capped at Amazon's now minus ``safety_margin`` (default: the account's
        ``freshness_margin_seconds``, 3 minutes unless configured; never under 2 against Amazon).
        ``marketplace_ids`` defaults to the account's. No searchOrders request is sent before iteration
        (logging in may be, to learn Amazon's time from the answer's ``Date``).
        """
        if (last_updated_after is None) == (created_after is None):
            raise ValueError("give exactly one of last_updated_after and created_after")
        after = last_updated_after or created_after
        family = "lastUpdated" if last_updated_after is not None else "created"
        params: dict[str, Any] = {
            f"{family}After": amazon_time(after),
            "marketplaceIds": list(marketplace_ids or self._session.marketplace_ids),
            "includedData": list(INCLUDED_DATA),
            "maxResultsPerPage": max_results_per_page,
        }
        if fulfillment_statuses:
            params["fulfillmentStatuses"] = list(fulfillment_statuses)
        bound = self.upper_bound(until=until, safety_margin=safety_margin)
        if bound is not None:
            bound = bound.replace(microsecond=0)
            params[f"{family}Before"] = amazon_time(bound)
        empty = bound is not None and bound < after
        return OrderSearch(self._session, self._api, params, bound_key=f"{family}Before",
                           window_end=after if empty else bound, empty=empty)

    def resume(self, params: dict[str, Any], *, window_end: datetime) -> OrderSearch:
        """The search whose query was ``params`` (``OrderSearch.params``), to be read on from a pagination token:
        Amazon requires every parameter but ``maxResultsPerPage`` and ``includedData`` to be the same."""
        bound_key = "lastUpdatedBefore" if "lastUpdatedAfter" in params else "createdBefore"
        return OrderSearch(self._session, self._api, dict(params), bound_key=bound_key, window_end=window_end)

    def upper_bound(self, *, until: datetime | None = None,
                    safety_margin: timedelta | None = None) -> datetime | None:
        """The latest upper bound Amazon accepts now (``until`` if earlier); ``None`` if Amazon's time is unknown.

        ``safety_margin`` defaults to the account's ``freshness_margin_seconds``.
        """
        if safety_margin is None:
            safety_margin = timedelta(seconds=self._session.account.freshness_margin_seconds)
        self._session.ensure_clock(self._api)
        server_now = self._session.clock.now()
        if server_now is None:
            return until
        # Amazon's 2-minute rule is a floor; a simulator running its time faster sets its own margin.
        floor = MINIMUM_MARGIN if is_amazon_host(self._session.account.api_endpoint) else timedelta(0)
        latest = server_now - max(safety_margin, floor)
        return min(until, latest) if until is not None else latest

    def get_order(self, order_id: str) -> dict[str, Any]:
        """One order with everything the order flow needs (``INCLUDED_DATA``)."""
        response = self._session.call(
            "getOrder", lambda: self._api.get_order(order_id, includedData=list(INCLUDED_DATA)))
        order = response.payload.get("order") if isinstance(response.payload, dict) else None
        if not isinstance(order, dict):
            raise AmazonUnavailable(f"Amazon getOrder answered without an order for {order_id}",
                                    code="UnexpectedResponse", status=200, operation="getOrder")
        return order
