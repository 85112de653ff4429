"""The route that delivers an FBA order's lines from its account's FBA location.

Amazon ships an FBA order; in Odoo its delivery leaves the account's FBA location (the mirror of Amazon's
stock). The order's lines carry this route, so ``action_confirm`` creates the delivery at the FBA location and
reserves the FBA stock there. The warehouse's own stock, which Amazon's FBM quantities are read from, is never
reserved for an FBA order, even for a moment; and a delivery so reserved is validated as it is, without being
unreserved and moved to the FBA location first (measured on a real Odoo 18: a seventh less Odoo time for a
batch of FBA orders, bench/RESULTS.md). Deliveries of FBA orders created without it are still moved there.

One route per FBA location, named ``Amazon FBA: <location>``, with one pull rule: from the FBA location to the
warehouse delivery type's destination (the customers' location), with that delivery type. Found by name, or
created; an archived one is an error naming it (the seller archived it on purpose). Workers creating it at the
same moment each create one: the oldest (lowest id) is the route, and each creator removes its own younger copy.
"""

from __future__ import annotations

import structlog

from .client import OdooClient
from .errors import OdooPermanentError
from .field_values import declared, many2one_id
from .values import Warehouse

log = structlog.get_logger(__name__)

ROUTE_PREFIX = "Amazon FBA: "
ROUTE_FIELDS = ("name", "sale_selectable", "product_selectable", "rule_ids")
RULE_FIELDS = ("name", "action", "location_src_id", "location_dest_id", "picking_type_id", "procure_method")


def ensure_fba_route(client: OdooClient, *, fba_location_id: int, warehouse: Warehouse) -> int:
    """The route delivering from ``fba_location_id`` (see the module), created when missing; cached."""
    def load() -> int:
        location = client.read("stock.location", [fba_location_id], ["name"])[0]["name"]
        name = f"{ROUTE_PREFIX}{location}"
        domain = [("name", "=", name)]

        def found() -> list[dict]:
            return client.search_read("stock.route", domain, ["active"], order="id", context={"active_test": False})

        rows = found()
        if not rows:
            created = client.create_one("stock.route", declared(ROUTE_FIELDS, {
                "name": name, "sale_selectable": True, "product_selectable": False,
                "rule_ids": [(0, 0, declared(RULE_FIELDS, _rule_values(client, name, fba_location_id, warehouse)))]}))
            rows = found()
            if rows[0]["id"] != created:
                client.execute("stock.route", "unlink", [created])
            else:
                log.info("odoo_fba_route_created", route_id=created, location_id=fba_location_id)
        if not rows[0].get("active", True):
            raise OdooPermanentError(f"the route {name!r} is archived in Odoo: unarchive it (FBA orders are delivered "
                                     "from their FBA location through it)", code="odoo_fba_route_archived",
                                     model="stock.route")
        return rows[0]["id"]
    return client.cache.get_or_load(("stock.route", "fba", fba_location_id), load)


def _rule_values(client: OdooClient, name: str, fba_location_id: int, warehouse: Warehouse) -> dict:
    if warehouse.delivery_type_id is None:
        raise OdooPermanentError(f"warehouse {warehouse.code} has no delivery operation type in Odoo",
                                 code="odoo_no_delivery_type", model="stock.warehouse")
    delivery_type = client.read("stock.picking.type", [warehouse.delivery_type_id], ["default_location_dest_id"])[0]
    return {"name": name, "action": "pull", "procure_method": "make_to_stock", "location_src_id": fba_location_id,
            "location_dest_id": many2one_id(delivery_type["default_location_dest_id"]),
            "picking_type_id": warehouse.delivery_type_id}
