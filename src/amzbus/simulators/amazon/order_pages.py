"""searchOrders pagination: a snapshot of the matching order ids, served page by page with opaque tokens.

Each page gets its own token (valid 24 hours, as Amazon's); using a token again serves the same page
again, so a client can retry a failed page. The orders on a page are rendered as they are *now*.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

TOKEN_LIFETIME = timedelta(hours=24)


@dataclass(frozen=True)
class OrderCursor:
    seller_id: str
    signature: tuple
    by: str
    bound: datetime
    included: frozenset[str]
    order_ids: tuple[str, ...]


@dataclass(frozen=True)
class PageRef:
    cursor: OrderCursor
    offset: int
    previous_offset: int | None
    issued: datetime


class PageTokens:
    def __init__(self) -> None:
        self._pages: dict[str, PageRef] = {}

    def issue(self, cursor: OrderCursor, *, offset: int, previous_offset: int | None, now: datetime) -> str:
        self._forget_expired(now)
        token = secrets.token_urlsafe(32)
        self._pages[token] = PageRef(cursor, offset, previous_offset, now)
        return token

    def resolve(self, token: str, now: datetime) -> PageRef | None:
        page = self._pages.get(token)
        if page is None or now - page.issued > TOKEN_LIFETIME:
            return None
        return page

    def _forget_expired(self, now: datetime) -> None:
        expired = [t for t, page in self._pages.items() if now - page.issued > TOKEN_LIFETIME]
        for token in expired:
            del self._pages[token]
