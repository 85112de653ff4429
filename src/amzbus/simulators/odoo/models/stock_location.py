"""Locations, warehouses and operation types, and the location scope of stock figures."""

from __future__ import annotations

from ..orm import fields as f
from ..orm.model import Model
from ..orm.registry import register

USAGES = [("supplier", "Vendor"), ("view", "Virtual"), ("internal", "Internal"), ("customer", "Customer"),
          ("inventory", "Inventory Loss"), ("production", "Production"), ("transit", "Transit")]


@register
class Location(Model):
    _name = "stock.location"
    _description = "Inventory Locations"
    _order = "complete_name, id"
    _rec_name = "complete_name"
    _parent_name = "location_id"

    name = f.Char("Location Name", required=True)
    complete_name = f.Char("Full Location Name", compute="compute_complete_name", store=True)
    location_id = f.Many2one("stock.location", "Parent Location", ondelete="cascade")
    child_ids = f.One2many("stock.location", "location_id", "Contains")
    usage = f.Selection(USAGES, "Location Type", required=True, default="internal")
    active = f.Boolean("Active", default=True)
    company_id = f.Many2one("res.company", "Company", default=1)
    barcode = f.Char("Barcode")
    warehouse_id = f.Many2one("stock.warehouse", "Warehouse", compute="compute_warehouse")

    def compute_complete_name(self, row: dict) -> str:
        parent = self.table.get(row.get("location_id"))
        if parent and row.get("usage") != "view":
            return f"{self.compute_complete_name(parent)}/{row['name']}"
        return row["name"]

    def compute_warehouse(self, row: dict):
        ancestors = set(self.ancestor_ids(row["id"]))
        for warehouse in self.db.tables["stock.warehouse"].values():
            if warehouse.get("view_location_id") in ancestors:
                return warehouse["id"]
        return None

    def descendant_ids(self, root_ids) -> set[int]:
        roots = set(root_ids)
        return {i for i in self.table if roots & set(self.ancestor_ids(i))}


@register
class Warehouse(Model):
    _name = "stock.warehouse"
    _description = "Warehouse"
    _order = "sequence,id"

    name = f.Char("Warehouse", required=True)
    code = f.Char("Short Name", required=True)
    sequence = f.Integer("Sequence", default=10)
    active = f.Boolean("Active", default=True)
    company_id = f.Many2one("res.company", "Company", required=True, default=1)
    partner_id = f.Many2one("res.partner", "Address")
    view_location_id = f.Many2one("stock.location", "View Location")
    lot_stock_id = f.Many2one("stock.location", "Location Stock")
    wh_output_stock_loc_id = f.Many2one("stock.location", "Output Location")
    out_type_id = f.Many2one("stock.picking.type", "Out Type")
    in_type_id = f.Many2one("stock.picking.type", "In Type")
    delivery_steps = f.Selection([("ship_only", "Deliver (1 step)"), ("pick_ship", "Pick then Deliver (2 steps)"),
                                  ("pick_pack_ship", "Pick, Pack, then Deliver (3 steps)")], "Outgoing Shipments",
                                 default="ship_only")


@register
class PickingType(Model):
    _name = "stock.picking.type"
    _description = "Picking Type"
    _order = "sequence, id"

    name = f.Char("Operation Type", required=True)
    code = f.Selection([("incoming", "Receipt"), ("outgoing", "Delivery"), ("internal", "Internal Transfer")],
                       "Type of Operation", required=True)
    sequence = f.Integer("Sequence", default=1)
    sequence_code = f.Char("Sequence Prefix", required=True)
    warehouse_id = f.Many2one("stock.warehouse", "Warehouse")
    default_location_src_id = f.Many2one("stock.location", "Default Source Location")
    default_location_dest_id = f.Many2one("stock.location", "Default Destination Location")
    create_backorder = f.Selection([("ask", "Ask"), ("always", "Always"), ("never", "Never")], "Create Backorder",
                                   required=True, default="ask")
    reservation_method = f.Selection([("at_confirm", "At Confirmation"), ("manual", "Manually"),
                                      ("by_date", "Before scheduled date")], "Reservation Method",
                                     required=True, default="at_confirm")
    active = f.Boolean("Active", default=True)
    company_id = f.Many2one("res.company", "Company", default=1)

    def compute_display_name(self, row: dict) -> str:
        warehouse = self.db.tables["stock.warehouse"].get(row.get("warehouse_id"))
        return f"{warehouse['name']}: {row['name']}" if warehouse else row["name"]

    def next_picking_name(self, type_id: int) -> str:
        row = self.row(type_id)
        warehouse = self.db.tables["stock.warehouse"].get(row.get("warehouse_id"))
        prefix = f"{warehouse['code']}/{row['sequence_code']}/" if warehouse else f"{row['sequence_code']}/"
        return f"{prefix}{self.db.next_sequence('stock.picking.' + str(type_id)):05d}"


def stock_scope(env) -> set[int]:
    """Location ids whose stock counts, from the context (``location`` or ``warehouse_id``) or, by
    default, every warehouse's locations (a location outside every warehouse, such as an FBA
    location, counts only when named)."""
    locations = env["stock.location"]
    context = env.context
    if context.get("location"):
        roots = _ids(context["location"])
    elif context.get("warehouse_id") or context.get("warehouse"):
        warehouses = env["stock.warehouse"]
        roots = [warehouses.get(w, "view_location_id") for w in _ids(context.get("warehouse_id") or context["warehouse"])]
    else:
        roots = [w["view_location_id"] for w in env.db.tables["stock.warehouse"].values() if w.get("active")]
    return locations.descendant_ids(roots)


def _ids(value) -> list[int]:
    return [int(v) for v in value] if isinstance(value, (list, tuple)) else [int(value)]
