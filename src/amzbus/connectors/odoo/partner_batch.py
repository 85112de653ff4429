"""The customers of many orders at once, with the same matching rules as ``partners.find_or_create_customer``.

One ``search_read`` looks for every customer's contact and delivery address (``partners.match_domain``); the
new contacts, each with its delivery address as a child, are created in one ``create`` and their children's ids
read in one ``read``. So a batch of known customers costs one call, a batch with new ones three, whatever its
size.

The rare cases go through ``find_or_create_customer`` one by one, after the batch's own creations so that they
find them: a known contact with a new delivery address, and a customer who appears a second time in the batch
while new (created once, by its first order).
"""

from __future__ import annotations

from typing import Sequence

from .client import OdooClient
from .email_addresses import normalized_email
from .import_context import IMPORT_CONTEXT
from .partners import (MATCH_FIELDS, MATCH_LIMIT, CustomerRef, _contact_of, _is_delivery_of, _Place,
                       _resolve, find_or_create_customer, match_domain, new_contact_values)
from .values import CustomerData


def find_or_create_customers(client: OdooClient, customers: Sequence[CustomerData]) -> list[CustomerRef]:
    """Each customer's contact and delivery address, in the customers' order; never overwrites a partner."""
    if not customers:
        return []
    places = [_resolve(client, customer.address) if customer.address else None for customer in customers]
    rows = client.search_read("res.partner", match_domain(list(zip(customers, places))), MATCH_FIELDS,
                              limit=MATCH_LIMIT * len(customers), order="id")
    refs: list[CustomerRef | None] = [None] * len(customers)
    new: dict[tuple, int] = {}   # identity of a new customer -> index of its first order
    one_by_one: list[int] = []
    for index, (customer, place) in enumerate(zip(customers, places)):
        contact = _contact_of(rows, customer, place)
        if contact is None:
            if _identity(customer, place) in new:
                one_by_one.append(index)
            else:
                new[_identity(customer, place)] = index
            continue
        delivery = contact if place is None else next(
            (row for row in rows if _is_delivery_of(row, contact["id"], place, customer)), None)
        if delivery is None:
            one_by_one.append(index)
        else:
            refs[index] = CustomerRef(contact["id"], delivery["id"])
    _create_contacts(client, [(index, customers[index], places[index]) for index in new.values()], refs)
    for index in one_by_one:
        refs[index] = find_or_create_customer(client, customers[index])
    return refs  # type: ignore[return-value]  (every index was filled above)


def _create_contacts(client: OdooClient, new: list[tuple[int, CustomerData, _Place | None]],
                     refs: list[CustomerRef | None]) -> None:
    if not new:
        return
    ids = client.create("res.partner", [new_contact_values(customer, place) for _, customer, place in new],
                        context=IMPORT_CONTEXT)
    with_address = [contact_id for contact_id, (_, _, place) in zip(ids, new) if place is not None]
    children = {row["id"]: row["child_ids"] for row in client.read("res.partner", with_address, ["child_ids"])} \
        if with_address else {}
    for contact_id, (index, _, place) in zip(ids, new):
        delivery_id = max(children[contact_id]) if place is not None else contact_id
        refs[index] = CustomerRef(contact_id, delivery_id, partner_created=True, delivery_created=place is not None)


def _identity(customer: CustomerData, place: _Place | None) -> tuple:
    """Two orders of the same new customer: the same contact key (e-mail as Odoo normalizes it, else name + zip +
    country)."""
    if customer.email:
        return ("email", normalized_email(customer.email) or customer.email.strip().casefold())
    return ("name", customer.display_name.casefold(), place.address.zip if place else None,
            place.country_id if place else None)
