"""``sale.order.cancel``: the wizard ``sale.order.action_cancel`` answers for confirmed orders."""

from __future__ import annotations

from ..orm import fields as f
from ..orm.model import Model
from ..orm.registry import register, rpc
from .mail import ensure_one


@register
class SaleOrderCancel(Model):
    _name = "sale.order.cancel"
    _description = "Sales Order Cancel"
    _rec_name = "subject"

    order_id = f.Many2one("sale.order", "Sale Order", required=True, ondelete="cascade")
    subject = f.Char("Subject")
    body = f.Html("Contents")

    @rpc
    def action_cancel(self, ids: list[int]):
        order_id = self.get(ensure_one(self, ids), "order_id")
        return self.env.with_context(disable_cancel_warning=True)["sale.order"].action_cancel([order_id])

    @rpc
    def action_send_mail_and_cancel(self, ids: list[int]):
        wizard = self.row(ensure_one(self, ids))
        orders = self.env["sale.order"]
        orders.post_message(orders.row(wizard["order_id"]), body=wizard.get("body") or "",
                            subject=wizard.get("subject"), message_type="comment")
        return self.action_cancel(ids)
