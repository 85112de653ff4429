"""``stock.picking``: transfers, their state computed from their moves, reservation and
cancellation. Validation (``button_validate`` and its wizards) lives in ``stock_validation``."""

from __future__ import annotations

from ..exceptions import UserError
from ..orm import fields as f
from ..orm.model import Model
from ..orm.registry import register, rpc
from .mail import MailThread
from .stock_validation import PickingValidation

PICKING_STATES = [("draft", "Draft"), ("waiting", "Waiting Another Operation"), ("confirmed", "Waiting"),
                  ("assigned", "Ready"), ("done", "Done"), ("cancel", "Cancelled")]


@register
class Picking(PickingValidation, MailThread, Model):
    _name = "stock.picking"
    _description = "Transfer"
    _order = "priority desc, scheduled_date asc, id desc"

    name = f.Char("Reference", default="/")
    origin = f.Char("Source Document")
    note = f.Html("Notes")
    partner_id = f.Many2one("res.partner", "Contact")
    picking_type_id = f.Many2one("stock.picking.type", "Operation Type", required=True)
    picking_type_code = f.Char("Type of Operation", compute="compute_picking_type_code")
    location_id = f.Many2one("stock.location", "Source Location", required=True)
    location_dest_id = f.Many2one("stock.location", "Destination Location", required=True)
    move_ids = f.One2many("stock.move", "picking_id", "Stock Moves")
    move_ids_without_package = f.One2many("stock.move", "picking_id", "Stock Moves (without package)")
    state = f.Selection(PICKING_STATES, "Status", default="draft", readonly=True)
    move_type = f.Selection([("direct", "As soon as possible"), ("one", "When all products are ready")],
                            "Shipping Policy", required=True, default="direct")
    priority = f.Selection([("0", "Normal"), ("1", "Urgent")], "Priority", default="0")
    scheduled_date = f.Datetime("Scheduled Date", default=lambda model: model.env.now)
    date_deadline = f.Datetime("Deadline")
    date_done = f.Datetime("Date of Transfer", readonly=True)
    backorder_id = f.Many2one("stock.picking", "Back Order of")
    backorder_ids = f.One2many("stock.picking", "backorder_id", "Back Orders")
    sale_id = f.Many2one("sale.order", "Sales Order")
    carrier_id = f.Many2one("delivery.carrier", "Carrier")
    carrier_tracking_ref = f.Char("Tracking Reference")
    user_id = f.Many2one("res.users", "Responsible", default=lambda model: model.env.uid)
    company_id = f.Many2one("res.company", "Company", default=1)

    def compute_picking_type_code(self, row: dict) -> str:
        return self.env["stock.picking.type"].get(row["picking_type_id"], "code")

    def prepare_create(self, vals: dict) -> dict:
        if not vals.get("picking_type_id"):
            return vals
        picking_type = self.env["stock.picking.type"].row(vals["picking_type_id"])
        vals.setdefault("location_id", picking_type.get("default_location_src_id") or False)
        vals.setdefault("location_dest_id", picking_type.get("default_location_dest_id") or False)
        if vals.get("name", "/") == "/":
            vals["name"] = self.env["stock.picking.type"].next_picking_name(vals["picking_type_id"])
        return vals

    def moves_of(self, picking_id: int) -> list[dict]:
        moves = self.db.tables["stock.move"]
        return [moves[i] for i in sorted(self.db.referencing("stock.move", "picking_id", picking_id))]

    def open_move_ids(self, picking_id: int) -> list[int]:
        return [m["id"] for m in self.moves_of(picking_id) if m["state"] not in ("done", "cancel")]

    def refresh_states(self, ids: list[int]) -> None:
        """Store the state computed from the moves; a change bumps the write date of the picking
        and of its sale order, as Odoo's stored computed fields do."""
        for picking_id in ids:
            row = self.table[picking_id]
            state = compute_state(self.moves_of(picking_id), row["move_type"])
            if state != row["state"]:
                self.update_row(picking_id, {"state": state})
                if row.get("sale_id"):
                    self.env["sale.order"].touch([row["sale_id"]])

    def before_unlink(self, ids: list[int]) -> None:
        for picking_id in ids:
            self.env["stock.move"].unlink([m["id"] for m in self.moves_of(picking_id)])

    # -- workflow -----------------------------------------------------------------------------

    @rpc
    def action_confirm(self, ids: list[int]):
        self.rows(ids)
        moves = self.env["stock.move"]
        for picking_id in ids:
            move_ids = [m["id"] for m in self.moves_of(picking_id)]
            moves.confirm(move_ids)
            moves.assign(move_ids)
        self.refresh_states(ids)
        return True

    @rpc
    def action_assign(self, ids: list[int]):
        self.rows(ids)
        draft = [i for i in ids if self.table[i]["state"] == "draft"]
        if draft:
            self.action_confirm(draft)
        move_ids = [m for picking_id in ids for m in self.open_move_ids(picking_id)]
        if not move_ids:
            raise UserError("Nothing to check the availability for.")
        self.env["stock.move"].assign(move_ids)
        self.refresh_states(ids)
        return True

    @rpc
    def do_unreserve(self, ids: list[int]):
        self.rows(ids)
        self.env["stock.move"].unreserve([m for picking_id in ids for m in self.open_move_ids(picking_id)])
        self.refresh_states(ids)
        return None

    @rpc
    def action_cancel(self, ids: list[int]):
        self.rows(ids)
        self.env["stock.move"].cancel([m["id"] for i in ids for m in self.moves_of(i) if m["state"] != "cancel"])
        self.refresh_states(ids)
        return True


def compute_state(moves: list[dict], move_type: str) -> str:
    states = [move["state"] for move in moves]
    if not states or "draft" in states:
        return "draft"
    if all(state == "cancel" for state in states):
        return "cancel"
    if all(state in ("cancel", "done") for state in states):
        return "done"
    open_states = [state for state in states if state not in ("cancel", "done")]
    if move_type == "one":
        ready = all(state == "assigned" for state in open_states)
    else:
        ready = any(state in ("assigned", "partially_available") for state in open_states)
    if ready:
        return "assigned"
    return "waiting" if all(state == "waiting" for state in open_states) else "confirmed"
