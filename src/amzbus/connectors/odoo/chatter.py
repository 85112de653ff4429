"""Messages on a record's chatter (an internal note by default), e.g. why an order needed attention."""

from __future__ import annotations

from .client import OdooClient

MESSAGE_FIELDS = ("body", "message_type", "subtype_xmlid")  # what message_post is given
NOTE_SUBTYPE = "mail.mt_note"
COMMENT_SUBTYPE = "mail.mt_comment"


def post_message(client: OdooClient, model: str, record_id: int, body: str, *, internal: bool = True,
                 html: bool = False) -> int:
    """Post ``body`` on the record; the new ``mail.message`` id.

    ``internal`` (True) posts a note that followers are not e-mailed about; False posts a comment,
    which notifies the record's followers (buyers included, when they follow it). ``html`` (False: plain
    text, which Odoo escapes) posts ``body`` as HTML: the caller escapes what it puts inside.
    """
    options = {"body_is_html": True} if html else {}
    result = client.execute(model, "message_post", [record_id], body=body, message_type="comment",
                            subtype_xmlid=NOTE_SUBTYPE if internal else COMMENT_SUBTYPE, **options)
    return result[0] if isinstance(result, list) else int(result)
