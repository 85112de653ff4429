"""The records a fresh simulated database starts with, created through the ORM itself.

A company (US, USD), OdooBot and the admin user, currencies, countries and states, the usual
locations (Partners/Customers, Partners/Vendors, Virtual Locations/Inventory adjustment), the
``WH`` warehouse with ``WH/Stock`` and its receipt and delivery types, taxes (one price-excluded
15% company default, as Odoo's generic chart has, and price-included VAT rates), the ``Sales``
team, ``Public Pricelist`` and delivery carriers. Returns the xml ids of what it created.
"""

from __future__ import annotations

from .seed_geo import COUNTRIES, CURRENCIES, states_of

TAXES = [  # name, amount, price included
    ("15%", 15.0, False), ("0% Exempt", 0.0, False), ("Sales Tax 8.25%", 8.25, False), ("GST 5%", 5.0, False),
    ("HST 13%", 13.0, False), ("IVA 16% (incl)", 16.0, True), ("VAT 19% (incl)", 19.0, True),
    ("VAT 20% (incl)", 20.0, True), ("VAT 21% (incl)", 21.0, True), ("VAT 22% (incl)", 22.0, True),
]
CARRIERS = ["Standard Delivery", "UPS", "FedEx", "USPS", "DHL Express", "Royal Mail", "Deutsche Post",
            "Canada Post", "Amazon Shipping"]


def seed(env, *, login: str) -> dict[str, int]:
    xmlids = env.xmlids
    _seed_currencies_and_countries(env, xmlids)
    _seed_company_and_users(env, xmlids, login)
    _seed_sales_setup(env, xmlids)
    _seed_stock(env, xmlids)
    _seed_carriers(env, xmlids)
    return xmlids


def _create(env, model: str, vals: dict, xmlid: str | None = None) -> int:
    record_id = env[model].create_records([vals])[0]
    if xmlid:
        env.xmlids[xmlid] = record_id
    return record_id


def _seed_currencies_and_countries(env, xmlids) -> None:
    for code, full_name, symbol, position, active in CURRENCIES:
        _create(env, "res.currency", {"name": code, "full_name": full_name, "symbol": symbol,
                                      "position": position, "active": active}, f"base.{code}")
    for code, name, currency, phone_code in COUNTRIES:
        country_id = _create(env, "res.country", {"name": name, "code": code, "phone_code": phone_code,
                                                  "currency_id": xmlids[f"base.{currency}"]}, f"base.{code.lower()}")
        for state_code, state_name in states_of(code):
            _create(env, "res.country.state", {"name": state_name, "code": state_code, "country_id": country_id})


def _seed_company_and_users(env, xmlids, login: str) -> None:
    states = env["res.country.state"]
    california = states.search_ids([("code", "=", "CA"), ("country_id", "=", xmlids["base.us"])])[0]
    _create(env, "res.partner", {"name": "My Company", "is_company": True, "street": "250 Executive Park Blvd",
                                 "city": "San Francisco", "zip": "94134", "state_id": california,
                                 "country_id": xmlids["base.us"], "email": "info@yourcompany.com"}, "base.main_partner")
    _create(env, "res.partner", {"name": "OdooBot", "email": "odoobot@example.com", "active": False}, "base.partner_root")
    _create(env, "res.partner", {"name": "Administrator", "email": "admin@yourcompany.example.com"}, "base.partner_admin")
    _create(env, "res.company", {"name": "My Company", "partner_id": xmlids["base.main_partner"],
                                 "currency_id": xmlids["base.USD"], "country_id": xmlids["base.us"]}, "base.main_company")
    _create(env, "res.users", {"login": "__system__", "partner_id": xmlids["base.partner_root"], "active": False},
            "base.user_root")
    _create(env, "res.users", {"login": login, "partner_id": xmlids["base.partner_admin"]}, "base.user_admin")


def _seed_sales_setup(env, xmlids) -> None:
    _create(env, "uom.uom", {"name": "Units"}, "uom.product_uom_unit")
    all_category = _create(env, "product.category", {"name": "All"}, "product.product_category_all")
    _create(env, "product.category", {"name": "Saleable", "parent_id": all_category}, "product.product_category_1")
    for index, (name, amount, included) in enumerate(TAXES, start=1):
        _create(env, "account.tax", {"name": name, "amount": amount, "description": name, "sequence": index,
                                     "price_include_override": "tax_included" if included else "tax_excluded"},
                f"account.tax_{index}")
    env["res.company"].write([xmlids["base.main_company"]], {"account_sale_tax_id": xmlids["account.tax_1"]})
    _create(env, "crm.team", {"name": "Sales", "sequence": 0}, "sales_team.team_sales_department")
    _create(env, "product.pricelist", {"name": "Public Pricelist", "currency_id": xmlids["base.USD"], "sequence": 1},
            "product.list0")


def _seed_stock(env, xmlids) -> None:
    def location(name, usage, parent=None, xmlid=None):
        return _create(env, "stock.location", {"name": name, "usage": usage, "location_id": parent or False}, xmlid)

    physical = location("Physical Locations", "view", xmlid="stock.stock_location_locations")
    partners = location("Partners", "view", xmlid="stock.stock_location_locations_partner")
    virtual = location("Virtual Locations", "view", xmlid="stock.stock_location_locations_virtual")
    suppliers = location("Vendors", "supplier", partners, "stock.stock_location_suppliers")
    customers = location("Customers", "customer", partners, "stock.stock_location_customers")
    location("Inventory adjustment", "inventory", virtual, "stock.stock_location_inventory")
    location("Scrap", "inventory", virtual, "stock.stock_location_scrapped")
    view = location("WH", "view", physical, "stock.warehouse0_view_location")
    stock = location("Stock", "internal", view, "stock.stock_location_stock")
    output = location("Output", "internal", view, "stock.stock_location_output")
    location("Input", "internal", view, "stock.stock_location_input")
    warehouse = _create(env, "stock.warehouse", {"name": "My Company", "code": "WH", "view_location_id": view,
                                                 "lot_stock_id": stock, "wh_output_stock_loc_id": output,
                                                 "partner_id": xmlids["base.main_partner"]}, "stock.warehouse0")
    incoming = _create(env, "stock.picking.type", {
        "name": "Receipts", "code": "incoming", "sequence_code": "IN", "warehouse_id": warehouse,
        "default_location_src_id": suppliers, "default_location_dest_id": stock}, "stock.picking_type_in")
    outgoing = _create(env, "stock.picking.type", {
        "name": "Delivery Orders", "code": "outgoing", "sequence_code": "OUT", "warehouse_id": warehouse,
        "default_location_src_id": stock, "default_location_dest_id": customers}, "stock.picking_type_out")
    env["stock.warehouse"].write([warehouse], {"in_type_id": incoming, "out_type_id": outgoing})


def _seed_carriers(env, xmlids) -> None:
    product = _create(env, "product.product", {"name": "Standard delivery", "type": "service", "list_price": 0.0,
                                               "sale_ok": False, "taxes_id": [(6, 0, [])]},
                      "delivery.product_product_delivery")
    for index, name in enumerate(CARRIERS, start=1):
        _create(env, "delivery.carrier", {"name": name, "product_id": product, "delivery_type": "fixed",
                                          "sequence": index}, f"delivery.carrier_{index}")
