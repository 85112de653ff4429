"""The buyer of an ``OrderPlaced`` event -> ``CustomerData`` (pure).

The contact's name is the buyer's, else the shipping address's (North-American FBA orders carry no buyer
name since 2024-02-19), else ``Amazon customer <marketplace>`` (e.g. ``Amazon customer Amazon.com``). The
shipping address becomes the delivery address; its first line is the street, the others ``street2``.
Business orders keep the buyer's company (``company_name`` on the contact).
Whitespace is normalised; empty strings count as missing.
"""

from __future__ import annotations

from amzbus.bus.marketplaces import Marketplace
from amzbus.schemas import Address, OrderPlaced

from .values import GENERIC_CUSTOMER_NAME, AddressData, CustomerData


def customer_of(event: OrderPlaced, marketplace: Marketplace | None) -> CustomerData:
    address = address_of(event.ship_to)
    generic = f"{GENERIC_CUSTOMER_NAME} {marketplace.name}" if marketplace else GENERIC_CUSTOMER_NAME
    name = _clean(event.buyer.name) or (address.name if address else None) or generic
    company = _clean(event.buyer.company_name) or (_clean(event.ship_to.company_name) if event.ship_to else None)
    return CustomerData(name=name, email=_clean(event.buyer.email), phone=address.phone if address else None,
                        address=address, company_name=company)


def address_of(ship_to: Address | None) -> AddressData | None:
    if ship_to is None:
        return None
    lines = [line for line in (_clean(text) for text in ship_to.address_lines) if line]
    return AddressData(name=_clean(ship_to.name), street=lines[0] if lines else None,
                       street2=", ".join(lines[1:]) or None, city=_clean(ship_to.city), zip=_clean(ship_to.postal_code),
                       state_code=_clean(ship_to.state_or_region), country_code=_clean(ship_to.country_code),
                       phone=_clean(ship_to.phone))


def _clean(text: str | None) -> str | None:
    return (" ".join(text.split()) or None) if text else None
