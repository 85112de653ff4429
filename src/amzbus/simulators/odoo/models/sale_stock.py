"""What ``sale_stock`` adds to sale orders: confirming launches the delivery.

Confirmation creates one outgoing picking per order (``WH/OUT/xxxxx``) from the warehouse's stock
to the customers location, for goods lines (``type='consu'``, storable or not; services and combos
have no move), addressed to ``partner_shipping_id``, with ``origin`` ``"S00027 - <client_order_ref>"``
(or the order name without a reference), then reserves. A line added to a confirmed order, or a
quantity increase, adds to the open delivery; a decrease leaves the delivery unchanged (Odoo logs
an activity for a person to adjust it).
"""

from __future__ import annotations


class SaleStock:
    def launch_stock_rule(self, order_id: int, quantities: dict[int, float]) -> None:
        """Deliver ``quantities`` (``{line_id: quantity}``) of order ``order_id``."""
        lines = self.env["sale.order.line"]
        moves = self.env["stock.move"]
        goods = {line_id: quantity for line_id, quantity in quantities.items() if quantity > 0 and self._is_goods(line_id)}
        if not goods:
            return
        picking_id = self._open_delivery(order_id) or self._create_delivery(order_id)
        pickings = self.env["stock.picking"]
        picking = pickings.row(picking_id)
        new_moves = []
        for line_id, quantity in goods.items():
            existing = [m for m in pickings.moves_of(picking_id)
                        if m["sale_line_id"] == line_id and m["state"] not in ("done", "cancel")]
            if existing:
                moves.update_row(existing[0]["id"], {"product_uom_qty": existing[0]["product_uom_qty"] + quantity})
                new_moves.append(existing[0]["id"])
                continue
            line = lines.row(line_id)
            new_moves += moves.create_records([{
                "name": line["name"], "product_id": line["product_id"], "product_uom_qty": quantity,
                "picking_id": picking_id, "sale_line_id": line_id, "origin": self.table[order_id]["name"],
                "location_id": picking["location_id"], "location_dest_id": picking["location_dest_id"],
                "picking_type_id": picking["picking_type_id"], "partner_id": picking["partner_id"],
            }])
        moves.confirm(new_moves)
        moves.recompute_state(new_moves)
        moves.assign(new_moves)
        pickings.refresh_states([picking_id])

    def launch_stock_rule_for_new_line(self, line_id: int) -> None:
        line = self.env["sale.order.line"].row(line_id)
        if self.table[line["order_id"]]["state"] == "sale":
            self.launch_stock_rule(line["order_id"], {line_id: line["product_uom_qty"]})

    def propagate_quantity_change(self, line_id: int, previous: float) -> None:
        line = self.env["sale.order.line"].row(line_id)
        increase = line["product_uom_qty"] - previous
        if increase > 0 and self.table[line["order_id"]]["state"] == "sale":
            self.launch_stock_rule(line["order_id"], {line_id: increase})

    def _is_goods(self, line_id: int) -> bool:
        line = self.env["sale.order.line"].row(line_id)
        if line.get("display_type") or not line.get("product_id"):
            return False
        return self.env["product.product"].get(line["product_id"], "type") == "consu"

    def _open_delivery(self, order_id: int) -> int | None:
        pickings = self.env["stock.picking"]
        for picking_id in sorted(self.db.referencing("stock.picking", "sale_id", order_id)):
            if pickings.table[picking_id]["state"] not in ("done", "cancel"):
                return picking_id
        return None

    def _create_delivery(self, order_id: int) -> int:
        order = self.table[order_id]
        warehouse = self.env["stock.warehouse"].row(order["warehouse_id"])
        origin = f"{order['name']} - {order['client_order_ref']}" if order.get("client_order_ref") else order["name"]
        return self.env["stock.picking"].create_records([{
            "picking_type_id": warehouse["out_type_id"], "location_id": warehouse["lot_stock_id"],
            "location_dest_id": self.env.ref("stock.stock_location_customers"),
            "partner_id": order["partner_shipping_id"], "origin": origin, "sale_id": order_id,
            "carrier_id": order.get("carrier_id") or False, "move_type": order.get("picking_policy") or "direct",
            "scheduled_date": order.get("commitment_date") or self.env.now, "company_id": order.get("company_id") or 1,
        }])[0]
