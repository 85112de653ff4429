"""FBM stock state in Redis: versions that only grow, and per SKU what Amazon should show versus what it has.

- ``StockVersions`` (producer side): ``next(account)`` is a counter that only grows (one per read of Odoo's
  stock); ``published`` remembers the last quantity published per SKU, so an unchanged one is not sent again.
- ``StockLedger`` (consumer side): ``want`` records a SKU's quantity unless a newer (or equal) version is
  already wanted or applied; ``settle`` records a version as done (applied, or dead-lettered) without ever
  moving backwards (``reopen``: a refused version, replayed, is pending again); ``pending`` lists the SKUs whose newest wanted version is not settled. So whatever order
  the events arrive in, only the newest quantity of a SKU is pushed, and an older one never follows it.
"""

from __future__ import annotations

import time

_WANT = """
local wanted = redis.call('HGET', KEYS[1], ARGV[1])
if wanted and tonumber(string.match(wanted, '^(%d+):')) >= tonumber(ARGV[2]) then return 0 end
local applied = redis.call('HGET', KEYS[2], ARGV[1])
if applied and tonumber(applied) >= tonumber(ARGV[2]) then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. ':' .. ARGV[3])
redis.call('SADD', KEYS[3], ARGV[1])
return 1
"""
_SETTLE = """
local applied = redis.call('HGET', KEYS[2], ARGV[1])
if not applied or tonumber(applied) < tonumber(ARGV[2]) then redis.call('HSET', KEYS[2], ARGV[1], ARGV[2]) end
local wanted = redis.call('HGET', KEYS[1], ARGV[1])
if not wanted or tonumber(string.match(wanted, '^(%d+):')) <= tonumber(ARGV[2]) then
  redis.call('SREM', KEYS[3], ARGV[1])
end
return 1
"""
_REOPEN = """
local wanted = redis.call('HGET', KEYS[1], ARGV[1])
local applied = redis.call('HGET', KEYS[2], ARGV[1])
if not wanted or not applied or tonumber(applied) ~= tonumber(ARGV[2]) then return 0 end
if tonumber(string.match(wanted, '^(%d+):')) ~= tonumber(ARGV[2]) then return 0 end
redis.call('HSET', KEYS[2], ARGV[1], tonumber(ARGV[2]) - 1)
redis.call('SADD', KEYS[3], ARGV[1])
return 1
"""


class StockVersions:
    def __init__(self, redis, *, namespace: str) -> None:
        self._redis, self._namespace = redis, namespace

    def next(self, account: str) -> int:
        return int(self._redis.incr(f"{self._namespace}:stock_version:{account}"))

    def published(self, account: str) -> dict[str, int]:
        return {k.decode(): int(v) for k, v in self._redis.hgetall(self._published_key(account)).items()}

    def record_published(self, account: str, quantities: dict[str, int]) -> None:
        if quantities:
            self._redis.hset(self._published_key(account), mapping=quantities)

    def _published_key(self, account: str) -> str:
        return f"{self._namespace}:stock_published:{account}"


class StockLedger:
    def __init__(self, redis, *, namespace: str) -> None:
        self._redis, self._namespace = redis, namespace
        self._want, self._settle = redis.register_script(_WANT), redis.register_script(_SETTLE)
        self._reopen = redis.register_script(_REOPEN)

    def _keys(self, account: str) -> list[str]:
        return [f"{self._namespace}:stock_{name}:{account}" for name in ("wanted", "applied", "pending")]

    def want(self, account: str, sku: str, version: int, quantity: int) -> bool:
        """Record the quantity to show; False when a newer or equal version is already known."""
        return bool(self._want(keys=self._keys(account), args=[sku, version, quantity]))

    def settle(self, account: str, sku: str, version: int) -> None:
        self._settle(keys=self._keys(account), args=[sku, version])

    def reopen(self, account: str, sku: str, version: int) -> bool:
        """Make a refused version pending again (a replay); False when a newer version came meanwhile."""
        return bool(self._reopen(keys=self._keys(account), args=[sku, version]))

    def pending(self, account: str) -> dict[str, tuple[int, int]]:
        """SKU -> (version, quantity) of every SKU whose newest wanted quantity is not settled yet."""
        wanted_key, _, pending_key = self._keys(account)
        skus = sorted(member.decode() for member in self._redis.smembers(pending_key))
        if not skus:
            return {}
        values = self._redis.hmget(wanted_key, skus)
        result = {}
        for sku, value in zip(skus, values):
            if value is not None:
                version, quantity = value.decode().split(":")
                result[sku] = (int(version), int(quantity))
        return result

    def applied_version(self, account: str, sku: str) -> int | None:
        value = self._redis.hget(self._keys(account)[1], sku)
        return int(value) if value is not None else None


class FbaSkus:
    """The SKUs Amazon fulfils for an account (seen in its FBA inventory): their stock is Amazon's, so the FBM
    stock stream never pushes a quantity for them."""

    def __init__(self, redis, *, namespace: str) -> None:
        self._redis, self._namespace = redis, namespace

    def _key(self, account: str) -> str:
        return f"{self._namespace}:fba_skus:{account}"

    def add(self, account: str, skus) -> None:
        skus = list(skus)
        if skus:
            self._redis.sadd(self._key(account), *skus)

    def all(self, account: str) -> set[str]:
        return {member.decode() for member in self._redis.smembers(self._key(account))}


class FbaUnmapped:
    """FBA SKUs Amazon reported that the offer table does not map to an Odoo product: counted and shown in
    ``amzbus status``, never an error. A SKU mapped later is dropped from the list when its next report applies."""

    def __init__(self, redis, *, namespace: str) -> None:
        self._redis, self._namespace = redis, namespace

    def _key(self, account: str) -> str:
        return f"{self._namespace}:fba_unmapped:{account}"

    def record(self, account: str, sku: str) -> None:
        self._redis.hset(self._key(account), sku, int(time.time()))

    def clear(self, account: str, sku: str) -> None:
        self._redis.hdel(self._key(account), sku)

    def by_account(self) -> dict[str, list[str]]:
        prefix = self._key("")
        return {key.decode()[len(prefix):]: sorted(sku.decode() for sku in self._redis.hkeys(key))
                for key in self._redis.scan_iter(match=prefix + "*", count=500)}


class FbaRereads:
    """SKUs of FBA orders Odoo just delivered from the FBA location, to read again from Amazon.

    Amazon's fulfillable quantity already leaves out an order's units once it is placed, so an FBA order
    delivered in Odoo after the report that counted it takes them off a second time. Reading those SKUs again
    (as of the read, so over the earlier report) puts Amazon's quantity back. One set per account coalesces
    the requests of many orders into one getInventorySummaries call of up to 50 SKUs.
    """

    def __init__(self, redis, *, namespace: str) -> None:
        self._redis, self._namespace = redis, namespace

    def _key(self, account: str) -> str:
        return f"{self._namespace}:fba_reread:{account}"

    def request(self, account: str, skus) -> None:
        skus = list(skus)
        if skus:
            self._redis.sadd(self._key(account), *skus)

    def take(self, account: str, *, limit: int = 50) -> list[str]:
        return sorted(member.decode() for member in self._redis.spop(self._key(account), limit) or [])
