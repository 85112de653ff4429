"""Worker threads hand their messages to a short shared batch, and each gets back its own message's outcome.

Dramatiq gives each worker thread one message. ``Batcher.submit(item)`` joins the batch being gathered, or
starts one: the thread that starts it (the leader) waits for the batch before it to be done (``at_work``: one
at a time by default, as a group commit does), then up to ``window_seconds`` more for other threads to join,
or less once ``max_size`` items are in, then applies the whole batch with ``apply_batch(items)`` and hands
each thread its own result. ``apply_batch`` returns one result per item, in order: a value, or an exception,
which ``submit`` raises in that item's thread only. So every message is still acknowledged, retried or
dead-lettered on its own by the normal middleware; a batch is only a way of sharing Odoo calls.

While a batch is applied, the next one gathers (the threads that take new messages meanwhile). Nothing is held outside
the threads' own messages: a worker killed mid-batch leaves its messages unacknowledged, and they come back.
"""

from __future__ import annotations

import threading
import time
from typing import Any, Callable, Generic, Sequence, TypeVar

Item = TypeVar("Item")

MAX_SIZE = 20
WINDOW_SECONDS = 0.05
AT_WORK = 1


class _Entry(Generic[Item]):
    __slots__ = ("item", "done", "result")

    def __init__(self, item: Item) -> None:
        self.item, self.done, self.result = item, threading.Event(), None


class Batcher(Generic[Item]):
    """Options: ``max_size`` (20: items per batch), ``window_seconds`` (0.05: how long a batch waits for more
    once it may start; never when it is full), ``at_work`` (1: batches applied at the same time; the next one
    gathers until one of them is done, so batches grow with the load)."""

    def __init__(self, apply_batch: Callable[[Sequence[Item]], Sequence[Any]], *, max_size: int = MAX_SIZE,
                 window_seconds: float = WINDOW_SECONDS, at_work: int = AT_WORK) -> None:
        if max_size < 1 or at_work < 1:
            raise ValueError("max_size and at_work must be at least 1")
        self._apply, self._max_size, self._window = apply_batch, max_size, window_seconds
        self._at_work = threading.BoundedSemaphore(at_work)
        self._gathering: list[_Entry] | None = None
        self._full = threading.Condition()

    @property
    def gathering(self) -> int:
        """Items gathered so far for the batch not yet closed."""
        with self._full:
            return len(self._gathering or [])

    def submit(self, item: Item) -> Any:
        entry = _Entry(item)
        with self._full:
            batch = self._gathering
            leader = batch is None or len(batch) >= self._max_size
            if leader:
                batch = self._gathering = [entry]
            else:
                batch.append(entry)
                if len(batch) >= self._max_size:
                    self._full.notify_all()
        if leader:
            self._lead(batch)
        entry.done.wait()
        if isinstance(entry.result, BaseException):
            raise entry.result
        return entry.result

    def _lead(self, batch: list[_Entry]) -> None:
        with self._at_work:  # meanwhile the batch keeps gathering the threads that free up
            deadline = time.monotonic() + self._window
            with self._full:
                while len(batch) < self._max_size and (left := deadline - time.monotonic()) > 0:
                    self._full.wait(left)
                if self._gathering is batch:
                    self._gathering = None  # closed: the next thread starts the next batch
            self._run(batch)

    def _run(self, batch: list[_Entry]) -> None:
        try:
            results = list(self._apply([entry.item for entry in batch]))
            if len(results) != len(batch):
                raise RuntimeError(f"apply_batch returned {len(results)} results for {len(batch)} items")
        except BaseException as error:  # noqa: BLE001 (each thread gets the failure of its own message)
            results = [error] * len(batch)
        for entry, result in zip(batch, results):
            entry.result = result
            entry.done.set()
