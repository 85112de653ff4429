"""``sale.order`` as in Odoo 18 with sale_stock and delivery: quotation -> ``action_confirm``
(``True``, creates the delivery) -> ``action_cancel``.

Cancelling an order that is not a draft answers the ``sale.order.cancel`` wizard action and
cancels nothing, unless the context says ``disable_cancel_warning``; cancelling cancels the
deliveries that are not done and keeps the done ones (there is no "done" sale order state in 18).
"""

from __future__ import annotations

from ..exceptions import UserError
from ..orm import fields as f
from ..orm.model import Model
from ..orm.registry import register, rpc
from .mail import MailThread, ensure_one
from .sale_stock import SaleStock

ORDER_STATES = [("draft", "Quotation"), ("sent", "Quotation Sent"), ("sale", "Sales Order"), ("cancel", "Cancelled")]
CANCEL_VIEW_ID = 1488


@register
class SaleOrder(SaleStock, MailThread, Model):
    _name = "sale.order"
    _description = "Sales Order"
    _order = "date_order desc, id desc"

    name = f.Char("Order Reference", required=True, default="New")
    state = f.Selection(ORDER_STATES, "Status", default="draft", readonly=True)
    locked = f.Boolean("Locked", default=False)
    partner_id = f.Many2one("res.partner", "Customer", required=True)
    partner_invoice_id = f.Many2one("res.partner", "Invoice Address", required=True)
    partner_shipping_id = f.Many2one("res.partner", "Delivery Address", required=True)
    client_order_ref = f.Char("Customer Reference")
    origin = f.Char("Source Document")
    note = f.Html("Terms and conditions")
    date_order = f.Datetime("Order Date", required=True, default=lambda model: model.env.now)
    commitment_date = f.Datetime("Delivery Date")
    validity_date = f.Date("Expiration")
    order_line = f.One2many("sale.order.line", "order_id", "Order Lines")
    pricelist_id = f.Many2one("product.pricelist", "Pricelist")
    currency_id = f.Many2one("res.currency", "Currency")
    team_id = f.Many2one("crm.team", "Sales Team")
    user_id = f.Many2one("res.users", "Salesperson", default=lambda model: model.env.uid)
    company_id = f.Many2one("res.company", "Company", required=True, default=1)
    warehouse_id = f.Many2one("stock.warehouse", "Warehouse")
    picking_policy = f.Selection([("direct", "As soon as possible"), ("one", "When all products are ready")],
                                 "Shipping Policy", required=True, default="direct")
    carrier_id = f.Many2one("delivery.carrier", "Delivery Method")
    picking_ids = f.One2many("stock.picking", "sale_id", "Transfers")
    delivery_count = f.Integer("Delivery Orders", compute="compute_delivery_count")
    delivery_status = f.Selection([("pending", "Not Delivered"), ("started", "Started"),
                                   ("partial", "Partially Delivered"), ("full", "Fully Delivered")],
                                  "Delivery Status", compute="compute_delivery_status", store=True)
    amount_untaxed = f.Monetary("Untaxed Amount", compute="compute_amount_untaxed", store=True)
    amount_tax = f.Monetary("Taxes", compute="compute_amount_tax", store=True)
    amount_total = f.Monetary("Total", compute="compute_amount_total", store=True)
    type_name = f.Char("Type Name", compute="compute_type_name")

    # -- defaults -----------------------------------------------------------------------------

    def prepare_create(self, vals: dict) -> dict:
        if vals.get("name", "New") == "New":
            vals["name"] = f"S{self.db.next_sequence('sale.order'):05d}"
        partner_id = vals.get("partner_id")
        if type(partner_id) is int and partner_id in self.db.tables["res.partner"]:
            vals.setdefault("partner_invoice_id", partner_id)
            vals.setdefault("partner_shipping_id", self._delivery_address(partner_id))
            vals.setdefault("pricelist_id", self.env["res.partner"].get(partner_id, "property_product_pricelist"))
        pricelist_id = vals.get("pricelist_id")
        if not vals.get("currency_id"):
            pricelists = self.db.tables["product.pricelist"]
            currency = pricelists[pricelist_id]["currency_id"] if pricelist_id in pricelists else None
            vals["currency_id"] = currency or self.env["res.company"].get(1, "currency_id")
        vals.setdefault("team_id", (self.env["crm.team"].search_ids([], limit=1) or [False])[0])
        vals.setdefault("warehouse_id", (self.env["stock.warehouse"].search_ids([], limit=1) or [False])[0])
        return vals

    def _delivery_address(self, partner_id: int) -> int:
        partners = self.env["res.partner"]
        for child_id in partners.children_ids(partners.fields["child_ids"], partner_id):
            if partners.table[child_id].get("type") == "delivery":
                return child_id
        return partner_id

    # -- computed values ----------------------------------------------------------------------

    def _line_amounts(self, row: dict, key: str) -> float:
        lines = self.env["sale.order.line"]
        return round(sum(lines.amounts(lines.table[i])[key] for i in self.value(row, "order_line")), 2)

    def compute_amount_untaxed(self, row):
        return self._line_amounts(row, "price_subtotal")

    def compute_amount_tax(self, row):
        return self._line_amounts(row, "price_tax")

    def compute_amount_total(self, row):
        return self._line_amounts(row, "price_total")

    def compute_delivery_count(self, row) -> int:
        return len(self.db.referencing("stock.picking", "sale_id", row["id"]))

    def compute_delivery_status(self, row):
        pickings = self.db.tables["stock.picking"]
        states = [pickings[i]["state"] for i in self.db.referencing("stock.picking", "sale_id", row["id"])]
        states = [state for state in states if state != "cancel"]
        if not states:
            return None
        if all(state == "done" for state in states):
            return "full"
        return "partial" if "done" in states else "pending"

    def compute_type_name(self, row) -> str:
        return "Sales Order" if row["state"] == "sale" else "Quotation"

    # -- workflow -----------------------------------------------------------------------------

    @rpc
    def action_confirm(self, ids: list[int]):
        for row in self.rows(ids):
            message = self._confirmation_error(row)
            if message:
                raise UserError(message)
        lines = self.env["sale.order.line"]
        for order_id in ids:
            self.update_row(order_id, {"state": "sale", "date_order": self.env.now})
            line_ids = self.get(order_id, "order_line")
            self.launch_stock_rule(order_id, {i: lines.table[i]["product_uom_qty"] for i in line_ids})
        return True

    def _confirmation_error(self, row: dict) -> str | None:
        if row["state"] not in ("draft", "sent"):
            return "Some orders are not in a state requiring confirmation."
        lines = self.env["sale.order.line"]
        if any(not lines.table[i].get("display_type") and not lines.table[i].get("product_id")
               for i in self.value(row, "order_line")):
            return "A line on these orders missing a product, you cannot confirm it."
        return None

    @rpc
    def action_cancel(self, ids: list[int]):
        rows = self.rows(ids)
        if any(row["locked"] for row in rows):
            raise UserError("You cannot cancel a locked order. Please unlock it first.")
        if not self.env.context.get("disable_cancel_warning") and any(row["state"] != "draft" for row in rows):
            order_id = ensure_one(self, ids)
            return {
                "name": "Cancel Sales Order", "view_mode": "form", "res_model": "sale.order.cancel",
                "view_id": CANCEL_VIEW_ID, "type": "ir.actions.act_window", "target": "new",
                "context": {"default_order_id": order_id, "mark_so_as_canceled": True,
                            "default_email_layout_xmlid": "mail.mail_notification_layout_with_responsible_signature",
                            "model_description": "Sales Order"},
            }
        pickings = self.env["stock.picking"]
        for order_id in ids:
            open_pickings = [i for i in self.get(order_id, "picking_ids") if pickings.table[i]["state"] not in ("done", "cancel")]
            if open_pickings:
                pickings.action_cancel(open_pickings)
            self.update_row(order_id, {"state": "cancel"})
        return True

    @rpc
    def action_draft(self, ids: list[int]):
        for row in self.rows(ids):
            if row["state"] in ("cancel", "sent"):
                self.update_row(row["id"], {"state": "draft"})
        return True

    @rpc
    def action_lock(self, ids: list[int]):
        self.write(ids, {"locked": True})
        return True

    @rpc
    def action_unlock(self, ids: list[int]):
        self.write(ids, {"locked": False})
        return True

    def before_unlink(self, ids: list[int]) -> None:
        if any(self.table[i]["state"] not in ("draft", "cancel") for i in ids):
            raise UserError("You can not delete a sent quotation or a confirmed sales order. You must first cancel it.")
