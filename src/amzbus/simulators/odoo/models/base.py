"""Reference models: company, users, currencies, countries and states, units, categories, sales
teams, pricelists, delivery carriers, lots and packages."""

from __future__ import annotations

from ..orm import fields as f
from ..orm.model import Model
from ..orm.registry import register


@register
class Company(Model):
    _name = "res.company"
    _description = "Companies"
    _order = "sequence, name"

    name = f.Char("Company Name", required=True)
    sequence = f.Integer("Sequence", default=10)
    partner_id = f.Many2one("res.partner", "Partner")
    currency_id = f.Many2one("res.currency", "Currency", required=True)
    country_id = f.Many2one("res.country", "Country")
    email = f.Char("Email")
    phone = f.Char("Phone")
    account_sale_tax_id = f.Many2one("account.tax", "Default Sale Tax")
    tax_calculation_rounding_method = f.Selection(
        [("round_per_line", "Round per Line"), ("round_globally", "Round Globally")],
        "Tax Calculation Rounding Method", default="round_per_line")
    stock_move_sms_validation = f.Boolean("SMS Confirmation", default=True)
    has_received_warning_stock_sms = f.Boolean("Has received warning stock sms", default=False)


@register
class Users(Model):
    _name = "res.users"
    _description = "User"
    _order = "name, login"

    name = f.Char("Name", compute="compute_name", store=True)
    login = f.Char("Login", required=True)
    partner_id = f.Many2one("res.partner", "Related Partner", required=True, ondelete="restrict")
    company_id = f.Many2one("res.company", "Company", default=1)
    active = f.Boolean("Active", default=True)
    share = f.Boolean("Share User", default=False)

    def compute_name(self, row: dict) -> str:
        return self.env["res.partner"].get(row["partner_id"], "name") if row.get("partner_id") else ""


@register
class Currency(Model):
    _name = "res.currency"
    _description = "Currency"
    _order = "active desc, name"

    name = f.Char("Currency", required=True)
    full_name = f.Char("Name")
    symbol = f.Char("Symbol", required=True)
    rounding = f.Float("Rounding Factor", default=0.01)
    decimal_places = f.Integer("Decimal Places", compute="compute_decimal_places")
    position = f.Selection([("after", "After Amount"), ("before", "Before Amount")], "Symbol Position",
                           default="after")
    active = f.Boolean("Active", default=True)

    def compute_decimal_places(self, row: dict) -> int:
        rounding = row.get("rounding") or 0.01
        return max(0, len(f"{rounding:.10f}".rstrip("0").split(".")[1]))


@register
class Country(Model):
    _name = "res.country"
    _description = "Country"
    _order = "name"

    name = f.Char("Country Name", required=True)
    code = f.Char("Country Code", required=True)
    currency_id = f.Many2one("res.currency", "Currency")
    phone_code = f.Integer("Country Calling Code")
    state_ids = f.One2many("res.country.state", "country_id", "States")

    def name_search_domain(self, name, operator):
        return ["|", ("name", operator, name), ("code", "=ilike", name)]


@register
class CountryState(Model):
    _name = "res.country.state"
    _description = "Country state"
    _order = "code"

    name = f.Char("State Name", required=True)
    code = f.Char("State Code", required=True)
    country_id = f.Many2one("res.country", "Country", required=True)

    def compute_display_name(self, row: dict) -> str:
        country_code = self.env["res.country"].get(row["country_id"], "code")
        return f"{row['name']} ({country_code})"

    def name_search_domain(self, name, operator):
        return ["|", ("name", operator, name), ("code", "=ilike", name)]


@register
class Uom(Model):
    _name = "uom.uom"
    _description = "Product Unit of Measure"

    name = f.Char("Unit of Measure", required=True)
    rounding = f.Float("Rounding Precision", default=0.01)
    active = f.Boolean("Active", default=True)


@register
class ProductCategory(Model):
    _name = "product.category"
    _description = "Product Category"
    _order = "complete_name"
    _rec_name = "complete_name"

    name = f.Char("Name", required=True)
    parent_id = f.Many2one("product.category", "Parent Category", ondelete="cascade")
    complete_name = f.Char("Complete Name", compute="compute_complete_name", store=True)

    def compute_complete_name(self, row: dict) -> str:
        names = [self.table[i]["name"] for i in reversed(self.ancestor_ids(row["id"]))]
        return " / ".join(names)


@register
class Team(Model):
    _name = "crm.team"
    _description = "Sales Team"
    _order = "sequence ASC, create_date DESC, id DESC"

    name = f.Char("Sales Team", required=True)
    sequence = f.Integer("Sequence", default=10)
    active = f.Boolean("Active", default=True)
    company_id = f.Many2one("res.company", "Company", default=1)
    user_id = f.Many2one("res.users", "Team Leader")


@register
class Pricelist(Model):
    _name = "product.pricelist"
    _description = "Pricelist"
    _order = "sequence, id, name"

    name = f.Char("Pricelist Name", required=True)
    sequence = f.Integer("Sequence", default=16)
    currency_id = f.Many2one("res.currency", "Currency", required=True,
                             default=lambda model: model.env["res.company"].get(1, "currency_id"))
    active = f.Boolean("Active", default=True)
    company_id = f.Many2one("res.company", "Company")

    def compute_display_name(self, row: dict) -> str:
        currency = self.env["res.currency"].display_name_of(row["currency_id"])
        return f"{row['name']} ({currency})"


@register
class Carrier(Model):
    _name = "delivery.carrier"
    _description = "Shipping Methods"
    _order = "sequence, id"

    name = f.Char("Delivery Method", required=True)
    sequence = f.Integer("Sequence", default=10)
    active = f.Boolean("Active", default=True)
    delivery_type = f.Selection([("base_on_rule", "Based on Rules"), ("fixed", "Fixed Price")], "Provider",
                                required=True, default="fixed")
    product_id = f.Many2one("product.product", "Delivery Product", required=True, ondelete="restrict")
    fixed_price = f.Float("Fixed Price")
    tracking_url = f.Char("Tracking Link")
    company_id = f.Many2one("res.company", "Company")


@register
class Lot(Model):
    _name = "stock.lot"
    _description = "Lot/Serial"

    name = f.Char("Lot/Serial Number", required=True)
    product_id = f.Many2one("product.product", "Product", required=True)


@register
class Package(Model):
    _name = "stock.quant.package"
    _description = "Packages"

    name = f.Char("Package Reference", required=True)
