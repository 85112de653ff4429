"""``button_validate`` as in Odoo 18 (stock, stock_sms, sale_stock), with its wizard chain.

``button_validate`` answers ``True`` when the transfer is done, or an ``ir.actions.act_window``:
``stock.backorder.confirmation`` when quantities are short (no ``res_id``: the client creates the
wizard with the action's context, which carries ``button_validate_picking_ids`` and
``default_pick_ids``, then calls ``process`` or ``process_cancel_backorder``), then, once per
company and when the delivery partner has a phone, ``confirm.stock.sms`` (with ``res_id``; answer
with ``dont_send_sms``/``send_sms`` and the action's context, or validate with ``skip_sms``).
A wizard method called without that context validates nothing and answers ``True``, as in Odoo.
"""

from __future__ import annotations

from ..exceptions import UserError
from ..orm.registry import rpc
from .stock_reservation import consume

BACKORDER_VIEW_ID = 1187
SMS_VIEW_ID = 1342
NO_QUANTITY_MESSAGE = ("You cannot validate a transfer if no quantities are reserved. "
                       "To force the transfer, encode quantities.")


class PickingValidation:
    @rpc
    def button_validate(self, ids: list[int]):
        self.rows(ids)
        self._prepare_draft_pickings(ids)
        if not self.env.context.get("skip_sanity_check"):
            self._sanity_check(ids)
        model = self
        if not self.env.context.get("button_validate_picking_ids"):
            model = self.with_context(button_validate_picking_ids=list(ids))
        action = model._pre_action_done_hook(ids)
        if action is not True:
            return action
        excluded = set(model.env.context.get("picking_ids_not_to_backorder") or [])
        types = self.env["stock.picking.type"]
        backorder_policy = {i: types.get(self.table[i]["picking_type_id"], "create_backorder") for i in ids}
        no_backorder = [i for i in ids if backorder_policy[i] == "never" or (i in excluded and backorder_policy[i] != "always")]
        model.with_context(cancel_backorder=True)._action_done(no_backorder)
        model.with_context(cancel_backorder=False)._action_done([i for i in ids if i not in no_backorder])
        return True

    def _prepare_draft_pickings(self, ids: list[int]) -> None:
        moves = self.env["stock.move"]
        for picking_id in [i for i in ids if self.table[i]["state"] == "draft"]:
            self.action_confirm([picking_id])
            for move in self.moves_of(picking_id):
                if not move["quantity"] and move["product_uom_qty"]:
                    moves.write([move["id"]], {"quantity": move["product_uom_qty"]})

    def _sanity_check(self, ids: list[int]) -> None:
        for picking_id in ids:
            moves = self.moves_of(picking_id)
            if not moves:
                raise UserError("You can’t validate an empty transfer. "
                                "Please add some products to move before proceeding.")
        for picking_id in ids:
            if all(not m["quantity"] for m in self.moves_of(picking_id) if m["state"] not in ("done", "cancel")):
                raise UserError(NO_QUANTITY_MESSAGE)

    def _pre_action_done_hook(self, ids: list[int]):
        moves = self.env["stock.move"]
        for picking_id in ids:
            open_moves = [m for m in self.moves_of(picking_id) if m["state"] not in ("done", "cancel")]
            if any(m["quantity"] for m in open_moves) and not any(m["picked"] for m in open_moves):
                for move in open_moves:
                    moves.update_row(move["id"], {"picked": True})
        context = self.env.context
        if not context.get("skip_backorder"):
            short = [i for i in ids if self._needs_backorder_question(i)]
            if short:
                return self._backorder_wizard_action(short, show_transfers=len(ids) > 1)
        if not context.get("skip_sms"):
            warn = [i for i in ids if self._needs_sms_warning(i)]
            if warn:
                return self._sms_wizard_action(warn)
        return True

    def _needs_backorder_question(self, picking_id: int) -> bool:
        picking_type = self.env["stock.picking.type"].row(self.table[picking_id]["picking_type_id"])
        if picking_type["create_backorder"] != "ask":
            return False
        return any(m["quantity"] < m["product_uom_qty"] for m in self.moves_of(picking_id) if m["state"] != "cancel")

    def _needs_sms_warning(self, picking_id: int) -> bool:
        row = self.table[picking_id]
        company = self.env["res.company"].row(row["company_id"] or 1)
        partner = self.db.tables["res.partner"].get(row.get("partner_id")) or {}
        return bool(company["stock_move_sms_validation"] and not company["has_received_warning_stock_sms"]
                    and self.compute_picking_type_code(row) == "outgoing"
                    and (partner.get("mobile") or partner.get("phone")))

    def _backorder_wizard_action(self, ids: list[int], *, show_transfers: bool) -> dict:
        return {
            "name": "Create Backorder?", "type": "ir.actions.act_window", "view_mode": "form",
            "res_model": "stock.backorder.confirmation", "views": [[BACKORDER_VIEW_ID, "form"]],
            "view_id": BACKORDER_VIEW_ID, "target": "new",
            "context": {**self.env.context, "default_show_transfers": show_transfers,
                        "default_pick_ids": [[4, i] for i in ids]},
        }

    def _sms_wizard_action(self, ids: list[int]) -> dict:
        wizard_id = self.env["confirm.stock.sms"].create_records([{"pick_ids": [(4, i) for i in ids]}])[0]
        return {
            "name": "SMS", "type": "ir.actions.act_window", "view_mode": "form", "res_model": "confirm.stock.sms",
            "views": [[SMS_VIEW_ID, "form"]], "view_id": SMS_VIEW_ID, "target": "new", "res_id": wizard_id,
            "context": dict(self.env.context),
        }

    # -- doing --------------------------------------------------------------------------------

    def _action_done(self, ids: list[int]) -> None:
        cancel_backorder = bool(self.env.context.get("cancel_backorder"))
        for picking_id in ids:
            self._validate_moves(picking_id, cancel_backorder)
            if not cancel_backorder:
                self._create_backorder(picking_id)
            self.update_row(picking_id, {"date_done": self.env.now, "priority": "0"})
            self.refresh_states([picking_id])

    def _validate_moves(self, picking_id: int, cancel_backorder: bool) -> None:
        moves = self.env["stock.move"]
        for move in [m for m in self.moves_of(picking_id) if m["state"] not in ("done", "cancel")]:
            if move["quantity"] <= 0 or not move["picked"]:
                if not move["product_uom_qty"] or cancel_backorder:
                    moves.cancel([move["id"]])
                continue
            if move["quantity"] < move["product_uom_qty"]:
                remainder = self._split(move, move["product_uom_qty"] - move["quantity"])
                if cancel_backorder:
                    moves.cancel([remainder])
            consume(self.env, moves.table[move["id"]], move["quantity"])
            moves.update_row(move["id"], {"state": "done", "date": self.env.now})

    def _split(self, move: dict, quantity: float) -> int:
        moves = self.env["stock.move"]
        copied = {key: move.get(key) for key in ("name", "product_id", "location_id", "location_dest_id",
                                                   "picking_id", "picking_type_id", "partner_id", "sale_line_id",
                                                   "origin", "sequence", "company_id")}
        new_id = moves.insert_row({**copied, "product_uom_qty": quantity, "quantity": 0.0, "picked": False,
                                   "state": "confirmed", "date": move.get("date"), "is_inventory": False})
        moves.update_row(move["id"], {"product_uom_qty": move["quantity"]})
        return new_id

    def _create_backorder(self, picking_id: int) -> None:
        open_ids = self.open_move_ids(picking_id)
        if not open_ids:
            return
        row = self.table[picking_id]
        copied = {key: row.get(key) for key in ("origin", "partner_id", "picking_type_id", "location_id",
                                                 "location_dest_id", "move_type", "scheduled_date", "sale_id",
                                                 "carrier_id", "company_id", "user_id", "note")}
        backorder_id = self.create_records([{**copied, "backorder_id": picking_id}])[0]
        moves = self.env["stock.move"]
        moves.write(open_ids, {"picking_id": backorder_id, "picked": False})
        self.post_message(row, body=f'The backorder <a href="#" data-oe-model="stock.picking" data-oe-id="{backorder_id}">'
                                    f'{self.table[backorder_id]["name"]}</a> has been created.')
        moves.assign(open_ids)
        self.refresh_states([backorder_id])
