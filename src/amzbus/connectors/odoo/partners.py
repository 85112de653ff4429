"""Customers: find or create the contact and its delivery address (a child partner of type delivery).

Existing partners are reused, never written, not even by Odoo's own address syncing (see ``_add_delivery``):
the contact is matched by e-mail (Odoo's normalized e-mail, as Odoo's own ``find_or_create`` matches, or the
e-mail exactly as the bus stored it), else by name + zip + country; its delivery address by name + street +
street2 + city + zip + state + country among its children. The search is built to stay cheap on a database of
many customers (``match_domain``). Missing ones are created: a new contact and its delivery address in one
``create`` (plus one ``read`` for the child's id); a new delivery address for a known contact in one ``create``
(and a ``write`` when the contact has no address). One ``search_read`` finds both. Unknown countries and states
are left out (a state is matched by code, with or without the country prefix, or by name:
``references.state_id``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from . import references
from .client import OdooClient
from .domains import all_of, any_of, equals_or_unset
from .email_addresses import normalized_email
from .field_values import declared, many2one_id
from .import_context import IMPORT_CONTEXT
from .values import AddressData, CustomerData

PARTNER_FIELDS = ("name", "email", "phone", "street", "street2", "city", "zip", "state_id", "country_id",
                  "type", "parent_id", "child_ids", "company_name")
MATCH_FIELDS = ("name", "email", "email_normalized", "street", "street2", "city", "zip", "state_id", "country_id",
                "parent_id", "type")
MATCH_LIMIT = 50
ADDRESS_FIELDS = ("street", "street2", "zip", "city", "state_id", "country_id")  # Odoo's, synced parent <-> child


@dataclass(frozen=True)
class CustomerRef:
    """The contact and its delivery address (the contact itself when the order has no address)."""

    partner_id: int
    delivery_id: int
    partner_created: bool = False
    delivery_created: bool = False


@dataclass(frozen=True)
class _Place:
    """An address with its country and state resolved to Odoo ids (None when unknown)."""

    address: AddressData
    country_id: int | None
    state_id: int | None


def find_or_create_customer(client: OdooClient, customer: CustomerData) -> CustomerRef:
    """The customer's contact and delivery address, created when missing; never overwrites a partner."""
    place = _resolve(client, customer.address) if customer.address else None
    rows = client.search_read("res.partner", match_domain([(customer, place)]), MATCH_FIELDS, limit=MATCH_LIMIT,
                              order="id")
    contact = _contact_of(rows, customer, place)
    if contact is None:
        return _create_contact(client, customer, place)
    if place is None:
        return CustomerRef(contact["id"], contact["id"])
    delivery = next((row for row in rows if _is_delivery_of(row, contact["id"], place, customer)), None)
    if delivery is not None:
        return CustomerRef(contact["id"], delivery["id"])
    return CustomerRef(contact["id"], _add_delivery(client, contact, place, customer), delivery_created=True)


def _add_delivery(client: OdooClient, contact: dict, place: _Place, customer: CustomerData) -> int:
    """A new delivery address under a known contact. Odoo copies a first child's address onto a parent without
    one (``_handle_first_contact_creation``, at create only): for such a contact the child is created without
    its address, which a write then gives it, so the contact stays as it was kept."""
    vals = {**_delivery_vals(place, customer), "parent_id": contact["id"]}
    if any(contact.get(name) for name in ADDRESS_FIELDS):
        return client.create_one("res.partner", vals, context=IMPORT_CONTEXT)
    address = {name: vals.pop(name) for name in ADDRESS_FIELDS if name in vals}
    delivery_id = client.create_one("res.partner", vals, context=IMPORT_CONTEXT)
    client.write("res.partner", [delivery_id], address)
    return delivery_id


def _resolve(client: OdooClient, address: AddressData) -> _Place:
    country = references.country_id(client, address.country_code)
    state = references.state_id(client, country, address.state_code, country_code=address.country_code)
    return _Place(address, country, state)


