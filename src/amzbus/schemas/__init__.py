"""Canonical events: the only thing that crosses the bus."""

from .envelope import SCHEMA_VERSION, Envelope, Event, decode, encode, envelop
from .errors import InvalidEventError
from .money import Money
from .orders import Address, Buyer, OrderCancelled, OrderItem, OrderPlaced, Package
from .shipments import ShipmentConfirmed, ShippedItem
from .stock import FbaInventoryReported, StockChanged

__all__ = [
    "SCHEMA_VERSION", "Envelope", "Event", "decode", "encode", "envelop", "InvalidEventError", "Money",
    "Address", "Buyer", "OrderCancelled", "OrderItem", "OrderPlaced", "Package", "ShipmentConfirmed", "ShippedItem",
    "FbaInventoryReported", "StockChanged",
]
