"""``stock.quant`` and inventory mode (``context={'inventory_mode': True}``), as in Odoo 18.

In inventory mode ``create`` with ``inventory_quantity`` reuses the quant of the same product,
location, lot, package and owner, and only the inventory fields are allowed;
``action_apply_inventory`` then creates and validates the adjustment move and returns ``None``
(no ``result`` key over JSON-RPC), or the ``stock.inventory.conflict`` wizard when the quantity
changed since it was counted. ``inventory_quantity_auto_apply`` applies at once.
"""

from __future__ import annotations

from ..exceptions import UserError
from ..orm import fields as f
from ..orm.model import Model
from ..orm.registry import register, rpc
from .stock_reservation import add_quantity

CREATE_FIELDS = {"product_id", "owner_id", "inventory_quantity", "inventory_quantity_auto_apply",
                 "inventory_diff_quantity", "inventory_date", "user_id", "inventory_quantity_set", "is_outdated",
                 "lot_id", "location_id", "package_id"}
WRITE_FIELDS = {"inventory_quantity", "inventory_quantity_auto_apply", "inventory_diff_quantity", "inventory_date",
                "user_id", "inventory_quantity_set", "is_outdated"}
INVENTORY_KEYS = ("inventory_quantity", "inventory_quantity_auto_apply")