def match_domain(wanted: Sequence[tuple[CustomerData, _Place | None]]) -> list[Any]:
    """One search for the contacts and delivery addresses of many customers, cheap on a database of many.

    Odoo indexes neither ``email`` nor ``email_normalized``, so every such search reads the whole partner table;
    what it costs is the test made on each row. An ``=ilike`` per customer made that 40 pattern matches per row
    for a batch of 40 (0.3 s on 20,000 partners, growing with the table). Here the customers with an e-mail are
    two ``in`` tests (equalities) whatever their number, and their delivery addresses are the delivery children
    of those contacts (one sub-select). Customers without an e-mail (FBA orders) keep a term each, its equalities
    first so that PostgreSQL makes the name's ``=ilike`` only on the rows they leave."""
    emails = sorted({customer.email.strip() for customer, _ in wanted if customer.email})
    terms = []
    if emails:
        normalized = sorted({normalized_email(email) for email in emails} - {None})
        contact = all_of([("parent_id", "=", False),
                          any_of([("email_normalized", "in", normalized), ("email", "in", emails)])
                          if normalized else ("email", "in", emails)])
        terms += [contact, all_of([("type", "=", "delivery"), ("parent_id", "any", contact)])]
    for customer, place in wanted:
        if not customer.email:
            terms += _match_by_name(customer, place)
    return any_of(terms)


def _match_by_name(customer: CustomerData, place: _Place | None) -> list[list[Any]]:
    contact = all_of([("parent_id", "=", False), equals_or_unset("zip", place.address.zip if place else None),
                      equals_or_unset("country_id", place.country_id if place else None),
                      ("name", "=ilike", customer.display_name)])
    if place is None:
        return [contact]
    delivery = all_of([("type", "=", "delivery"), equals_or_unset("zip", place.address.zip),
                       equals_or_unset("country_id", place.country_id), equals_or_unset("street", place.address.street),
                       ("name", "=ilike", _delivery_name(place, customer))])
    return [contact, delivery]


def _contact_of(rows: list[dict], customer: CustomerData, place: _Place | None) -> dict | None:
    """The first of ``rows`` that is the customer's contact (its e-mail normalized once, not once per row)."""
    normalized = normalized_email(customer.email) if customer.email else None
    return next((row for row in rows if _is_contact_of(row, customer, place, normalized)), None)


def _is_contact_of(row: dict, customer: CustomerData, place: _Place | None, normalized: str | None) -> bool:
    if many2one_id(row.get("parent_id")):
        return False
    if customer.email:
        return (normalized is not None and row.get("email_normalized") == normalized) or _same(row.get("email"),
                                                                                              customer.email)
    return (_same(row.get("name"), customer.display_name) and _same(row.get("zip"), place and place.address.zip)
            and many2one_id(row.get("country_id")) == (place and place.country_id))


def _is_delivery_of(row: dict, contact_id: int, place: _Place, customer: CustomerData) -> bool:
    address = place.address
    return (many2one_id(row.get("parent_id")) == contact_id and row.get("type") == "delivery"
            and _same(row.get("name"), _delivery_name(place, customer))
            and all(_same(row.get(key), getattr(address, key)) for key in ("street", "street2", "city", "zip"))
            and many2one_id(row.get("country_id")) == place.country_id
            and many2one_id(row.get("state_id")) == place.state_id)


def _create_contact(client: OdooClient, customer: CustomerData, place: _Place | None) -> CustomerRef:
    contact_id = client.create_one("res.partner", new_contact_values(customer, place), context=IMPORT_CONTEXT)
    if place is None:
        return CustomerRef(contact_id, contact_id, partner_created=True)
    children = client.read("res.partner", [contact_id], ["child_ids"])[0]["child_ids"]
    return CustomerRef(contact_id, max(children), partner_created=True, delivery_created=True)


def new_contact_values(customer: CustomerData, place: _Place | None) -> dict[str, Any]:
    """A new contact, with its delivery address as a child when the order has one."""
    vals = {"name": customer.display_name, "email": customer.email or False,
            "phone": customer.phone or (place.address.phone if place else None) or False,
            "company_name": customer.company_name or False}
    if place is not None:
        vals.update(_address_vals(place))
        vals["child_ids"] = [(0, 0, _delivery_vals(place, customer))]
    return declared(PARTNER_FIELDS, vals)


def _delivery_vals(place: _Place, customer: CustomerData) -> dict[str, Any]:
    vals = {"type": "delivery", "name": _delivery_name(place, customer), "phone": place.address.phone or False,
            **_address_vals(place)}
    return declared(PARTNER_FIELDS, vals)


def _address_vals(place: _Place) -> dict[str, Any]:
    address = place.address
    return {"street": address.street or False, "street2": address.street2 or False, "city": address.city or False,
            "zip": address.zip or False, "country_id": place.country_id or False, "state_id": place.state_id or False}


def _delivery_name(place: _Place, customer: CustomerData) -> str:
    return (place.address.name or customer.display_name).strip()


def _same(odoo_value: Any, wanted: Any) -> bool:
    return _norm(odoo_value) == _norm(wanted)


def _norm(value: Any) -> str:
    return " ".join(value.split()).casefold() if isinstance(value, str) else ""

