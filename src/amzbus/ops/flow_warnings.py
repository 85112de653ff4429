"""What the Odoo -> Amazon flows could not do as asked, for ``amzbus status`` and the dashboard's warnings panel.

- deliveries validated in Odoo that cannot be confirmed to Amazon yet (no tracking number, no carrier, a line
  that is no item of the Amazon order), each named; those the bus validated itself are not warnings;
- FBA SKUs Amazon reports that no Odoo product mirrors (no offer, or no product with its reference).
"""

from __future__ import annotations

from ..bus.fbm_orders import FbmOrders
from ..bus.shipment_state import DeliveryWarnings
from ..bus.stock_state import FbaUnmapped
from .dashboard.warnings import Warning, register_source


def deliveries_not_confirmed(runtime) -> list[dict]:
    fbm_orders = FbmOrders(runtime.redis, namespace=runtime.namespace)
    return [{"account": w.account, "delivery": w.delivery, "picking_id": w.picking_id,
             "amazon_order_id": w.amazon_order_id, "reason": w.reason}
            for w in DeliveryWarnings(runtime.redis, namespace=runtime.namespace).current()
            if not fbm_orders.validated_by_bus(w.account, w.picking_id)]


def fba_unmapped_skus(runtime) -> dict[str, list[str]]:
    return FbaUnmapped(runtime.redis, namespace=runtime.namespace).by_account()


@register_source
def flow_warnings(runtime) -> list[Warning]:
    deliveries = deliveries_not_confirmed(runtime)
    unmapped = fba_unmapped_skus(runtime)
    return [
        Warning("Validated deliveries not confirmed to Amazon", len(deliveries),
                "Add what is missing (tracking number, carrier) to the delivery in Odoo: it is confirmed then.",
                [f"{d['delivery']} ({d['account']} {d['amazon_order_id']}): {d['reason']}" for d in deliveries[:10]]),
        Warning("FBA SKUs without an Odoo product to mirror their stock on", sum(map(len, unmapped.values())),
                "Map them with `amzbus offers set` (or give an Odoo product their reference).",
                [f"{account} {sku}" for account, skus in sorted(unmapped.items()) for sku in skus][:20]),
    ]
