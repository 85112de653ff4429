"""``res.partner``: contacts, companies and their addresses, with Odoo 18's address syncing.

A child of type ``contact`` takes its parent's address when the parent has one (and overwrites the
address it was created with); the first child with an address (of any type: a delivery address too) of a
company or top-level partner without one gives it its address (``_handle_first_contact_creation``); a
parent's address changes flow down to its ``contact`` children. Delivery and invoice addresses (``type``
``delivery``/``invoice``/``other``) keep their own.
"""

from __future__ import annotations

import re

from ..exceptions import ValidationError
from ..orm import fields as f
from ..orm.model import Model
from ..orm.registry import register
from .mail import MailThread

ADDRESS_FIELDS = ("street", "street2", "zip", "city", "state_id", "country_id")
# Odoo 18's ``tools.mail.email_re``: what ``email_normalize`` takes as an address in a text
EMAIL_RE = re.compile(r"([a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,63})")
TYPE_LABELS = {"contact": "Contact", "invoice": "Invoice Address", "delivery": "Delivery Address",
               "other": "Other Address"}


@register
class Partner(MailThread, Model):
    _name = "res.partner"
    _description = "Contact"
    _order = "complete_name ASC, id DESC"
    _rec_name = "complete_name"

    name = f.Char("Name")
    complete_name = f.Char("Complete Name", compute="compute_display_name", store=True)
    parent_id = f.Many2one("res.partner", "Related Company")
    child_ids = f.One2many("res.partner", "parent_id", "Contact")
    type = f.Selection(list(TYPE_LABELS.items()), "Address Type", default="contact")
    is_company = f.Boolean("Is a Company", default=False)
    company_name = f.Char("Company Name")
    commercial_partner_id = f.Many2one("res.partner", "Commercial Entity", compute="compute_commercial_partner")
    street = f.Char("Street")
    street2 = f.Char("Street2")
    zip = f.Char("Zip")
    city = f.Char("City")
    state_id = f.Many2one("res.country.state", "State", ondelete="restrict")
    country_id = f.Many2one("res.country", "Country", ondelete="restrict")
    email = f.Char("Email")
    email_normalized = f.Char("Normalized Email", compute="compute_email_normalized", store=True)  # not indexed
    phone = f.Char("Phone")
    mobile = f.Char("Mobile")
    ref = f.Char("Reference")
    vat = f.Char("Tax ID")
    lang = f.Char("Language", default="en_US")
    function = f.Char("Job Position")
    comment = f.Html("Notes")
    active = f.Boolean("Active", default=True)
    company_id = f.Many2one("res.company", "Company")
    customer_rank = f.Integer("Customer Rank", default=0)
    supplier_rank = f.Integer("Supplier Rank", default=0)
    specific_property_product_pricelist = f.Many2one("product.pricelist", "Specific Pricelist")
    property_product_pricelist = f.Many2one("product.pricelist", "Pricelist", compute="compute_pricelist",
                                            inverse="set_pricelist")

    def compute_display_name(self, row: dict) -> str:
        name = row.get("name") or ""
        parent_id = row.get("parent_id")
        if parent_id or row.get("company_name"):
            if not name and row.get("type") in ("invoice", "delivery", "other"):
                name = TYPE_LABELS[row["type"]]
            if not row.get("is_company"):
                company = self.table[parent_id].get("name") if parent_id in self.table else row.get("company_name")
                name = f"{company or ''}, {name}"
        return name.strip()

    def compute_email_normalized(self, row: dict) -> str | None:
        """``mail.thread.blacklist``'s: the first address of ``email``, in lower case (``email_normalize``)."""
        found = EMAIL_RE.search(row.get("email") or "")
        return found.group(1).lower() if found else None

    def name_search_domain(self, name, operator):
        return ["|", "|", ("complete_name", operator, name), ("email", operator, name), ("ref", "=", name)]

    def compute_commercial_partner(self, row: dict) -> int:
        current = row
        while not current.get("is_company") and current.get("parent_id") in self.table:
            current = self.table[current["parent_id"]]
        return current["id"]

    def compute_pricelist(self, row: dict):
        if row.get("specific_property_product_pricelist"):
            return row["specific_property_product_pricelist"]
        pricelists = self.env["product.pricelist"].search_ids([], limit=1)
        return pricelists[0] if pricelists else None

    def set_pricelist(self, ids: list[int], value) -> None:
        for partner_id in ids:
            self.update_row(partner_id, {"specific_property_product_pricelist": value or None})

    # -- address sync -------------------------------------------------------------------------

    def check_name(self, ids: list[int]) -> None:
        """Odoo's SQL constraint ``check_name``: a contact (not an address) needs a name."""
        for partner_id in ids:
            row = self.table[partner_id]
            if row.get("type") == "contact" and row.get("name") is None:
                raise ValidationError("The operation cannot be completed: Contacts require a name")

    def after_create(self, record_id: int, vals: dict) -> None:
        self.check_name([record_id])
        row = self.table[record_id]
        parent = self.table.get(row.get("parent_id"))
        if not parent:
            return
        if row.get("type") == "contact" and _has_address(parent):
            self.update_row(record_id, _address_of(parent))
        self._handle_first_contact_creation(row, parent)

    def _handle_first_contact_creation(self, row: dict, parent: dict) -> None:
        """Odoo's ``res.partner._handle_first_contact_creation``: the first child, of any type (a delivery address
        too), with an address, of a company or top-level partner without one gives it its address."""
        active_children = [child for child in self.db.referencing(self._name, "parent_id", parent["id"])
                           if self.table[child].get("active", True)]
        if ((parent.get("is_company") or not parent.get("parent_id")) and _has_address(row)
                and not _has_address(parent) and len(active_children) == 1):
            self.update_row(parent["id"], _address_of(row))
            self._sync_children(parent["id"], _address_of(row))

    def after_write(self, ids: list[int], vals: dict) -> None:
        self.check_name(ids)
        for partner_id in ids:
            row = self.table[partner_id]
            parent = self.table.get(row.get("parent_id"))
            if ("parent_id" in vals or vals.get("type") == "contact") and parent and row.get("type") == "contact":
                if _has_address(parent):
                    self.update_row(partner_id, _address_of(parent))
            changed = {name: row.get(name) for name in ADDRESS_FIELDS if name in vals}
            if changed:
                self._sync_children(partner_id, changed)

    def _sync_children(self, partner_id: int, address: dict) -> None:
        for child_id in self.db.referencing(self._name, "parent_id", partner_id):
            if self.table[child_id].get("type") == "contact":
                self.update_row(child_id, address)


def _has_address(row: dict) -> bool:
    return any(row.get(name) for name in ADDRESS_FIELDS)


def _address_of(row: dict) -> dict:
    return {name: row.get(name) for name in ADDRESS_FIELDS}
