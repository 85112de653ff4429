"""Odoo carriers -> Amazon's ``carrierCode`` (confirmShipment), else ``Other`` with the ``carrierName``.

``AMAZON_CARRIER_CODES`` is the carrier code list Amazon publishes for shipment confirmations (the
``CarrierCode`` values of its feeds' base schema, still the values confirmShipment accepts); the
``packageDetail.carrierCode`` of the Orders v0 model is a free string that refers to that list. A carrier
Amazon does not know is sent as ``carrierCode: Other`` with ``carrierName`` (which the model requires then).

The lookup: the account's table (``[accounts.carriers]``, Odoo carrier name -> code), then the defaults
below, then the Odoo name itself when it is one of Amazon's codes; every comparison ignores case and spaces
at the ends.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

OTHER = "Other"
AMAZON_CARRIER_CODES = (
    "Amazon Shipping", "Aramex", "Asendia", "Australia Post", "Blue Package", "BlueDart", "BRT", "Canada Post",
    "Chronopost", "Colis Prive", "Colissimo", "Correios", "Correos", "Delhivery", "Deutsche Post", "DHL",
    "DHL eCommerce", "DHL Global Mail", "DHL Kargo", "DPD", "DTDC", "Estes", "FedEx", "FedEx SmartPost",
    "First Flight", "GLS", "GO!", "Hermes", "Hermes Logistik Gruppe", "India Post", "Japan Post", "La Poste",
    "Lasership", "MRW", "Nacex", "Newgistics", "OnTrac", "OSM", "Parcelforce", "Poste Italiane", "Purolator",
    "Royal Mail", "SagawaExpress", "SDA", "Seur", "Streamlite", "TNT", "UPS", "UPS Mail Innovations", "UPSMI",
    "USPS", "YamatoTransport", "Yodel", OTHER,
)
DEFAULT_CARRIER_TABLE: Mapping[str, str] = {
    "DHL Express": "DHL", "DHL Parcel": "DHL", "DHL Paket": "DHL", "UPS Standard": "UPS", "UPS Express": "UPS",
    "FedEx International": "FedEx", "FedEx Ground": "FedEx", "Federal Express": "FedEx",
    "United States Postal Service": "USPS", "Bpost": OTHER, "Colissimo Expert": "Colissimo",
}
_KNOWN = {code.casefold(): code for code in AMAZON_CARRIER_CODES}


@dataclass(frozen=True)
class AmazonCarrier:
    code: str
    name: str | None  # the carrier's name, sent with it (required by Amazon when the code is Other)


def amazon_carrier(odoo_carrier: str, table: Mapping[str, str] = {}) -> AmazonCarrier:
    """The code Amazon knows for an Odoo carrier name (``table``: the account's own mapping first)."""
    name = odoo_carrier.strip()
    for mapping in (table, DEFAULT_CARRIER_TABLE):
        for odoo_name, code in mapping.items():
            if odoo_name.strip().casefold() == name.casefold():
                return AmazonCarrier(code, name)
    known = _KNOWN.get(name.casefold())
    return AmazonCarrier(known, name) if known else AmazonCarrier(OTHER, name)


def unknown_codes(table: Mapping[str, str]) -> list[str]:
    """The codes of a carrier table that are not in Amazon's list (for ``config check``)."""
    return sorted({code for code in table.values() if code.casefold() not in _KNOWN})
