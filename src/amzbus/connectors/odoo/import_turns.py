"""What the imports of one process do in turn when several run at the same time (batches at once, and orders
applied one by one beside them).

- ``customers``: finding or creating the customers. Each ``create`` is committed when its call returns, so an
  import that looks after another has created a customer finds it; looking at the same time, both would create it.
- ``confirmations``: ``action_confirm``. Two confirmations reserving the same products' stock at once make Odoo
  retry one of them from the start after a pause of one to several seconds (PostgreSQL's serialization failure
  on ``stock.quant``).
- ``deliveries``: a delivery at once (quantities set from a location, ``button_validate``). Two of them from
  the same location (two batches' FBA orders of the same products) reserve and move the same quants: the same
  failure and retry. A confirmation reserves in the warehouse, not at the FBA location: it does not wait for
  a delivery, so the two batches still overlap there.

Other processes are not held by these: each worker process has its own.
"""

from __future__ import annotations

import threading
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass


@dataclass(frozen=True)
class ImportTurns:
    customers: AbstractContextManager = nullcontext()
    confirmations: AbstractContextManager = nullcontext()
    deliveries: AbstractContextManager = nullcontext()

    @classmethod
    def between_threads(cls) -> ImportTurns:
        """One lock each, for the threads of one process."""
        return cls(customers=threading.Lock(), confirmations=threading.Lock(), deliveries=threading.Lock())
