"""Consumers that apply Amazon events to Odoo (queue ``to_odoo``)."""

from __future__ import annotations


def register(bus, runtime) -> None:
    """Subscribe apply_order_placed and apply_order_cancelled (they land with the orders flow)."""
