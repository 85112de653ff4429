"""The demo's Odoo -> Amazon part and the FBA mirror: what it does in Odoo and on Amazon, and how it checks.

Once the orders are in Odoo, the demo
- validates in Odoo the deliveries of half of the FBM orders, a third of them partially (a backorder stays),
  each with a carrier (one of them unknown to Amazon: sent as ``Other``) and a tracking number;
- counts new quantities in Odoo's stock for a third of the FBM SKUs;
- changes the fulfillable FBA quantity of half of the FBA SKUs on the Amazon simulator;
then waits until Amazon has each validated delivery as exactly one package with its carrier and tracking,
every FBM listing shows Odoo's available quantity, and every FBA location holds Amazon's fulfillable one.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from typing import Callable

from ..bus.carriers import amazon_carrier
from ..bus.offer_table import Offer
from ..connectors.odoo.deliveries import deliver_sale_order
from ..connectors.odoo.products import products_by_code
from ..connectors.odoo.references import find_warehouse
from ..connectors.odoo.stock import ensure_fba_location, set_location_quantity
from ..connectors.odoo.stock_changes import StockScope

CARRIERS = ("DHL Express", "UPS", "FedEx", "Speedy Local Couriers")
INITIAL_FBM_STOCK = 40


@dataclass
class Delivery:
    account: str
    amazon_order_id: str
    picking_id: int
    carrier: str
    tracking: str
    partial: bool


@dataclass
class FlowsCheck:
    deliveries: int = 0
    partial: int = 0
    confirmed: int = 0
    fbm_skus: int = 0
    fbm_equal: int = 0
    fba_skus: int = 0
    fba_equal: int = 0
    throttled: int = 0
    feeds: int = 0
    problems: list[str] = field(default_factory=list)  # something done twice: never fixed by waiting
    differences: list[str] = field(default_factory=list)  # not there yet

    @property
    def ok(self) -> bool:
        return (self.confirmed == self.deliveries and self.fbm_equal == self.fbm_skus
                and self.fba_equal == self.fba_skus and not self.problems)

    def summary_lines(self) -> list[str]:
        return [f"shipments confirmed on Amazon: {self.confirmed} of {self.deliveries} validated FBM deliveries "
                f"({self.partial} partial)",
                f"FBM stock on Amazon: {self.fbm_equal} SKUs equal to Odoo's available quantity"
                + ("" if self.fbm_equal == self.fbm_skus else f" (of {self.fbm_skus})"),
                f"FBA stock in Odoo: {self.fba_equal} SKUs equal to Amazon's fulfillable quantity"
                + ("" if self.fba_equal == self.fba_skus else f" (of {self.fba_skus})"),
                f"429 answers from Amazon: {self.throttled}; stock feeds (JSON_LISTINGS_FEED): {self.feeds}",
                *(f"  {line}" for line in (self.problems + self.differences)[:10])]


def prepare_flows(stack) -> int:
    """Offers for every simulated SKU (same internal reference), and FBM stock in the warehouse; the offers set."""
    listings = stack.amazon_admin("GET", "listings")["listings"]
    fba = stack.amazon_admin("GET", "fba-inventory")["fbaInventory"]
    offers = [Offer(account, sku, sku) for per_kind in (listings, fba) for account, skus in per_kind.items()
              for sku in skus]
    stack.runtime.offer_table.set(offers)
    odoo = stack.runtime.odoo_client
    location = find_warehouse(odoo).stock_location_id
    fbm = sorted({sku for skus in listings.values() for sku, where in skus.items() if _is_fbm(where)})
    for sku, product in sorted(products_by_code(odoo, fbm).items()):
        set_location_quantity(odoo, product_id=product, location_id=location, quantity=INITIAL_FBM_STOCK)
    return len(offers)


def drive_flows(stack, *, say: Callable[[str], None], seed: int = 1) -> list[Delivery]:
    rng = random.Random(seed)
    deliveries = _validate_deliveries(stack, stack.amazon_admin("GET", "orders")["orders"], rng)
    say(f"validated {len(deliveries)} FBM deliveries in Odoo ({sum(d.partial for d in deliveries)} partial)")
    say(f"counted new Odoo stock for {_change_odoo_stock(stack, rng)} FBM SKUs")
    say(f"changed Amazon's FBA stock of {_change_fba_stock(stack, rng)} SKUs")
    return deliveries


def wait_for_flows(stack, deliveries: list[Delivery], *, say: Callable[[str], None], timeout: float = 300.0,
                   settle_seconds: float = 6.0) -> FlowsCheck:
    started, stable_since, check = time.monotonic(), None, FlowsCheck()
    while time.monotonic() - started < timeout:
        check = check_flows(stack, deliveries)
        say(f"shipments {check.confirmed}/{check.deliveries} | FBM stock {check.fbm_equal}/{check.fbm_skus} | "
            f"FBA stock {check.fba_equal}/{check.fba_skus} | dead letters {stack.dead_letter_count()}"
            + (f" | e.g. {check.differences[0]}" if check.differences else ""))
        if check.ok:
            stable_since = stable_since or time.monotonic()
            if time.monotonic() - stable_since >= settle_seconds:
                return check
        else:
            stable_since = None
        time.sleep(2.0)
    return check


def check_flows(stack, deliveries: list[Delivery]) -> FlowsCheck:
    check = FlowsCheck(deliveries=len(deliveries), partial=sum(d.partial for d in deliveries))
    _check_shipments(stack, deliveries, check)
    _check_fbm_stock(stack, check)
    _check_fba_stock(stack, check)
    calls = stack.amazon_admin("GET", "calls")["operations"]
    check.throttled = sum(operation["throttled"] for operation in calls.values())
    check.feeds = len(stack.amazon_admin("GET", "feeds")["feeds"])
    return check


def _validate_deliveries(stack, summaries: list[dict], rng: random.Random) -> list[Delivery]:
    """Half of the unshipped FBM orders (admin summaries), a third of those partially (orders of 2 units or more)."""
    odoo, deliveries = stack.runtime.odoo_client, []
    accounts = {a.seller_id: a.name for a in stack.runtime.settings.accounts}
    fbm = sorted((o for o in summaries if o["fulfilledBy"] == "MERCHANT" and o["status"] == "UNSHIPPED"),
                 key=lambda o: o["orderId"])
    for index, order in enumerate(fbm[::2]):
        sale = odoo.search_read("sale.order", [("client_order_ref", "=", order["orderId"])], ["id"])
        pickings = odoo.search_read("stock.picking", [("sale_id", "=", sale[0]["id"]), ("picking_type_code", "=",
                                    "outgoing"), ("state", "not in", ["done", "cancel"])], ["id"]) if sale else []
        if len(pickings) != 1:
            continue
        carrier, tracking = CARRIERS[index % len(CARRIERS)], f"DEMO{rng.randrange(10**11, 10**12)}"
        odoo.write("stock.picking", [pickings[0]["id"]], {"carrier_id": _carrier_id(odoo, carrier),
                                                          "carrier_tracking_ref": tracking})
        partials = sum(d.partial for d in deliveries)
        partial = _partial_quantities(odoo, pickings[0]["id"]) if partials * 3 <= len(deliveries) else None
        outcome = deliver_sale_order(odoo, sale[0]["id"], quantities_by_product=partial)
        deliveries += [Delivery(accounts[order["sellerId"]], order["orderId"], picking_id, carrier, tracking,
                                bool(outcome.backorder_ids)) for picking_id in outcome.picking_ids]
    return deliveries


def _partial_quantities(odoo, picking_id: int) -> dict[int, float] | None:
    """One unit less of the first product (a backorder keeps it); None when the delivery has a single unit."""
    moves = odoo.search_read("stock.move", [("picking_id", "=", picking_id)], ["product_id", "product_uom_qty"],
                             order="id")
    if sum(m["product_uom_qty"] for m in moves) < 2:
        return None
    quantities: dict[int, float] = {}
    for move in moves:
        quantities[move["product_id"][0]] = quantities.get(move["product_id"][0], 0.0) + move["product_uom_qty"]
    first = moves[0]["product_id"][0]
    quantities[first] -= 1
    return quantities


def _carrier_id(odoo, name: str) -> int:
    found = odoo.search_read("delivery.carrier", [("name", "=", name)], ["id"], limit=1)
    if found:
        return found[0]["id"]
    product = odoo.search_read("product.product", [("type", "=", "service")], ["id"], limit=1)
    return odoo.create_one("delivery.carrier", {"name": name, "delivery_type": "fixed",
                                                "product_id": product[0]["id"]})


def _change_odoo_stock(stack, rng: random.Random) -> int:
    odoo = stack.runtime.odoo_client
    listings = stack.amazon_admin("GET", "listings")["listings"]
    fbm = sorted({sku for skus in listings.values() for sku, where in skus.items() if _is_fbm(where)})
    chosen = fbm[::3]
    location = find_warehouse(odoo).stock_location_id
    for sku, product in sorted(products_by_code(odoo, chosen).items()):
        set_location_quantity(odoo, product_id=product, location_id=location, quantity=rng.randrange(0, 90))
    return len(chosen)


def _change_fba_stock(stack, rng: random.Random) -> int:
    changed = 0
    for account in stack.runtime.settings.accounts:
        code = _code(stack, account.fba_marketplace_id)
        fba = stack.amazon_admin("GET", f"fba-inventory?account={account.name}")["fbaInventory"].get(account.name, {})
        for sku in sorted(sku for sku, where in fba.items() if code in where)[::2]:
            stack.amazon_admin("PUT", "fba-inventory", account=account.name, sku=sku, marketplace=code,
                               fulfillable=rng.randrange(0, 300))
            changed += 1
    return changed


def _check_shipments(stack, deliveries: list[Delivery], check: FlowsCheck) -> None:
    packages: dict[tuple[str, str], list[dict]] = {}
    for package in stack.amazon_admin("GET", "shipments")["shipments"]:
        packages.setdefault((package["orderId"], package["packageReferenceId"]), []).append(package)
    for delivery in deliveries:
        found = packages.get((delivery.amazon_order_id, str(delivery.picking_id)), [])
        carrier = amazon_carrier(delivery.carrier)
        if len(found) > 1:
            check.problems.append(f"delivery {delivery.picking_id} confirmed {len(found)} times")
        if len(found) == 1 and found[0]["trackingNumber"] == delivery.tracking and \
                found[0]["carrierCode"] == carrier.code:
            check.confirmed += 1
        elif len(found) < 2:
            check.differences.append(f"delivery {delivery.picking_id} of {delivery.amazon_order_id}: "
                                     f"{'not on Amazon' if not found else found[0]}")


def _check_fbm_stock(stack, check: FlowsCheck) -> None:
    odoo = stack.runtime.odoo_client
    listings = stack.amazon_admin("GET", "listings")["listings"]
    for account in stack.runtime.settings.accounts:
        skus = {sku: where for sku, where in listings.get(account.name, {}).items() if _is_fbm(where)}
        scope = StockScope(location=account.stock_location, warehouse=account.stock_warehouse,
                           fba_location=account.fba_location)
        products = products_by_code(odoo, skus)
        free = scope.free_quantities(odoo, products.values())
        for sku, where in skus.items():
            check.fbm_skus += 1
            wanted = max(int(free.get(products.get(sku), 0.0)) - account.stock_buffer, 0)
            if all(entry["quantity"] == wanted for entry in where.values()):
                check.fbm_equal += 1
            else:
                check.differences.append(f"FBM {account.name} {sku}: Odoo {wanted}, Amazon "
                                         f"{ {code: entry['quantity'] for code, entry in where.items()} }")


def _check_fba_stock(stack, check: FlowsCheck) -> None:
    odoo = stack.runtime.odoo_client
    warehouse = find_warehouse(odoo)
    for account in stack.runtime.settings.accounts:
        code = _code(stack, account.fba_marketplace_id)
        fba = stack.amazon_admin("GET", f"fba-inventory?account={account.name}")["fbaInventory"].get(account.name, {})
        location = ensure_fba_location(odoo, name=account.fba_location, warehouse=warehouse)
        quants = odoo.search_read("stock.quant", [("location_id", "=", location)], ["product_id", "quantity"])
        held: dict[int, float] = {}
        for quant in quants:
            held[quant["product_id"][0]] = held.get(quant["product_id"][0], 0.0) + quant["quantity"]
        products = products_by_code(odoo, fba)
        for sku, where in fba.items():
            if code in where:
                check.fba_skus += 1
                if held.get(products.get(sku), 0.0) == where[code]["fulfillable"]:
                    check.fba_equal += 1
                else:
                    check.differences.append(f"FBA {account.name} {sku}: Amazon {where[code]['fulfillable']}, "
                                             f"Odoo {held.get(products.get(sku), 0.0):g}")


def _code(stack, marketplace_id: str) -> str:
    return stack.runtime.settings.marketplaces.find(marketplace_id).code


def _is_fbm(where: dict) -> bool:
    return all(entry.get("fulfillment_channel_code") == "DEFAULT" for entry in where.values())
