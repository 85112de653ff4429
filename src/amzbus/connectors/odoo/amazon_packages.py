"""The packages Amazon reports for an FBM order shipped outside Odoo, kept on the delivery validated at once.

Their tracking numbers go to ``carrier_tracking_ref`` (several joined by commas, as Odoo itself joins them),
the carrier to ``carrier_id`` when a shipping method of that name exists, and every package (carrier,
tracking number, ship time, service) to the delivery's chatter, so nothing Amazon said is dropped.
"""

from __future__ import annotations

from datetime import timezone
from typing import Any, Iterable

from amzbus.schemas import Package

from . import references
from .client import OdooClient


def tracking_ref(packages: Iterable[Package]) -> str | None:
    numbers = list(dict.fromkeys(p.tracking_number.strip() for p in packages if p.tracking_number
                                 and p.tracking_number.strip()))
    return ",".join(numbers) or None


def picking_values(client: OdooClient, packages: tuple[Package, ...]) -> dict[str, Any]:
    """What the delivery's write gets: tracking reference and, when Odoo knows the (single) carrier, carrier."""
    values: dict[str, Any] = {}
    ref = tracking_ref(packages)
    if ref:
        values["carrier_tracking_ref"] = ref
    carriers = {p.carrier.strip() for p in packages if p.carrier and p.carrier.strip()}
    carrier = references.carrier_id(client, carriers.pop()) if len(carriers) == 1 else None
    if carrier:
        values["carrier_id"] = carrier
    return values


def packages_note(packages: tuple[Package, ...]) -> str:
    """``Amazon's packages: UPS 1Z999 shipped 2026-11-28 10:00 UTC (Standard); ...``."""
    return "Amazon's packages: " + "; ".join(_describe(p) for p in packages) + "."


def _describe(package: Package) -> str:
    text = f"{package.carrier or 'carrier unknown'} {package.tracking_number or '(no tracking number)'}"
    if package.ship_time:
        text += f" shipped {package.ship_time.astimezone(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}"
    return text + (f" ({package.shipping_service})" if package.shipping_service else "")
