"""Amazon replacement orders in Odoo: a free order (total 0) that says which Amazon order it replaces.

Amazon sends a replacement as a new order whose ``associatedOrders`` name the original
(``REPLACEMENT_ORIGINAL_ID``). Its sale order carries a note line naming the original Amazon order and,
when Odoo has one, the original's sale order; after confirmation each order's chatter links to the other
(an internal note with a link Odoo opens in place), so a seller sees at once why a zero order exists.
"""

from __future__ import annotations

from html import escape

from .chatter import post_message
from .client import OdooClient
from .values import SaleOrderRef


def replacement_note(replaced_amazon_order_id: str, original: SaleOrderRef | None) -> str:
    """The note line of the replacement's sale order."""
    where = f"its sale order is {original.name}" if original else "Odoo has no sale order for it"
    return f"Free replacement of Amazon order {replaced_amazon_order_id} ({where})"


def link_replacement(client: OdooClient, *, sale_order_id: int, amazon_order_id: str, replaced_amazon_order_id: str,
                     original: SaleOrderRef | None) -> None:
    """Notes on both chatters, each linking to the other order (only on the replacement when there is no original)."""
    if original is None:
        post_message(client, "sale.order", sale_order_id, f"Free replacement of Amazon order "
                     f"{replaced_amazon_order_id}, which has no sale order in Odoo.")
        return
    post_message(client, "sale.order", sale_order_id, "Free replacement of Amazon order "
                 f"{escape(replaced_amazon_order_id)}, sold in {record_link(original.id, original.name)}.", html=True)
    post_message(client, "sale.order", original.id, f"Amazon sent a free replacement of this order: Amazon order "
                 f"{escape(amazon_order_id)}, {record_link(sale_order_id, 'its sale order')}.", html=True)


def record_link(sale_order_id: int, text: str) -> str:
    """An HTML link to a sale order that Odoo's web client opens in place (what Odoo's ``_get_html_link`` makes)."""
    return f'<a href="#" data-oe-model="sale.order" data-oe-id="{int(sale_order_id)}">{escape(text)}</a>'
