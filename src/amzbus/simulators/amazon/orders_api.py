"""Orders API v2026-01-01: ``searchOrders`` and ``getOrder``."""

from __future__ import annotations

import re

from werkzeug.wrappers import Response

from .call import Call
from .clock import iso
from .order_pages import OrderCursor
from .orders_model import Order
from .orders_view import INCLUDED_DATA, render_order
from .responses import invalid_input, json_response, not_found
from .search_params import SearchQuery, page_size, parse_search, signature

ORDER_ID = re.compile(r"^\d{3}-\d{7}-\d{7}$")


def search_orders(call: Call) -> Response:
    token = call.param("paginationToken")
    size = page_size(call)
    if token:
        cursor, offset, previous = _resume(call, token)
    else:
        cursor, offset, previous = _start(call), 0, None
    if call.faults.repeat_page and previous is not None:
        offset = previous
    ids = cursor.order_ids[offset: offset + size]
    body: dict = {"orders": [render_order(call.state.orders.get(i), cursor.included) for i in ids]}
    next_offset = offset + len(ids)
    if next_offset < len(cursor.order_ids):
        next_token = call.state.page_tokens.issue(cursor, offset=next_offset, previous_offset=offset, now=call.now)
        body["pagination"] = {"nextToken": next_token}
    if not call.faults.malformed:  # a page the client receives
        call.state.stats.record_search_page(call.account.seller_id, ids)
    body["lastUpdatedBefore" if cursor.by == "lastUpdatedTime" else "createdBefore"] = iso(cursor.bound)
    return json_response(body)


def seller_order(call: Call):
    """The order named in the path, if it is the calling seller's: Amazon's 400 for a malformed id, 404 otherwise."""
    order_id = call.path_args[0]
    if not ORDER_ID.match(order_id):
        raise invalid_input(f"Invalid orderId {order_id!r}: an Amazon order id has the 3-7-7 format.")
    order = call.state.orders.get(order_id)
    if order is None or order.seller_id != call.account.seller_id:
        raise not_found(f"Order {order_id} was not found.")
    return order


def get_order(call: Call) -> Response:
    order = seller_order(call)
    included = frozenset(v for v in call.list_param("includedData"))
    wrong = sorted(included - set(INCLUDED_DATA))
    if wrong:
        raise invalid_input(f"includedData has invalid values {wrong}; allowed: {', '.join(INCLUDED_DATA)}.")
    return json_response({"order": render_order(order, included)})


def _start(call: Call) -> OrderCursor:
    freshness = call.state.freshness()
    query = parse_search(call, freshness=freshness)
    bound = query.before or (call.now - freshness).replace(microsecond=0)
    orders = [o for o in call.state.orders.for_seller(call.account.seller_id) if _matches(o, query, bound)]
    orders.sort(key=lambda o: (_moment(o, query.by), o.order_id))
    return OrderCursor(call.account.seller_id, signature(call), query.by, bound, query.included,
                       tuple(o.order_id for o in orders))


def _resume(call: Call, token: str) -> tuple[OrderCursor, int, int | None]:
    page = call.state.page_tokens.resolve(token, call.now)
    if page is None or page.cursor.seller_id != call.account.seller_id:
        raise invalid_input("Invalid paginationToken: it is unknown or has expired (tokens last 24 hours).")
    if signature(call) != page.cursor.signature:
        raise invalid_input("Invalid request: when paginationToken is provided, all other parameters except "
                            "maxResultsPerPage must match the original request.")
    return page.cursor, page.offset, page.previous_offset


def _matches(order: Order, query: SearchQuery, bound) -> bool:
    return (order.marketplace.marketplace_id in query.marketplace_ids
            and (not query.statuses or order.status in query.statuses)
            and (not query.fulfilled_by or order.fulfilled_by in query.fulfilled_by)
            and query.after <= _moment(order, query.by) <= bound)


def _moment(order: Order, by: str):
    return order.created if by == "createdTime" else order.last_updated
