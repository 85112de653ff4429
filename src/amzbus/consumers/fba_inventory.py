"""``apply_fba_inventory``: Amazon's fulfillable FBA quantity of a SKU, mirrored on the account's FBA location.

The SKU's product comes from the offer table (internal reference). The quantity is set in inventory mode on
the account's FBA location (``WH/Amazon FBA/<fba_location>``, under the virtual "Amazon FBA" parent), under
the SKU's lock. Each SKU remembers the ``as_of`` (Amazon's lastUpdatedTime) it last applied: a report that
that is older changes nothing, so an older report never overwrites a newer one, in any order of arrival
(Amazon's times are to the second: one of the same second is applied, the quantity being absolute).
A SKU without an offer, or whose product is not in Odoo, is counted and shown (``FbaUnmapped``), never an
error: there is nothing to mirror it on.
"""

from __future__ import annotations

from datetime import datetime

import structlog

from ..bus.stock_state import FbaUnmapped
from ..connectors.odoo.products import products_by_code
from ..connectors.odoo.references import find_warehouse
from ..connectors.odoo.stock import ensure_fba_location, set_location_quantity
from ..schemas import Envelope

log = structlog.get_logger(__name__)


class FbaInventoryMirror:
    def __init__(self, *, odoo, offer_table, locks, settings, redis, namespace: str,
                 lock_timeout_seconds: float = 30.0, lock_wait_seconds: float = 5.0) -> None:
        self.odoo, self.offer_table, self.locks, self.settings = odoo, offer_table, locks, settings
        self.unmapped = FbaUnmapped(redis, namespace=namespace)
        self._redis, self._namespace = redis, namespace
        self._lock_timeout, self._lock_wait = lock_timeout_seconds, lock_wait_seconds

    def apply(self, envelope: Envelope, account) -> str:
        event = envelope.payload
        context = {"account": account.name, "sku": event.sku, "as_of": event.as_of.isoformat()}
        reference = self.offer_table.product_ref(account.name, event.sku)
        product_id = products_by_code(self.odoo, [reference]).get(reference) if reference else None
        if product_id is None:
            self.unmapped.record(account.name, event.sku)
            log.info("fba_inventory_unmapped", reason="no offer" if reference is None else "no product", **context)
            return "unmapped"
        with self.locks.hold(envelope.key, timeout=self._lock_timeout, wait=self._lock_wait):
            applied = self._applied(account.name, event.sku)
            if applied is not None and applied > event.as_of:
                log.info("fba_inventory_superseded", applied=applied.isoformat(), **context)
                return "superseded"
            location = ensure_fba_location(self.odoo, name=account.fba_location,
                                           warehouse=find_warehouse(self.odoo))  # as the FBA orders do
            set_location_quantity(self.odoo, product_id=product_id, location_id=location,
                                  quantity=event.fulfillable_quantity)
            self._redis.hset(self._key(account.name), event.sku, event.as_of.isoformat())
        self.unmapped.clear(account.name, event.sku)
        log.info("fba_inventory_applied", quantity=event.fulfillable_quantity, location_id=location, **context)
        return "applied"

    def _applied(self, account: str, sku: str) -> datetime | None:
        value = self._redis.hget(self._key(account), sku)
        return datetime.fromisoformat(value.decode()) if value is not None else None

    def _key(self, account: str) -> str:
        return f"{self._namespace}:fba_applied:{account}"
