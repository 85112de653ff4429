"""Notes on a sale order's deliveries (the gift message the packer must see on the picking).

The note goes to ``stock.picking.note`` (Html; the text is escaped and put in a paragraph), after what the
picking's note already says. Writing it again changes nothing: a picking whose note already holds the text
is left alone, so a retried or replayed event does not repeat it. Cancelled pickings are skipped.
``add_delivery_notes`` does it for many orders in two calls (``load`` writes a different note per picking).
"""

from __future__ import annotations

import html
from typing import Mapping

import structlog

from .client import OdooClient
from .bulk_write import write_each
from .field_values import declared, many2one_id

log = structlog.get_logger(__name__)

PICKING_FIELDS = ("note",)


def add_delivery_note(client: OdooClient, sale_order_id: int, text: str) -> list[int]:
    """Add ``text`` to the note of the order's outgoing deliveries; the ids of the pickings written."""
    if not html.escape(text.strip(), quote=False):
        return []
    pickings = client.search_read("stock.picking", [("sale_id", "=", sale_order_id),
                                                    ("picking_type_code", "=", "outgoing"),
                                                    ("state", "!=", "cancel")], ["note"], order="id")
    written = []
    for picking in pickings:
        note = noted(picking.get("note"), text)
        if note is not None:
            client.write("stock.picking", [picking["id"]], declared(PICKING_FIELDS, {"note": note}))
            written.append(picking["id"])
    if written:
        log.info("odoo_delivery_note_added", sale_order_id=sale_order_id, picking_ids=written)
    return written


def add_delivery_notes(client: OdooClient, texts: Mapping[int, str]) -> list[int]:
    """The same for many orders (sale order id -> text) in two calls: one search, one ``load`` of every note."""
    pickings = client.search_read("stock.picking", [("sale_id", "in", sorted(texts)),
                                                    ("picking_type_code", "=", "outgoing"),
                                                    ("state", "!=", "cancel")], ["note", "sale_id"], order="id")
    notes = {picking["id"]: note for picking in pickings
             if (note := noted(picking.get("note"), texts[many2one_id(picking["sale_id"])])) is not None}
    written = write_each(client, "stock.picking", "note", notes)
    if written:
        log.info("odoo_delivery_notes_added", picking_ids=written)
    return written


def noted(current: str | None, text: str) -> str | None:
    """The note with ``text`` added (escaped, one paragraph a line), or None when it already holds it."""
    escaped, current = html.escape(text.strip(), quote=False), current or ""
    if not escaped or all(line in current for line in escaped.splitlines()):
        return None
    return current + "".join(f"<p>{line}</p>" for line in escaped.splitlines() if line.strip())
