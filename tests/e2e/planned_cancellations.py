"""Cancellations made to happen, not hoped for.

``PlannedCancellations(stack)`` places, when it is made, ``after_import`` FBM orders without any planned
cancellation and ``before_import`` orders the simulator cancels while they are still pending.
``complete()`` waits until the first ones have their confirmed sale order in Odoo, cancels them on
Amazon, and waits until Odoo has cancelled them and created nothing for the others. Made at the start of a
run, the orders are imported during it, so completing costs only the cancellations' own trip.
"""

from __future__ import annotations

from bus_testing import wait_for
from order_traffic import odoo_reconciles

from amzbus.ops.demo import DEMO_MIX
from amzbus.ops.reconcile import Reconciliation

PLAIN = {**DEMO_MIX, "fba_ratio": 0.0, "replacement_ratio": 0.0, "cancel_after_eligible_ratio": 0.0}


class PlannedCancellations:
    def __init__(self, stack, *, after_import: int = 3, before_import: int = 2) -> None:
        self.stack, self.after_import, self.before_import = stack, after_import, before_import
        self.imported = stack.amazon_admin("POST", "orders/generate", count=after_import,
                                           mix={**PLAIN, "cancel_before_eligible_ratio": 0.0})["orders"]
        self.pending = stack.amazon_admin("POST", "orders/generate", count=before_import,
                                          mix={**PLAIN, "cancel_before_eligible_ratio": 1.0})["orders"]

    def complete(self, *, timeout: float = 90.0) -> Reconciliation:
        """The reconciliation of the planned orders once Odoo has caught up (raises if it does not)."""
        wait_for(self._confirmed_in_odoo, message=f"the sale orders of {self.imported} confirmed in Odoo",
                 timeout=timeout, interval=1.0)
        for order_id in self.imported:
            self.stack.amazon_admin("POST", f"orders/{order_id}/cancel", by="BUYER", reason="Changed my mind")
        return wait_for(self._cancelled_everywhere, timeout=timeout, interval=1.0,
                        message=f"Odoo cancelling {self.imported} and creating nothing for {self.pending}")

    def _confirmed_in_odoo(self) -> bool:
        result = odoo_reconciles(self.stack, self.imported)
        return result is not None and result.ok and result.eligible == result.sale_orders == self.after_import

    def _cancelled_everywhere(self) -> Reconciliation | None:
        result = odoo_reconciles(self.stack, self.imported + self.pending)
        expected = self.after_import + self.before_import
        if result is not None and result.ok and result.cancelled == expected \
                and result.cancelled_in_odoo == self.after_import:
            return result
        return None
