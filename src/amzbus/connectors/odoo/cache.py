"""A small thread-safe cache, bounded in size (least recently used goes first) and in lifetime.

The client keeps one for reference data that changes rarely (countries, states, currencies,
pricelists, sales teams, warehouses, products by internal reference), so that the hot paths
spend their round trips on the records that matter.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Any, Callable, Hashable, TypeVar

T = TypeVar("T")
_MISSING = object()


class TtlCache:
    """``max_entries`` (default 4096) entries, each kept ``ttl_seconds`` (default 600 s)."""

    def __init__(self, *, max_entries: int = 4096, ttl_seconds: float = 600.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.max_entries, self.ttl_seconds = max_entries, ttl_seconds
        self._clock = clock
        self._entries: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: Hashable, default: Any = None) -> Any:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return default
            expires_at, value = entry
            if expires_at <= self._clock():
                del self._entries[key]
                return default
            self._entries.move_to_end(key)
            return value

    def put(self, key: Hashable, value: Any, *, ttl_seconds: float | None = None) -> None:
        lifetime = self.ttl_seconds if ttl_seconds is None else ttl_seconds
        with self._lock:
            self._entries[key] = (self._clock() + lifetime, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def get_or_load(self, key: Hashable, load: Callable[[], T]) -> T:
        """The cached value, or ``load()``'s, which is then cached (loads run outside the lock)."""
        value = self.get(key, _MISSING)
        if value is _MISSING:
            value = load()
            self.put(key, value)
        return value

    def discard(self, key: Hashable) -> None:
        with self._lock:
            self._entries.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
