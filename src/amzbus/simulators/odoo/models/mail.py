"""Chatter: ``mail.message`` and the ``message_post`` method of the models that have a chatter."""

from __future__ import annotations

import html

from ..orm import fields as f
from ..orm.model import Model
from ..orm.registry import register, rpc

MESSAGE_TYPES = [("email", "Incoming Email"), ("comment", "Comment"), ("email_outgoing", "Outgoing Email"),
                 ("notification", "System notification"), ("auto_comment", "Automated Targeted Notification"),
                 ("user_notification", "User Specific Notification")]


@register
class MailMessage(Model):
    _name = "mail.message"
    _description = "Message"
    _order = "id desc"
    _rec_name = "record_name"

    model = f.Char("Related Document Model")
    res_id = f.Integer("Related Document ID")
    record_name = f.Char("Message Record Name")
    body = f.Html("Contents", default="")
    subject = f.Char("Subject")
    message_type = f.Selection(MESSAGE_TYPES, "Type", required=True, default="comment")
    author_id = f.Many2one("res.partner", "Author")
    partner_ids = f.Many2many("res.partner", "Recipients")
    date = f.Datetime("Date", default=lambda model: model.env.now)


def ensure_one(model, ids: list[int]) -> int:
    if len(ids) != 1:
        raise ValueError(f"Expected singleton: {model._name}({', '.join(map(str, ids))})")
    return ids[0]


def as_html(body: str, body_is_html: bool) -> str:
    if body_is_html or not body:
        return body or ""
    return "<p>" + html.escape(str(body)).replace("\n", "<br>") + "</p>"


class MailThread:
    """Mixin for models with a chatter (``mail.thread``)."""

    message_ids = f.Many2many("mail.message", "Messages", compute="compute_message_ids", store=False)

    def compute_message_ids(self, row: dict) -> list[int]:
        messages = self.env["mail.message"]
        return messages.search_ids([("model", "=", self._name), ("res_id", "=", row["id"])])

    @rpc
    def message_post(self, ids, *, body="", subject=None, message_type="notification", author_id=None,
                     subtype_xmlid=None, partner_ids=None, body_is_html=False, **kwargs):
        record_id = ensure_one(self, ids)
        row = self.row(record_id)
        return self.post_message(row, body=body, subject=subject, message_type=message_type,
                                 author_id=author_id, partner_ids=partner_ids, body_is_html=body_is_html)

    def post_message(self, row: dict, *, body="", subject=None, message_type="notification", author_id=None,
                     partner_ids=None, body_is_html=True) -> int:
        author = author_id or self.env["res.users"].get(self.env.uid, "partner_id")
        values = {
            "model": self._name, "res_id": row["id"], "record_name": self.compute_display_name(row),
            "body": as_html(body, body_is_html), "subject": subject or False, "message_type": message_type,
            "author_id": author, "partner_ids": [(6, 0, list(partner_ids or []))],
        }
        return self.env["mail.message"].create_records([values])[0]