@register
class Quant(Model):
    _name = "stock.quant"
    _description = "Quants"
    _rec_name = "product_id"

    product_id = f.Many2one("product.product", "Product", required=True, ondelete="restrict")
    location_id = f.Many2one("stock.location", "Location", required=True, ondelete="restrict")
    lot_id = f.Many2one("stock.lot", "Lot/Serial Number", ondelete="restrict")
    package_id = f.Many2one("stock.quant.package", "Package", ondelete="restrict")
    owner_id = f.Many2one("res.partner", "Owner")
    company_id = f.Many2one("res.company", "Company", default=1)
    quantity = f.Float("Quantity", readonly=True, default=0.0)
    reserved_quantity = f.Float("Reserved Quantity", default=0.0)
    available_quantity = f.Float("Available Quantity", compute="compute_available_quantity")
    in_date = f.Datetime("Incoming Date", default=lambda model: model.env.now)
    inventory_quantity = f.Float("Counted Quantity", default=0.0)
    inventory_diff_quantity = f.Float("Difference", default=0.0)
    inventory_quantity_set = f.Boolean("Inventory Quantity Set", default=False)
    inventory_quantity_auto_apply = f.Float("Inventoried Quantity", compute="compute_auto_apply",
                                            inverse="set_inventory_quantity_auto_apply")
    inventory_date = f.Date("Scheduled Date")
    user_id = f.Many2one("res.users", "Assigned To")
    is_outdated = f.Boolean("Quantity has been moved since last count", compute="compute_is_outdated")

    def compute_display_name(self, row: dict) -> str:
        location = self.env["stock.location"].display_name_of(row["location_id"])
        return f"{location} - {self.env['product.product'].display_name_of(row['product_id'])}"

    def compute_available_quantity(self, row: dict) -> float:
        return row["quantity"] - row["reserved_quantity"]

    def compute_auto_apply(self, row: dict) -> float:
        return row["quantity"]

    def compute_is_outdated(self, row: dict) -> bool:
        counted_base = row["inventory_quantity"] - row["inventory_diff_quantity"]
        return bool(row.get("inventory_quantity_set")) and abs(counted_base - row["quantity"]) > 1e-9

    def inventory_mode(self) -> bool:
        return bool(self.env.context.get("inventory_mode"))

    # -- create and write ---------------------------------------------------------------------

    def create_records(self, vals_list: list[dict]) -> list[int]:
        ids = []
        for vals in vals_list:
            if self.inventory_mode() and any(key in vals for key in INVENTORY_KEYS):
                ids.append(self._create_in_inventory_mode(dict(vals)))
            else:
                ids += super().create_records([vals])
        return ids

    def _create_in_inventory_mode(self, vals: dict) -> int:
        if any(key not in CREATE_FIELDS for key in vals):
            raise UserError("Quant's creation is restricted, you can't do this operation.")
        auto_apply = "inventory_quantity_auto_apply" in vals
        counted = vals.pop("inventory_quantity_auto_apply", False) or vals.pop("inventory_quantity", False) or 0
        quant_id = self._gather(vals) or super().create_records([vals])[0]
        if auto_apply:
            self.set_inventory_quantity_auto_apply([quant_id], counted)
        else:
            self._count([quant_id], counted, vals.get("user_id") or self.env.uid)
        return quant_id

    def _gather(self, vals: dict) -> int | None:
        keys = ("product_id", "location_id", "lot_id", "package_id", "owner_id")
        for quant_id in sorted(self.db.referencing(self._name, "product_id", vals.get("product_id"))):
            row = self.table[quant_id]
            if all((row.get(key) or None) == (vals.get(key) or None) for key in keys):
                return quant_id
        return None

    def _count(self, ids: list[int], counted: float, user_id) -> None:
        for quant_id in ids:
            row = self.table[quant_id]
            self.update_row(quant_id, {"inventory_quantity": float(counted), "inventory_quantity_set": True,
                                       "inventory_diff_quantity": float(counted) - row["quantity"],
                                       "user_id": user_id, "inventory_date": self.env.now.date()})

    def before_write(self, ids: list[int], vals: dict) -> None:
        if self.inventory_mode() and any(key in vals for key in INVENTORY_KEYS):
            if any(key not in WRITE_FIELDS for key in vals):
                raise UserError("Quant's editing is restricted, you can't do this operation.")

    def after_write(self, ids: list[int], vals: dict) -> None:
        if "inventory_quantity" in vals:
            self._count(ids, vals["inventory_quantity"] or 0, vals.get("user_id") or self.env.uid)

    def set_inventory_quantity_auto_apply(self, ids: list[int], value) -> None:
        if not self.inventory_mode():
            return
        changed = [i for i in ids if self.table[i]["quantity"] != float(value or 0)]
        self._count(changed, value or 0, self.env.uid)
        self.action_apply_inventory(changed)

    # -- applying -----------------------------------------------------------------------------

    @rpc
    def action_apply_inventory(self, ids: list[int]):
        rows = self.rows(ids)
        outdated = [row["id"] for row in rows if self.compute_is_outdated(row)]
        if outdated:
            return {
                "name": "Conflict in Inventory Adjustment", "type": "ir.actions.act_window", "view_mode": "form",
                "views": [[False, "form"]], "res_model": "stock.inventory.conflict", "target": "new",
                "context": {**self.env.context, "default_quant_ids": ids, "default_quant_to_fix_ids": outdated},
            }
        self.apply_inventory([row["id"] for row in rows if not _nothing_to_apply(row)])
        return None

    def apply_inventory(self, ids: list[int]) -> None:
        inventory_loss = self.env.ref("stock.stock_location_inventory")
        moves = self.env["stock.move"]
        for quant_id in ids:
            row = self.table[quant_id]
            diff = row["inventory_diff_quantity"]
            source, dest = (inventory_loss, row["location_id"]) if diff > 0 else (row["location_id"], inventory_loss)
            moves.create_records([{
                "name": "Product Quantity Updated" if diff else "Product Quantity Confirmed",
                "product_id": row["product_id"], "product_uom_qty": abs(diff), "quantity": abs(diff), "picked": True,
                "location_id": source, "location_dest_id": dest, "is_inventory": True, "state": "done",
                "date": self.env.now,
            }])
            add_quantity(self.env, row["product_id"], row["location_id"], diff)
            self.update_row(quant_id, {"inventory_quantity": 0.0, "inventory_diff_quantity": 0.0,
                                       "inventory_quantity_set": False, "user_id": None})


def _nothing_to_apply(row: dict) -> bool:
    return not row["inventory_diff_quantity"] and not row["inventory_quantity"] and not row["quantity"]
