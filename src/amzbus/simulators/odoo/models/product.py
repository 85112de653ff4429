"""Products: ``product.template`` and its variants ``product.product`` (``_inherits``), with
Odoo 18's types (``consu``/``service``/``combo``, storable through ``is_storable``) and stock
figures computed from quants and moves in the context's location scope."""

from __future__ import annotations

from ..orm import fields as f
from ..orm.model import Model
from ..orm.registry import register
from .mail import MailThread
from .stock_location import stock_scope

OPEN_MOVE_STATES = ("waiting", "confirmed", "assigned", "partially_available")
QUANTITY_FIELDS = ("qty_available", "free_qty", "incoming_qty", "outgoing_qty", "virtual_available")


def _default_taxes(model):
    tax_id = model.env["res.company"].get(model.env.company_id, "account_sale_tax_id")
    return [(6, 0, [tax_id] if tax_id else [])]


class StockFigures:
    """The five stock figures of a product, in the context's location scope."""

    qty_available = f.Float("Quantity On Hand", compute="compute_qty_available", store=False)
    free_qty = f.Float("Free To Use Quantity", compute="compute_free_qty", store=False)
    incoming_qty = f.Float("Incoming", compute="compute_incoming_qty", store=False)
    outgoing_qty = f.Float("Outgoing", compute="compute_outgoing_qty", store=False)
    virtual_available = f.Float("Forecasted Quantity", compute="compute_virtual_available", store=False)

    def variant_ids(self, row: dict) -> list[int]:
        return [row["id"]]

    def figures(self, row: dict) -> dict[str, float]:
        scope = stock_scope(self.env)
        figures = dict.fromkeys(QUANTITY_FIELDS, 0.0)
        for product_id in self.variant_ids(row):
            for quant_id in self.db.referencing("stock.quant", "product_id", product_id):
                quant = self.db.tables["stock.quant"][quant_id]
                if quant["location_id"] in scope:
                    figures["qty_available"] += quant["quantity"]
                    figures["free_qty"] += quant["quantity"] - quant["reserved_quantity"]
            for move_id in self.db.referencing("stock.move", "product_id", product_id):
                move = self.db.tables["stock.move"][move_id]
                if move["state"] in OPEN_MOVE_STATES:
                    source_in, dest_in = move["location_id"] in scope, move["location_dest_id"] in scope
                    if dest_in and not source_in:
                        figures["incoming_qty"] += move["product_uom_qty"]
                    if source_in and not dest_in:
                        figures["outgoing_qty"] += move["product_uom_qty"]
        figures["virtual_available"] = figures["qty_available"] + figures["incoming_qty"] - figures["outgoing_qty"]
        return figures

    def compute_qty_available(self, row):
        return self.figures(row)["qty_available"]

    def compute_free_qty(self, row):
        return self.figures(row)["free_qty"]

    def compute_incoming_qty(self, row):
        return self.figures(row)["incoming_qty"]

    def compute_outgoing_qty(self, row):
        return self.figures(row)["outgoing_qty"]

    def compute_virtual_available(self, row):
        return self.figures(row)["virtual_available"]


@register
class ProductTemplate(StockFigures, MailThread, Model):
    _name = "product.template"
    _description = "Product"
    _order = "priority desc, name"

    name = f.Char("Name", required=True)
    priority = f.Selection([("0", "Normal"), ("1", "Favorite")], "Favorite", default="0")
    type = f.Selection([("consu", "Goods"), ("service", "Service"), ("combo", "Combo")], "Product Type",
                       required=True, default="consu")
    is_storable = f.Boolean("Track Inventory", default=False)
    default_code = f.Char("Internal Reference", compute="compute_default_code", inverse="set_default_code")
    list_price = f.Float("Sales Price", default=1.0)
    standard_price = f.Float("Cost", default=0.0)
    categ_id = f.Many2one("product.category", "Product Category", required=True, default=1)
    uom_id = f.Many2one("uom.uom", "Unit", required=True, default=1)
    sale_ok = f.Boolean("Can be Sold", default=True)
    purchase_ok = f.Boolean("Can be Purchased", default=True)
    active = f.Boolean("Active", default=True)
    taxes_id = f.Many2many("account.tax", "Sales Taxes", default=_default_taxes)
    description_sale = f.Text("Sales Description")
    weight = f.Float("Weight")
    tracking = f.Selection([("serial", "By Unique Serial Number"), ("lot", "By Lots"), ("none", "By Quantity")],
                           "Tracking", required=True, default="none")
    product_variant_ids = f.One2many("product.product", "product_tmpl_id", "Products")
    company_id = f.Many2one("res.company", "Company")

    def variant_ids(self, row: dict) -> list[int]:
        return sorted(self.db.referencing("product.product", "product_tmpl_id", row["id"]))

    def compute_default_code(self, row: dict):
        variants = self.variant_ids(row)
        if len(variants) != 1:
            return None
        return self.db.tables["product.product"][variants[0]].get("default_code")

    def set_default_code(self, ids: list[int], value) -> None:
        products = self.env["product.product"]
        for template_id in ids:
            variants = self.variant_ids(self.row(template_id))
            if len(variants) == 1:
                products.update_row(variants[0], {"default_code": value or None})

    def after_create(self, record_id: int, vals: dict) -> None:
        if not self.env.context.get("create_from_child"):
            variant = {"product_tmpl_id": record_id, "default_code": vals.get("default_code") or False}
            self.env["product.product"].create_records([variant])


@register
class Product(StockFigures, MailThread, Model):
    _name = "product.product"
    _description = "Product Variant"
    _order = "priority desc, default_code, name, id"
    _inherits = {"product.template": "product_tmpl_id"}

    product_tmpl_id = f.Many2one("product.template", "Product Template", required=True, ondelete="cascade")
    default_code = f.Char("Internal Reference")
    barcode = f.Char("Barcode")
    active = f.Boolean("Active", default=True)
    lst_price = f.Float("Sales Price", compute="compute_lst_price", inverse="set_lst_price")

    def compute_display_name(self, row: dict) -> str:
        name = self.value(row, "name")
        return f"[{row['default_code']}] {name}" if row.get("default_code") else name

    def name_search_domain(self, name, operator):
        return ["|", ("default_code", "=ilike", name), ("name", operator, name)]

    def compute_lst_price(self, row: dict) -> float:
        return self.value(row, "list_price")

    def set_lst_price(self, ids: list[int], value) -> None:
        templates = {self.row(i)["product_tmpl_id"] for i in ids}
        self.env["product.template"].write(sorted(templates), {"list_price": value})
