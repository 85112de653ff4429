"""Consumers: small actors that apply canonical events to the other side.

``register(bus, runtime)`` subscribes every consumer of this package; each module's handlers get
their dependencies (Odoo client, offer table, locks, settings) from the runtime built at the entry
point.
"""

from __future__ import annotations

import structlog

log = structlog.get_logger(__name__)


def register(bus, runtime) -> None:
    """Subscribe the bus's own consumers: those that apply events to Odoo when Odoo is configured
    (without them, publishing an order event fails at the producer, visibly, instead of every
    message failing in the worker)."""
    from . import to_amazon, to_odoo

    if runtime.settings.accounts:
        to_amazon.register(bus, runtime)
    if runtime.settings.odoo is None:
        log.warning("consumers_not_started", queue="to_odoo", reason=f"no [odoo] section in {runtime.settings.source}")
        return
    to_odoo.register(bus, runtime)
