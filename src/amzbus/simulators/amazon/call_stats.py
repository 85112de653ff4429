"""Counts of calls per operation: how many, how many throttled (429), how many faults injected, by status;
and, per seller, the searchOrders pages served and the orders served more than once (pages read again)."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any


class CallStats:
    def __init__(self) -> None:
        self._calls: Counter[str] = Counter()
        self._throttled: Counter[str] = Counter()
        self._faults: Counter[str] = Counter()
        self._statuses: dict[str, Counter[int]] = defaultdict(Counter)
        self._by_seller: Counter[tuple[str, str]] = Counter()
        self._pages: Counter[str] = Counter()
        self._served: Counter[tuple[str, str]] = Counter()

    def record(self, operation: str, *, seller_id: str | None, status: int) -> None:
        self._calls[operation] += 1
        self._statuses[operation][status] += 1
        if status == 429:
            self._throttled[operation] += 1
        if seller_id:
            self._by_seller[(seller_id, operation)] += 1

    def record_search_page(self, seller_id: str, order_ids) -> None:
        self._pages[seller_id] += 1
        for order_id in order_ids:
            self._served[(seller_id, order_id)] += 1

    def record_fault(self, operation: str) -> None:
        self._faults[operation] += 1

    def calls(self, operation: str) -> int:
        return self._calls[operation]

    def throttled(self, operation: str) -> int:
        return self._throttled[operation]

    def snapshot(self) -> dict[str, Any]:
        operations = {
            operation: {
                "calls": self._calls[operation],
                "throttled": self._throttled[operation],
                "faults": self._faults[operation],
                "statuses": {str(code): n for code, n in sorted(self._statuses[operation].items())},
            }
            for operation in sorted(self._calls)
        }
        by_seller: dict[str, dict[str, int]] = defaultdict(dict)
        for (seller_id, operation), count in sorted(self._by_seller.items()):
            by_seller[seller_id][operation] = count
        pages = {seller: {"pages": n, "orders_served": sum(1 for (s, _) in self._served if s == seller),
                          "orders_served_again": sum(c - 1 for (s, _), c in self._served.items() if s == seller)}
                 for seller, n in sorted(self._pages.items())}
        return {"operations": operations, "by_seller": dict(by_seller), "search_pages": pages}
