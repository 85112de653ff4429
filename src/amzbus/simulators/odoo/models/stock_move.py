"""``stock.move``: demand (``product_uom_qty``), encoded/reserved ``quantity``, ``picked``.

Writing ``quantity`` reserves more (or gives back) from the quants, and quantity beyond what is
free is still accepted (forced), as in Odoo 18; ``quantity_done`` no longer exists. The state
follows the quantity: ``assigned`` when it covers the demand, ``partially_available`` when it
covers part, ``confirmed`` when nothing is reserved.
"""

from __future__ import annotations

from ..exceptions import UserError
from ..orm import fields as f
from ..orm.model import Model
from ..orm.registry import register
from .stock_reservation import release, reserve

MOVE_STATES = [("draft", "New"), ("waiting", "Waiting Another Move"), ("confirmed", "Waiting Availability"),
               ("partially_available", "Partially Available"), ("assigned", "Available"), ("done", "Done"),
               ("cancel", "Cancelled")]
OPEN_STATES = ("waiting", "confirmed", "partially_available", "assigned")


@register
class Move(Model):
    _name = "stock.move"
    _description = "Stock Move"
    _order = "sequence, id"

    name = f.Char("Description", required=True, default="/")
    sequence = f.Integer("Sequence", default=10)
    reference = f.Char("Reference", compute="compute_reference", store=True)
    product_id = f.Many2one("product.product", "Product", required=True)
    product_uom_qty = f.Float("Demand", required=True, default=0.0)
    product_qty = f.Float("Real Quantity", compute="compute_product_qty", store=True)
    quantity = f.Float("Quantity", default=0.0)
    picked = f.Boolean("Picked", default=False)
    state = f.Selection(MOVE_STATES, "Status", default="draft", readonly=True)
    location_id = f.Many2one("stock.location", "Source Location", required=True)
    location_dest_id = f.Many2one("stock.location", "Destination Location", required=True)
    picking_id = f.Many2one("stock.picking", "Transfer")
    picking_type_id = f.Many2one("stock.picking.type", "Operation Type")
    partner_id = f.Many2one("res.partner", "Destination Address")
    sale_line_id = f.Many2one("sale.order.line", "Sale Line")
    origin = f.Char("Source Document")
    date = f.Datetime("Date Scheduled", default=lambda model: model.env.now)
    is_inventory = f.Boolean("Inventory", default=False)
    company_id = f.Many2one("res.company", "Company", default=1)

    def compute_reference(self, row: dict) -> str:
        picking = self.db.tables["stock.picking"].get(row.get("picking_id"))
        return picking["name"] if picking else row.get("name") or ""

    def compute_product_qty(self, row: dict) -> float:
        return row.get("product_uom_qty") or 0.0

    def prepare_create(self, vals: dict) -> dict:
        picking_id = vals.get("picking_id")
        picking = self.db.tables["stock.picking"].get(picking_id) if type(picking_id) is int else None
        if picking:
            for name in ("location_id", "location_dest_id", "picking_type_id", "partner_id"):
                if not vals.get(name) and picking.get(name):
                    vals[name] = picking[name]
        if vals.get("name", "/") == "/" and type(vals.get("product_id")) is int:
            vals["name"] = self.env["product.product"].display_name_of(vals["product_id"]) or "/"
        return vals

    def is_storable(self, row: dict) -> bool:
        return bool(self.env["product.product"].get(row["product_id"], "is_storable"))

    # -- writes -------------------------------------------------------------------------------

    def after_write(self, ids: list[int], vals: dict) -> None:
        if "quantity" in vals:
            for move_id in ids:
                self.set_quantity(move_id, float(vals["quantity"] or 0.0))
        if "product_uom_qty" in vals:
            self.recompute_state(ids)
        if {"quantity", "product_uom_qty", "picked"} & set(vals):
            self.env["stock.picking"].refresh_states(self._picking_ids(ids))

    def set_quantity(self, move_id: int, quantity: float) -> None:
        """Adjust the move's reservation to ``quantity``; the part that is not free stays forced."""
        row = self.table[move_id]
        if row["state"] in ("done", "cancel", "draft"):
            return
        if self.is_storable(row):
            reserved = sum((row.get("reserved_alloc") or {}).values())
            if quantity < reserved:
                release(self.env, row, reserved - quantity)
            elif quantity > reserved:
                reserve(self.env, row, quantity - reserved)
        self.recompute_state([move_id])

    def before_unlink(self, ids: list[int]) -> None:
        if any(self.table[i]["state"] not in ("draft", "cancel") for i in ids):
            raise UserError("You can only delete draft or cancelled moves.")

    # -- workflow -----------------------------------------------------------------------------

    def confirm(self, ids: list[int]) -> None:
        for move_id in ids:
            if self.table[move_id]["state"] == "draft":
                self.update_row(move_id, {"state": "confirmed"})

    def assign(self, ids: list[int]) -> None:
        """Reserve what is missing on open moves; goods that are not storable are always available."""
        for move_id in ids:
            row = self.table[move_id]
            if row["state"] not in ("confirmed", "partially_available", "waiting"):
                continue
            missing = row["product_uom_qty"] - row["quantity"]
            if not self.is_storable(row):
                self.update_row(move_id, {"quantity": row["product_uom_qty"]})
            elif missing > 0:
                got = reserve(self.env, row, missing)
                self.update_row(move_id, {"quantity": self.table[move_id]["quantity"] + got})
            self.recompute_state([move_id])

    def unreserve(self, ids: list[int]) -> None:
        for move_id in ids:
            row = self.table[move_id]
            if row["state"] in OPEN_STATES:
                release(self.env, row)
                self.update_row(move_id, {"quantity": 0.0, "picked": False})
                self.recompute_state([move_id])

    def cancel(self, ids: list[int]) -> None:
        for move_id in ids:
            row = self.table[move_id]
            if row["state"] == "done":
                raise UserError("You cannot cancel a stock move that has been set to 'Done'. "
                                "Create a return in order to reverse the moves which took place.")
            release(self.env, row)
            self.update_row(move_id, {"state": "cancel", "quantity": 0.0, "picked": False})

    def recompute_state(self, ids: list[int]) -> None:
        for move_id in ids:
            row = self.table[move_id]
            if row["state"] not in OPEN_STATES:
                continue
            quantity, demand = row["quantity"], row["product_uom_qty"]
            state = "assigned" if quantity >= demand else "partially_available" if quantity > 0 else "confirmed"
            if state != row["state"]:
                self.update_row(move_id, {"state": state})

    def _picking_ids(self, ids: list[int]) -> list[int]:
        return sorted({self.table[i]["picking_id"] for i in ids if self.table[i].get("picking_id")})
