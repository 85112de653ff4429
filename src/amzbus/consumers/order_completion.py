"""The Odoo steps of an Amazon order, each safe to run again: create (under the held lock), confirm, note, deliver.

``create`` makes the charge products the lines need, creates and confirms the sale order (the connector's
``create_confirmed_sale_order``), records the lines that fell back to the generic product, and reads the
total back to compare it with Amazon's. ``finish`` does what the order still lacks, given its state and
delivery status: confirms a quotation left by a crashed attempt, writes Amazon's purchase date back where
a crashed attempt left Odoo's confirmation time, puts the gift message on the FBM
delivery, and delivers at once what Amazon already shipped (FBA from the account's FBA location; FBM shipped
outside Odoo, keeping Amazon's packages' carrier and tracking numbers on the delivery and its chatter). It
returns whether it changed anything.

When is a delivery done at once: FBA and FBM ``shipped`` plans while the order is not fully delivered (running
it again only finds nothing open); a ``partly_shipped`` plan only while nothing is delivered yet, since its
quantities are absolute and must not be delivered twice. An FBM order found confirmed whose event says SHIPPED
(a resync after it was shipped from Seller Central) is validated too: Odoo did not ship it, Amazon did.
"""

from __future__ import annotations

from decimal import Decimal

import structlog

from ..bus.errors import PermanentError
from ..bus.settings import AccountSettings
from ..connectors.odoo import amazon_packages, chatter
from ..connectors.odoo.deliveries import deliver_fba_order, deliver_sale_order
from ..connectors.odoo.delivery_notes import add_delivery_note
from ..connectors.odoo.import_turns import ImportTurns
from ..connectors.odoo.order_mapping import CHARGE_PRODUCT_NAMES, MappedOrder
from ..connectors.odoo.order_products import ensure_charge_products, offer_lookup
from ..connectors.odoo.orders import confirm_sale_order, create_confirmed_sale_order, keep_order_date, odoo_datetime
from ..connectors.odoo.products import ProductFallbacks, resolve_products
from ..connectors.odoo.references import find_warehouse
from ..connectors.odoo.stock import ensure_fba_location
from ..connectors.odoo.values import LineKind
from .fallback_products import FallbackProductLog
from .lock_keepalive import LockKeeper

log = structlog.get_logger(__name__)

QUOTATION_STATES = ("draft", "sent")
SHIPPED_OUTSIDE_NOTE = ("Amazon reported this order as {status} when amzbus first saw it (shipped from Seller "
                        "Central, outside Odoo): its delivery was validated at once.")


