"""The Odoo connector: ``OdooClient`` (JSON-RPC for Odoo 17-18, JSON-2 for 19+) and the domain operations,
one module per concern: ``partners``, ``products``, ``orders``, ``deliveries``, ``shipments``, ``stock``,
``chatter``. Operations take plain values (``values``) and name the Odoo fields they write."""

from .client import OdooClient
from .errors import OdooAuthenticationError, OdooPermanentError, OdooRetryableError
from .values import (AddressData, CancelOutcome, CustomerData, DeliveredLine, DeliveryCursor, LineKind,
                     SaleLineDraft, SaleOrderDraft, SaleOrderRef, ValidatedDelivery, ValidationOutcome, Warehouse)

__all__ = [
    "OdooClient", "OdooAuthenticationError", "OdooPermanentError", "OdooRetryableError",
    "AddressData", "CancelOutcome", "CustomerData", "DeliveredLine", "DeliveryCursor", "LineKind", "SaleLineDraft",
    "SaleOrderDraft", "SaleOrderRef", "ValidatedDelivery", "ValidationOutcome", "Warehouse",
]
