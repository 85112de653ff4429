"""Consumers: small actors that apply canonical events to the other side.

``register(bus, runtime)`` subscribes every consumer of this package; each module's handlers get
their dependencies (Odoo client, offer table, locks, settings) from the runtime built at the entry
point.
"""

from __future__ import annotations


def register(bus, runtime) -> None:
    """Subscribe the bus's own consumers."""
    from . import to_odoo

    to_odoo.register(bus, runtime)
