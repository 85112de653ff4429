"""Odoo 18's own rules that the connector works around or relies on, checked on the simulator and a real Odoo alike:
if one changes in a later Odoo, these fail before the connector misbehaves."""

from __future__ import annotations

ADDRESS = {"street": "Hauptstrasse 1", "city": "Berlin", "zip": "10115"}


def _read(odoo, partner_id, fields=("street", "city", "zip")):
    row = odoo.read("res.partner", [partner_id], list(fields))[0]
    return {name: row[name] for name in fields}


def test_odoo_copies_a_first_childs_address_onto_a_parent_without_one(odoo, unique):
    # Given a contact without address and without children
    parent = odoo.create_one("res.partner", {"name": f"Parent {unique}"})
    # When its first child, a delivery address, is created with an address
    odoo.create_one("res.partner", {"name": f"Ship {unique}", "type": "delivery", "parent_id": parent, **ADDRESS})
    # Then Odoo gives the parent that address (res.partner._handle_first_contact_creation)
    assert _read(odoo, parent) == ADDRESS


def test_odoo_copies_nothing_from_a_second_child_or_onto_a_parent_with_an_address(odoo, unique):
    # Given a parent that has a child already, and one that has an address of its own
    with_child = odoo.create_one("res.partner", {"name": f"Parent {unique}"})
    odoo.create_one("res.partner", {"name": f"First {unique}", "type": "delivery", "parent_id": with_child})
    with_address = odoo.create_one("res.partner", {"name": f"Kept {unique}", "city": "Hamburg"})
    # When a child with an address is created under each
    for parent in (with_child, with_address):
        odoo.create_one("res.partner", {"name": f"Ship {unique}", "type": "delivery", "parent_id": parent, **ADDRESS})
    # Then neither parent's address changes
    assert _read(odoo, with_child) == {"street": False, "city": False, "zip": False}
    assert _read(odoo, with_address) == {"street": False, "city": "Hamburg", "zip": False}


def test_odoo_copies_nothing_when_the_first_child_gets_its_address_by_a_later_write(odoo, unique):
    # Given a parent without address, and its first child created without an address
    parent = odoo.create_one("res.partner", {"name": f"Parent {unique}"})
    child = odoo.create_one("res.partner", {"name": f"Ship {unique}", "type": "delivery", "parent_id": parent})
    # When the child's address is written afterwards (what the connector does for such a parent)
    odoo.write("res.partner", [child], ADDRESS)
    # Then the child has it and the parent still has none
    assert _read(odoo, child) == ADDRESS
    assert _read(odoo, parent) == {"street": False, "city": False, "zip": False}


def test_odoo_sets_the_order_date_to_now_on_confirmation_and_accepts_a_write_of_it_afterwards(odoo, unique,
                                                                                            make_product):
    # Given a quotation dated in the past
    partner = odoo.create_one("res.partner", {"name": f"Buyer {unique}"})
    line = {"product_id": make_product(f"SKU-{unique}"), "product_uom_qty": 1, "price_unit": 3}
    order_id = odoo.create_one("sale.order", {"partner_id": partner, "date_order": "2026-01-02 03:04:05",
                                              "order_line": [(0, 0, line)]})
    # When it is confirmed, Then its date is no longer the one it was created with (Odoo sets it to now)
    odoo.execute("sale.order", "action_confirm", [order_id])
    assert odoo.read("sale.order", [order_id], ["date_order"])[0]["date_order"] != "2026-01-02 03:04:05"
    # And the confirmed order accepts the date written back
    odoo.write("sale.order", [order_id], {"date_order": "2026-01-02 03:04:05"})
    assert odoo.read("sale.order", [order_id], ["state", "date_order"])[0] == {
        "id": order_id, "state": "sale", "date_order": "2026-01-02 03:04:05"}
