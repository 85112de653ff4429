"""``sale.order.line``: product lines, and note/section lines (``display_type``), with Odoo 18's
constraints, defaults (name, price and taxes from the product) and amounts computed per line."""

from __future__ import annotations

from ..exceptions import ValidationError
from ..orm import fields as f
from ..orm.model import Model
from ..orm.registry import register
from .tax import compute_line_amounts

ACCOUNTABLE_MESSAGE = "The operation cannot be completed: Missing required fields on accountable sale order line."
NON_ACCOUNTABLE_MESSAGE = "The operation cannot be completed: Forbidden values on non-accountable sale order line"


@register
class SaleOrderLine(Model):
    _name = "sale.order.line"
    _description = "Sales Order Line"
    _order = "order_id, sequence, id"

    order_id = f.Many2one("sale.order", "Order Reference", required=True, ondelete="cascade")
    sequence = f.Integer("Sequence", default=10)
    display_type = f.Selection([("line_section", "Section"), ("line_note", "Note")], "Display Type")
    name = f.Text("Description", required=True)
    product_id = f.Many2one("product.product", "Product", ondelete="restrict")
    product_uom = f.Many2one("uom.uom", "Unit of Measure")
    product_uom_qty = f.Float("Quantity", required=True)
    price_unit = f.Float("Unit Price")
    discount = f.Float("Discount (%)", default=0.0)
    tax_id = f.Many2many("account.tax", "Taxes")
    customer_lead = f.Float("Lead Time", default=0.0)
    is_delivery = f.Boolean("Is a Delivery", default=False)
    price_subtotal = f.Monetary("Subtotal", compute="compute_price_subtotal", store=True)
    price_tax = f.Float("Total Tax", compute="compute_price_tax", store=True)
    price_total = f.Monetary("Total", compute="compute_price_total", store=True)
    qty_delivered = f.Float("Delivery Quantity", compute="compute_qty_delivered", store=True)
    move_ids = f.One2many("stock.move", "sale_line_id", "Stock Moves")
    currency_id = f.Many2one("res.currency", "Currency", compute="compute_currency_id", store=True)
    state = f.Selection([("draft", "Quotation"), ("sent", "Quotation Sent"), ("sale", "Sales Order"),
                         ("cancel", "Cancelled")], "Order Status", compute="compute_state", store=True)
    company_id = f.Many2one("res.company", "Company", default=1)

    def compute_display_name(self, row: dict) -> str:
        order = self.db.tables["sale.order"].get(row["order_id"]) or {}
        return f"{order.get('name', '')} - {(row.get('name') or '').splitlines()[0] if row.get('name') else ''}"

    # -- defaults and constraints -------------------------------------------------------------

    def prepare_create(self, vals: dict) -> dict:
        if vals.get("display_type"):
            return {"product_uom_qty": 0.0, "price_unit": 0.0, **vals}
        vals.setdefault("product_uom_qty", 1.0)
        product_id = vals.get("product_id")
        if type(product_id) is not int or product_id not in self.db.tables["product.product"]:
            return {"price_unit": 0.0, **vals}
        products = self.env["product.product"]
        product = products.row(product_id)
        if not vals.get("name"):
            description = products.value(product, "description_sale")
            vals["name"] = products.compute_display_name(product) + (f"\n{description}" if description else "")
        vals.setdefault("price_unit", products.value(product, "list_price"))
        vals.setdefault("product_uom", products.value(product, "uom_id"))
        vals.setdefault("tax_id", [(6, 0, products.value(product, "taxes_id"))])
        return vals

    def after_create(self, record_id: int, vals: dict) -> None:
        self._check_accountable([record_id])
        self.env["sale.order"].touch([self.table[record_id]["order_id"]])
        self.env["sale.order"].launch_stock_rule_for_new_line(record_id)

    def before_write(self, ids: list[int], vals: dict) -> None:
        if "product_uom_qty" in vals:
            self._previous_quantities = {i: self.table[i]["product_uom_qty"] for i in ids}

    def after_write(self, ids: list[int], vals: dict) -> None:
        self._check_accountable(ids)
        self.env["sale.order"].touch(sorted({self.table[i]["order_id"] for i in ids}))
        for line_id, previous in getattr(self, "_previous_quantities", {}).items():
            self.env["sale.order"].propagate_quantity_change(line_id, previous)

    def before_unlink(self, ids: list[int]) -> None:
        self.env["sale.order"].touch(sorted({self.table[i]["order_id"] for i in ids}))

    def _check_accountable(self, ids: list[int]) -> None:
        for line_id in ids:
            row = self.table[line_id]
            if not row.get("display_type") and not (row.get("product_id") and row.get("product_uom")):
                raise ValidationError(ACCOUNTABLE_MESSAGE)
            if row.get("display_type") and (row.get("product_id") or row.get("price_unit") or row.get("product_uom_qty")
                                            or row.get("product_uom") or row.get("customer_lead")):
                raise ValidationError(NON_ACCOUNTABLE_MESSAGE)

    # -- computed values ----------------------------------------------------------------------

    def amounts(self, row: dict) -> dict[str, float]:
        if row.get("display_type"):
            return {"price_subtotal": 0.0, "price_tax": 0.0, "price_total": 0.0}
        taxes = self.db.tables["account.tax"]
        tax_rows = [taxes[i] for i in row.get("tax_id") or [] if i in taxes]
        currency_id = self.compute_currency_id(row)
        rounding = self.env["res.currency"].get(currency_id, "rounding") if currency_id else 0.01
        return compute_line_amounts(tax_rows, row.get("price_unit") or 0.0, row.get("product_uom_qty") or 0.0,
                                    row.get("discount") or 0.0, rounding)

    def compute_price_subtotal(self, row):
        return self.amounts(row)["price_subtotal"]

    def compute_price_tax(self, row):
        return self.amounts(row)["price_tax"]

    def compute_price_total(self, row):
        return self.amounts(row)["price_total"]

    def compute_qty_delivered(self, row: dict) -> float:
        moves = self.db.tables["stock.move"]
        locations = self.env["stock.location"]
        total = 0.0
        for move_id in self.db.referencing("stock.move", "sale_line_id", row["id"]):
            move = moves[move_id]
            if move["state"] == "done":
                outgoing = locations.get(move["location_dest_id"], "usage") == "customer"
                total += move["quantity"] if outgoing else -move["quantity"]
        return total

    def compute_currency_id(self, row: dict):
        order = self.db.tables["sale.order"].get(row["order_id"])
        return order.get("currency_id") if order else None

    def compute_state(self, row: dict):
        order = self.db.tables["sale.order"].get(row["order_id"])
        return order.get("state") if order else None
