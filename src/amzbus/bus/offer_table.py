"""The offer table: which Odoo product (by internal reference) an Amazon SKU of an account sells.

Stored in Redis (append-only persistence in a deployment) as one hash per account, so every worker
sees an operator's change at once; looked up through a small cache with a short lifetime.
"""

from __future__ import annotations

import csv
import io
import time
from dataclasses import dataclass
from threading import Lock

from .errors import BusError


@dataclass(frozen=True)
class Offer:
    account: str
    sku: str
    product_ref: str


class OfferTable:
    """Parameters:
      cache_seconds: how long a looked-up mapping is trusted before asking Redis again (default 30).
    """

    def __init__(self, redis, *, namespace: str, cache_seconds: float = 30.0) -> None:
        self._redis = redis
        self._namespace = namespace
        self._cache_seconds = cache_seconds
        self._cache: dict[tuple[str, str], tuple[float, str | None]] = {}
        self._lock = Lock()

    def _key(self, account: str) -> str:
        return f"{self._namespace}:offers:{account}"

    def set(self, offers: list[Offer]) -> int:
        pipe = self._redis.pipeline()
        for offer in offers:
            pipe.hset(self._key(offer.account), offer.sku, offer.product_ref)
        pipe.execute()
        with self._lock:
            self._cache.clear()
        return len(offers)

    def product_ref(self, account: str, sku: str) -> str | None:
        """The mapped internal reference, or None when the SKU has no offer."""
        now = time.monotonic()
        with self._lock:
            cached = self._cache.get((account, sku))
        if cached and now - cached[0] < self._cache_seconds:
            return cached[1]
        value = self._redis.hget(self._key(account), sku)
        ref = value.decode() if value is not None else None
        with self._lock:
            if len(self._cache) > 10_000:
                self._cache.clear()
            self._cache[(account, sku)] = (now, ref)
        return ref

    def list(self, account: str) -> list[Offer]:
        rows = self._redis.hgetall(self._key(account))
        return sorted((Offer(account, k.decode(), v.decode()) for k, v in rows.items()), key=lambda o: o.sku)


def parse_offers_csv(text: str, *, source: str, account: str | None, known_accounts: set[str]) -> list[Offer]:
    """Rows ``sku,product_ref`` (or ``account,sku,product_ref``), with a header; all valid or none."""
    reader = csv.DictReader(io.StringIO(text))
    columns = set(reader.fieldnames or ())
    if not {"sku", "product_ref"} <= columns:
        raise BusError(f"{source}: the header must name the columns sku and product_ref (and account, optionally)")
    offers = []
    for line, row in enumerate(reader, start=2):
        row_account = (row.get("account") or account or "").strip()
        sku, ref = (row.get("sku") or "").strip(), (row.get("product_ref") or "").strip()
        if not row_account:
            raise BusError(f"{source}: line {line}: no account (add an account column or pass --account)")
        if row_account not in known_accounts:
            raise BusError(f"{source}: line {line}: unknown account {row_account!r}")
        if not sku or not ref:
            raise BusError(f"{source}: line {line}: sku and product_ref must both be set")
        offers.append(Offer(row_account, sku, ref))
    return offers