class OrderCompletion:
    def __init__(self, odoo, *, offer_table, fallback_log: FallbackProductLog, fallbacks: ProductFallbacks,
                 verify_totals: bool, fbm_orders=None) -> None:
        self.odoo, self.offer_table, self.fallback_log = odoo, offer_table, fallback_log
        self.fbm_orders = fbm_orders  # FbmOrders: the deliveries validated here are never confirmed to Amazon
        self.fallbacks, self.verify_totals = fallbacks, verify_totals
        self.turns = ImportTurns.between_threads()  # this worker's batches and single orders, at the same time

    def create(self, account: AccountSettings, mapped: MappedOrder, *, keeper: LockKeeper) -> int:
        """Create and confirm the sale order (the order's lock, kept by ``keeper``, must still be ours); its id.
        Odoo's refusals name the Amazon order."""
        draft = mapped.draft
        try:
            charge_codes = {line.reference for line in draft.lines if line.reference in CHARGE_PRODUCT_NAMES}
            ensure_charge_products(self.odoo, charge_codes)
            keeper.still_held()
            created = create_confirmed_sale_order(
                self.odoo, draft, offer_lookup=offer_lookup(self.odoo, self.offer_table, account=account.name),
                fallbacks=self.fallbacks, default_sales_team=account.sales_team, turns=self.turns)
        except PermanentError as error:
            raise PermanentError(f"the sale order of Amazon order {draft.amazon_order_id} (account {account.name}) "
                                 f"could not be created: {error.message}", code=error.code) from error
        self.record_fallbacks(account, mapped, created)
        if self.verify_totals:
            row = self.odoo.read("sale.order", [created.id], ["amount_total"])[0]
            self.compare_total(created.id, row["amount_total"], mapped)
        return created.id

    def record_fallbacks(self, account: AccountSettings, mapped: MappedOrder, created) -> None:
        """Log and keep (for ``amzbus status``) the SKUs of a created order that fell back to the generic product."""
        amazon_order_id = mapped.draft.amazon_order_id
        fallen_back = sorted({ref for (kind, ref), match in created.products.items()
                              if kind is LineKind.ITEM and match.matched_by == "fallback" and ref})
        for sku in fallen_back:
            log.warning("order_line_fallback_product", account=account.name, amazon_order_id=amazon_order_id,
                        sku=sku, sale_order_id=created.id)
        self.fallback_log.record(account.name, amazon_order_id, fallen_back)

    def finish(self, account: AccountSettings, sale_order_id: int, mapped: MappedOrder, *, state: str,
               delivery_status: str | None, date_order: str | None = None) -> bool:
        """``date_order``: the order's date as Odoo has it (None: just created, already Amazon's)."""
        changed = False
        purchase_date = mapped.draft.date_order
        if state in QUOTATION_STATES:
            changed = confirm_sale_order(self.odoo, sale_order_id, date_order=purchase_date, turns=self.turns)
            delivery_status = None
        elif date_order is not None and purchase_date is not None and date_order != odoo_datetime(purchase_date):
            changed = keep_order_date(self.odoo, sale_order_id, purchase_date)  # confirmed by a crashed attempt
        plan = mapped.delivery
        if plan.note and plan.mode != "fba":
            changed = bool(add_delivery_note(self.odoo, sale_order_id, plan.note)) or changed
        return self._deliver(account, sale_order_id, mapped, delivery_status) or changed

    def _deliver(self, account: AccountSettings, sale_order_id: int, mapped: MappedOrder,
                 delivery_status: str | None) -> bool:
        plan = mapped.delivery
        kept = amazon_packages.picking_values(self.odoo, plan.packages) if plan.packages else {}
        if plan.mode == "fba" and delivery_status != "full":
            outcome = deliver_fba_order(self.odoo, sale_order_id, fba_location_id=self.fba_location(account),
                                        turns=self.turns)
        elif plan.mode == "shipped" and delivery_status != "full":
            self._mark_validated_by_bus(account, sale_order_id)
            outcome = deliver_sale_order(self.odoo, sale_order_id, create_backorder=False, picking_values=kept,
                                         turns=self.turns)
        elif plan.mode == "partly_shipped" and delivery_status in (None, "pending"):
            self._mark_validated_by_bus(account, sale_order_id)
            outcome = deliver_sale_order(self.odoo, sale_order_id, picking_values=kept, turns=self.turns,
                                         quantities_by_product=self._by_product(account, plan.shipped_quantities))
        else:
            return False
        if outcome.picking_ids and plan.mode != "fba":
            self._tell_shipped_outside(sale_order_id, outcome.picking_ids, plan)
        log.info("order_delivered_at_once", account=account.name, amazon_order_id=mapped.draft.amazon_order_id,
                 sale_order_id=sale_order_id, mode=plan.mode, picking_ids=list(outcome.picking_ids),
                 backorder_ids=list(outcome.backorder_ids))
        return bool(outcome.picking_ids)

    def _mark_validated_by_bus(self, account: AccountSettings, sale_order_id: int) -> None:
        """Before validating them: the open deliveries of an order Amazon already shipped are never confirmed to
        Amazon again (they carry Amazon's tracking numbers; the shipments stream must not see them unmarked).
        The backorder of a partly shipped order is created after, unmarked: the warehouse ships it."""
        if self.fbm_orders is None:
            return
        open_ids = self.odoo.search("stock.picking", [("sale_id", "=", sale_order_id),
                                                      ("picking_type_code", "=", "outgoing"),
                                                      ("state", "not in", ["done", "cancel"])])
        self.fbm_orders.mark_validated_by_bus(account.name, open_ids)

    def _tell_shipped_outside(self, sale_order_id: int, picking_ids, plan) -> None:
        """Why the delivery was validated at once (on the sale order), and Amazon's packages (on each delivery)."""
        status = "SHIPPED" if plan.mode == "shipped" else "PARTIALLY_SHIPPED"
        note = SHIPPED_OUTSIDE_NOTE.format(status=status)
        if plan.packages:
            packages = amazon_packages.packages_note(plan.packages)
            note += " " + packages
            for picking_id in picking_ids:
                chatter.post_message(self.odoo, "stock.picking", picking_id, packages)
        chatter.post_message(self.odoo, "sale.order", sale_order_id, note)

    def fba_location(self, account: AccountSettings) -> int:
        return ensure_fba_location(self.odoo, name=account.fba_location, warehouse=find_warehouse(self.odoo))

    def _by_product(self, account: AccountSettings, quantities_by_sku) -> dict[int, float]:
        matches = resolve_products(self.odoo, [(LineKind.ITEM, sku) for sku in quantities_by_sku],
                                   offer_lookup=offer_lookup(self.odoo, self.offer_table, account=account.name),
                                   fallbacks=self.fallbacks)
        quantities: dict[int, float] = {}
        for sku, quantity in quantities_by_sku.items():
            product_id = matches[(LineKind.ITEM, sku)].product_id
            quantities[product_id] = quantities.get(product_id, 0.0) + quantity
        return quantities

    def compare_total(self, sale_order_id: int, amount_total: float, mapped: MappedOrder) -> None:
        """Log a difference between Odoo's ``amount_total`` and Amazon's total (cent-exact by construction)."""
        odoo_total = Decimal(str(amount_total)).quantize(Decimal("0.01"))
        if odoo_total != mapped.amazon_total:
            log.warning("odoo_total_differs_from_amazon", amazon_order_id=mapped.draft.amazon_order_id,
                        sale_order_id=sale_order_id, odoo_total=str(odoo_total), amazon_total=str(mapped.amazon_total))

