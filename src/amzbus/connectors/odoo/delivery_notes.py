"""Notes on a sale order's deliveries (the gift message the packer must see on the picking).

The note goes to ``stock.picking.note`` (Html; the text is escaped and put in a paragraph), after what the
picking's note already says. Writing it again changes nothing: a picking whose note already holds the text
is left alone, so a retried or replayed event does not repeat it. Cancelled pickings are skipped.
"""

from __future__ import annotations

import html

import structlog

from .client import OdooClient
from .field_values import declared

log = structlog.get_logger(__name__)

PICKING_FIELDS = ("note",)


def add_delivery_note(client: OdooClient, sale_order_id: int, text: str) -> list[int]:
    """Add ``text`` to the note of the order's outgoing deliveries; the ids of the pickings written."""
    escaped = html.escape(text.strip(), quote=False)
    if not escaped:
        return []
    pickings = client.search_read("stock.picking", [("sale_id", "=", sale_order_id),
                                                    ("picking_type_code", "=", "outgoing"),
                                                    ("state", "!=", "cancel")], ["note"], order="id")
    written = []
    for picking in pickings:
        current = picking.get("note") or ""
        if all(line in current for line in escaped.splitlines()):
            continue
        paragraphs = "".join(f"<p>{line}</p>" for line in escaped.splitlines() if line.strip())
        client.write("stock.picking", [picking["id"]], declared(PICKING_FIELDS, {"note": current + paragraphs}))
        written.append(picking["id"])
    if written:
        log.info("odoo_delivery_note_added", sale_order_id=sale_order_id, picking_ids=written)
    return written
