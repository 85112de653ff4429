"""Consumers: small actors that apply canonical events to the other side.

``register(bus, settings)`` subscribes every consumer of this package; the orders, shipments and
stock flows add theirs here as they land.
"""

from __future__ import annotations


def register(bus, settings) -> None:
    """Subscribe the bus's own consumers (none yet: the flows that add them are separate issues)."""
