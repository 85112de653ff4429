"""Routes and their rules, as far as a sale order line's route decides where its delivery leaves from.

A line with a ``route_id`` is procured by the route's first pull rule (by sequence, then id): its delivery
leaves the rule's ``location_src_id`` with the rule's operation type, in a picking of its own, apart from the
order's lines without a route (which leave the warehouse's stock, as ``sale_stock`` does). Push rules,
procurement methods other than from stock, multi-step routes and product or warehouse routes are not
simulated.
"""

from __future__ import annotations

from ..orm import fields as f
from ..orm.model import Model
from ..orm.registry import register


@register
class Route(Model):
    _name = "stock.route"
    _description = "Inventory Routes"
    _order = "sequence, id"

    name = f.Char("Route", required=True)
    active = f.Boolean("Active", default=True)
    sequence = f.Integer("Sequence", default=0)
    sale_selectable = f.Boolean("Selectable on Sales Order Line", default=False)
    product_selectable = f.Boolean("Applicable on Product", default=True)
    rule_ids = f.One2many("stock.rule", "route_id", "Rules")
    company_id = f.Many2one("res.company", "Company", default=1)

    def pull_rule(self, route_id: int) -> dict | None:
        """The rule that procures a line of this route: its first pull rule."""
        rules = self.env["stock.rule"]
        pulls = sorted((rules.table[i] for i in self.get(route_id, "rule_ids")
                        if rules.table[i]["action"] in ("pull", "pull_push") and rules.table[i]["active"]),
                       key=lambda rule: (rule["sequence"], rule["id"]))
        return pulls[0] if pulls else None


@register
class Rule(Model):
    _name = "stock.rule"
    _description = "Stock Rule"
    _order = "sequence, id"

    name = f.Char("Name", required=True)
    active = f.Boolean("Active", default=True)
    sequence = f.Integer("Sequence", default=20)
    action = f.Selection([("pull", "Pull From"), ("push", "Push To"), ("pull_push", "Pull & Push")], "Action",
                         required=True)
    route_id = f.Many2one("stock.route", "Route", required=True, ondelete="cascade")
    location_src_id = f.Many2one("stock.location", "Source Location")
    location_dest_id = f.Many2one("stock.location", "Destination Location", required=True)
    picking_type_id = f.Many2one("stock.picking.type", "Operation Type", required=True)
    procure_method = f.Selection([("make_to_stock", "Take From Stock"), ("make_to_order", "Trigger Another Rule"),
                                  ("mts_else_mto", "Take From Stock, if unavailable, Trigger Another Rule")],
                                 "Supply Method", required=True, default="make_to_stock")
    company_id = f.Many2one("res.company", "Company", default=1)
