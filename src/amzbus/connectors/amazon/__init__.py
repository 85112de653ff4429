"""Amazon SP-API side: the per-account client (python-amazon-sp-api underneath) and pure order mapping."""

from .client import AmazonClient, amazon_clients
from .errors import AmazonRejected, AmazonThrottled, AmazonUnavailable
from .order_mapping import OrderMappingError, order_envelope, order_to_event
from .preview import preview_order_events
from .shipments import ShipmentConfirmation

__all__ = [
    "AmazonClient", "amazon_clients", "AmazonRejected", "AmazonThrottled", "AmazonUnavailable",
    "OrderMappingError", "order_envelope", "order_to_event", "preview_order_events", "ShipmentConfirmation",
]
