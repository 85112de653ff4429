"""The Odoo shipments stream: validated deliveries of an account's FBM orders -> ``ShipmentConfirmed``.

One poll per account under a per-account lock. It reads the outgoing deliveries validated in Odoo
(``state = done``) by ``(write_date, id)`` from the stored cursor moved back by an overlap window (rows
committed late by a long transaction are read again; repeats collapse onto the event id, the picking id),
and publishes one event per delivery; the cursor moves by compare-and-set once every page is published.

Kept out: deliveries from an FBA location (Amazon ships those; they are not even read), deliveries of sale
orders that are no FBM order of this account (other accounts, not from Amazon), and those the bus validated
itself (orders first seen shipped on Amazon). A delivery that
cannot be confirmed yet (no tracking number, no carrier) is a warning in ``amzbus status`` naming it; when
it is written again in Odoo it is read again, and confirmed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Callable

import structlog

from ..bus.cursors import Cursors
from ..bus.fbm_orders import FbmOrders
from ..bus.locks import Locks
from ..bus.poll_lock import poll_lock
from ..bus.settings import AccountSettings
from ..bus.shipment_state import ConfirmedPackages, DeliveryWarnings
from ..bus.stream_health import StreamHealth
from ..connectors.odoo.shipments import read_validated_deliveries
from ..connectors.odoo.stock import fba_location_ids
from ..connectors.odoo.values import DeliveryCursor, ValidatedDelivery
from ..schemas import Envelope, envelop
from .shipment_mapping import ODOO_DATETIME, NotConfirmable, delivery_to_event

log = structlog.get_logger(__name__)


def stream_name(account: str) -> str:
    return f"odoo:{account}:shipments"


@dataclass
class ShipmentsPollResult:
    account: str
    deliveries_seen: int = 0
    events_published: int = 0
    not_confirmable: list[str] = field(default_factory=list)
    skipped: str | None = None


class OdooShipmentsProducer:
    """Options (keyword-only): ``overlap`` (default the account's ``poll_overlap_seconds``), ``initial_lookback``
    (where the first poll starts, default 1 day back), ``page_size`` (100), ``lock_seconds`` (30, renewed per page)."""

    def __init__(self, *, odoo, account: AccountSettings, publish: Callable[[Envelope], Any], cursors: Cursors,
                 locks: Locks, health: StreamHealth, fbm_orders: FbmOrders, confirmed: ConfirmedPackages,
                 warnings: DeliveryWarnings, overlap: timedelta | None = None,
                 initial_lookback: timedelta = timedelta(days=1), page_size: int = 100,
                 lock_seconds: float = 30.0) -> None:
        self.odoo, self.account = odoo, account
        self._publish, self._cursors, self._locks, self._health = publish, cursors, locks, health
        self._fbm_orders, self._confirmed, self._warnings = fbm_orders, confirmed, warnings
        self._overlap = overlap if overlap is not None else timedelta(seconds=account.poll_overlap_seconds)
        self._initial_lookback, self._page_size, self._lock_seconds = initial_lookback, page_size, lock_seconds

    @property
    def stream(self) -> str:
        return stream_name(self.account.name)

    def poll(self) -> ShipmentsPollResult:
        with poll_lock(self._locks, self.stream, seconds=self._lock_seconds) as renew:
            if renew is None:
                return ShipmentsPollResult(self.account.name, skipped="another poll of this account is running")
            try:
                stored = self._cursors.get(self.stream)
                result, end = self._run(self.window_start(stored), renew=renew)
                if end is not None:
                    self._cursors.compare_and_set(self.stream, stored, f"{end.write_date}|{end.id}")
                self._health.succeeded(self.stream, cursor=_as_time(end.write_date) if end else None)
            except Exception as error:
                self._health.failed(self.stream, error)
                raise
        log.info("shipments_polled", account=self.account.name, deliveries=result.deliveries_seen,
                 events=result.events_published, not_confirmable=len(result.not_confirmable))
        return result

    def window_start(self, stored: str | None) -> DeliveryCursor:
        """The stored cursor moved back by the overlap (the first poll: the initial lookback)."""
        if stored is None:
            start = datetime.now(timezone.utc) - self._initial_lookback
        else:
            start = _as_time(stored.split("|", 1)[0]) - self._overlap
        return DeliveryCursor(start.strftime(ODOO_DATETIME), 0)

    def _run(self, start: DeliveryCursor, *, renew) -> tuple[ShipmentsPollResult, DeliveryCursor | None]:
        result, cursor, moved = ShipmentsPollResult(self.account.name), start, None
        excluded = fba_location_ids(self.odoo)  # Amazon ships those: not read at all, rather than read and left
        while True:
            batch = read_validated_deliveries(self.odoo, since=cursor, limit=self._page_size,
                                              exclude_location_ids=excluded)
            if not batch.deliveries:
                return result, moved
            for delivery in batch.deliveries:
                self._consider(delivery, result)
            cursor = moved = batch.cursor
            renew()

    def _consider(self, delivery: ValidatedDelivery, result: ShipmentsPollResult) -> None:
        account = self.account.name
        order = self._fbm_orders.get(delivery.amazon_order_id) if delivery.amazon_order_id else None
        if order is None or order.account != account:
            return
        result.deliveries_seen += 1
        if self._fbm_orders.validated_by_bus(account, delivery.picking_id) or \
                self._confirmed.is_confirmed(account, delivery.picking_id):
            self._warnings.clear(account, delivery.picking_id)
            return
        try:
            event = delivery_to_event(delivery, order, carrier_table=self.account.carrier_table)
        except NotConfirmable as reason:
            log.warning("delivery_not_confirmable", account=account, delivery=delivery.name,
                        amazon_order_id=order.amazon_order_id, reason=str(reason))
            self._warnings.record(account, delivery.picking_id, delivery=delivery.name,
                                  amazon_order_id=order.amazon_order_id, reason=str(reason))
            result.not_confirmable.append(delivery.name)
            return
        self._publish(envelop(event, account=account, marketplace_id=order.marketplace_id))
        self._warnings.clear(account, delivery.picking_id)
        result.events_published += 1


def _as_time(odoo_datetime: str) -> datetime:
    return datetime.strptime(odoo_datetime[:19], ODOO_DATETIME).replace(tzinfo=timezone.utc)
