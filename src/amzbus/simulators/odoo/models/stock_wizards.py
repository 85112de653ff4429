"""The transient wizards of delivery validation and inventory: backorder confirmation, the
first-time SMS popup and the inventory conflict. They read the pickings to validate from the
context (``button_validate_picking_ids``), exactly as Odoo's do."""

from __future__ import annotations

from ..orm import fields as f
from ..orm.model import Model
from ..orm.registry import register, rpc
from .mail import ensure_one


@register
class BackorderConfirmation(Model):
    _name = "stock.backorder.confirmation"
    _description = "Backorder Confirmation"

    pick_ids = f.Many2many("stock.picking", "Pickings")
    show_transfers = f.Boolean("Show Transfers", default=False)
    backorder_confirmation_line_ids = f.One2many("stock.backorder.confirmation.line", "backorder_confirmation_id",
                                                 "Backorder Confirmation Lines")

    def after_create(self, record_id: int, vals: dict) -> None:
        if not self.children_ids(self.fields["backorder_confirmation_line_ids"], record_id):
            lines = [{"backorder_confirmation_id": record_id, "picking_id": picking_id, "to_backorder": True}
                     for picking_id in self.get(record_id, "pick_ids")]
            self.env["stock.backorder.confirmation.line"].create_records(lines)

    @rpc
    def process(self, ids: list[int]):
        lines = self.env["stock.backorder.confirmation.line"]
        not_to_do = [lines.table[line_id]["picking_id"] for wizard_id in ids
                     for line_id in self.get(wizard_id, "backorder_confirmation_line_ids")
                     if not lines.table[line_id]["to_backorder"]]
        to_validate = self.env.context.get("button_validate_picking_ids")
        if not to_validate:
            return True
        env = self.env.with_context(skip_backorder=True)
        if not_to_do:
            env = env.with_context(picking_ids_not_to_backorder=not_to_do)
        return env["stock.picking"].button_validate(list(to_validate))

    @rpc
    def process_cancel_backorder(self, ids: list[int]):
        to_validate = self.env.context.get("button_validate_picking_ids")
        if not to_validate:
            return True
        pick_ids = [p for wizard_id in ids for p in self.get(wizard_id, "pick_ids")]
        env = self.env.with_context(skip_backorder=True, picking_ids_not_to_backorder=pick_ids)
        return env["stock.picking"].button_validate(list(to_validate))


@register
class BackorderConfirmationLine(Model):
    _name = "stock.backorder.confirmation.line"
    _description = "Backorder Confirmation Line"
    _rec_name = "picking_id"

    backorder_confirmation_id = f.Many2one("stock.backorder.confirmation", "Immediate Transfer", ondelete="cascade")
    picking_id = f.Many2one("stock.picking", "Transfer")
    to_backorder = f.Boolean("To Backorder", default=False)


@register
class ConfirmStockSms(Model):
    _name = "confirm.stock.sms"
    _description = "Confirm Stock SMS"

    pick_ids = f.Many2many("stock.picking", "Pick")

    @rpc
    def send_sms(self, ids: list[int]):
        return self._acknowledge(ids, turn_off=False)

    @rpc
    def dont_send_sms(self, ids: list[int]):
        return self._acknowledge(ids, turn_off=True)

    def _acknowledge(self, ids: list[int], *, turn_off: bool):
        wizard_id = ensure_one(self, ids)
        companies = self.env["res.company"]
        pickings = self.env["stock.picking"]
        for company_id in {pickings.get(p, "company_id") or 1 for p in self.get(wizard_id, "pick_ids")}:
            if not companies.get(company_id, "has_received_warning_stock_sms"):
                changes = {"has_received_warning_stock_sms": True}
                if turn_off:
                    changes["stock_move_sms_validation"] = False
                companies.write([company_id], changes)
        return pickings.button_validate(list(self.env.context.get("button_validate_picking_ids") or []))


@register
class InventoryConflict(Model):
    _name = "stock.inventory.conflict"
    _description = "Conflict in Inventory"

    quant_ids = f.Many2many("stock.quant", "Quants")
    quant_to_fix_ids = f.Many2many("stock.quant", "Conflicts")

    @rpc
    def action_keep_counted_quantity(self, ids: list[int]):
        quants = self.env["stock.quant"]
        quant_ids = [q for wizard_id in ids for q in self.get(wizard_id, "quant_ids")]
        for quant_id in quant_ids:
            row = quants.table[quant_id]
            quants.update_row(quant_id, {"inventory_diff_quantity": row["inventory_quantity"] - row["quantity"]})
        quants.apply_inventory(quant_ids)
        return None

    @rpc
    def action_keep_difference(self, ids: list[int]):
        quants = self.env["stock.quant"]
        quant_ids = [q for wizard_id in ids for q in self.get(wizard_id, "quant_ids")]
        for quant_id in quant_ids:
            row = quants.table[quant_id]
            quants.update_row(quant_id, {"inventory_quantity": row["quantity"] + row["inventory_diff_quantity"]})
        quants.apply_inventory(quant_ids)
        return None
