"""An ``OrderPlaced`` event -> the Odoo sale order to create (``SaleOrderDraft``) and what to do after (pure).

Lines:

- one per Amazon item: ``[SKU] title``, its quantity, its price; a promotion is a discount on it;
- one per item with gift wrap (product matched by the gift-wrap level), and the gift message as a note line;
- one shipping line for the order (product matched by the ship service level), shipping discounts as its
  discount;
- North America (prices without tax): one ``Sales tax collected by Amazon`` line with every tax Amazon
  charged (items, shipping, gift wrap), on the service product ``AMAZON-TAX``;
- when needed, lines on the service product ``AMAZON-ADJUSTMENT``: the cents Odoo's unit-price precision
  cannot carry (see ``line_pricing``: 10.00 for 3 units), and any part of Amazon's order total its items do
  not explain (charges the event does not itemise).

Totals: every line is sent with no Odoo tax (``tax_ids=()``): Amazon's figures are the truth, and Odoo's
taxes (product defaults, fiscal positions, a US state's rate) would make the total drift from what the buyer
paid. In the EU and the UK (``prices_include_tax``, the marketplace's flag carried by the event) prices
include VAT and are taken as they are; in North America the tax Amazon collected is its own line. So the
Odoo total (``expected_total``) equals Amazon's order total to the cent, by construction.
(A later option could map marketplaces to price-included Odoo taxes: they keep totals unchanged.)

Cents that do not divide (10.00 for 3 units; a 2.00 promotion on 19.99, i.e. 10.005 %): Odoo stores unit
prices and discounts with 2 decimals, so the item keeps one line at the nearest storable price (3.33 x 3)
and the cents left over (0.01) go to the order's one rounding line. Splitting the item into two lines
(2 x 3.33 + 1 x 3.34) was set aside: one Amazon item stays one Odoo line, so that deliveries and shipment
confirmations map back to Amazon items line by line.

Customer: see ``order_customer``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Mapping

from amzbus.bus.errors import PermanentError
from amzbus.bus.marketplaces import Marketplace
from amzbus.bus.settings import AccountSettings
from amzbus.schemas import Money, OrderItem, OrderPlaced, Package

from .line_pricing import ZERO, Precision, PricedLine, odoo_subtotal, price_line
from .order_customer import customer_of
from .values import LineKind, SaleLineDraft, SaleOrderDraft

TAX_PRODUCT_CODE = "AMAZON-TAX"
ADJUSTMENT_PRODUCT_CODE = "AMAZON-ADJUSTMENT"
CHARGE_PRODUCT_NAMES = {TAX_PRODUCT_CODE: "Sales tax collected by Amazon",
                        ADJUSTMENT_PRODUCT_CODE: "Amazon rounding and adjustments"}
ROUNDING_LINE_NAME = "Rounding: what Odoo's unit prices and discounts cannot carry exactly"
UNITEMISED_LINE_NAME = "Amazon order total not itemised in the order's items"
NO_TAXES: tuple[int, ...] = ()


class OrderMappingError(PermanentError):
    """The event cannot become a sale order (e.g. amounts in two currencies)."""


@dataclass(frozen=True)
class DeliveryPlan:
    """What happens to the delivery after confirmation.

    ``mode``: ``fba`` (deliver everything at once from the FBA location), ``shipped`` (FBM shipped outside
    Odoo: validate everything at once), ``partly_shipped`` (validate ``shipped_quantities`` by SKU, keep a
    backorder), ``await_shipment`` (FBM: the warehouse ships it). ``note``: the gift message(s) for it.
    ``packages``: Amazon's packages of what was shipped outside Odoo (carrier, tracking number, ship time).
    """

    mode: str
    shipped_quantities: Mapping[str, int] = field(default_factory=dict)
    note: str | None = None
    packages: tuple[Package, ...] = ()


@dataclass(frozen=True)
class MappedOrder:
    draft: SaleOrderDraft
    amazon_total: Decimal     # Amazon's order total (or the sum of its items when the event has none)
    expected_total: Decimal   # what Odoo's amount_total will be (always equal to amazon_total)
    rounding: Decimal         # carried by the rounding line (0: no such line)
    unitemised: Decimal       # carried by the "not itemised" line (0: no such line)
    delivery: DeliveryPlan


def event_to_sale_order_draft(event: OrderPlaced, *, marketplace: Marketplace | None, account: AccountSettings,
                              precision: Precision = Precision()) -> MappedOrder:
    """The draft for ``event`` (an order of ``account`` on ``marketplace``): lines that add up to Amazon's total."""
    precision = precision.for_currency(event.currency)
    amount = _amounts_in(event.currency, event.order_id)
    priced = [line for item in event.items for line in _item_lines(item, amount, precision)]
    priced += _shipping_lines(event, amount, precision) + _tax_lines(event, amount)
    itemised = sum((p.subtotal + p.remainder for _, p in priced), ZERO)
    rounding = sum((p.remainder for _, p in priced), ZERO)
    amazon_total = amount(event.order_total) if event.order_total is not None else itemised
    unitemised = amazon_total - itemised
    lines = [line for line, _ in priced]
    lines += [_adjustment(name, value) for name, value in ((ROUNDING_LINE_NAME, rounding),
                                                            (UNITEMISED_LINE_NAME, unitemised)) if value]
    draft = SaleOrderDraft(amazon_order_id=event.order_id, currency=event.currency,
                           customer=customer_of(event, marketplace), lines=tuple(lines),
                           notes=gift_notes(event.items), sales_team=account.sales_team,
                           date_order=event.purchase_date, replaces=event.replaced_order_id)
    return MappedOrder(draft, amazon_total, draft_total(draft, precision=precision), rounding, unitemised,
                       delivery_plan(event))


def draft_total(draft: SaleOrderDraft, *, precision: Precision = Precision()) -> Decimal:
    """The ``amount_total`` Odoo computes for the draft's lines (none of them taxed)."""
    precision = precision.for_currency(draft.currency)
    return sum((odoo_subtotal(line.price_unit, line.quantity, line.discount, currency_digits=precision.currency_digits)
                for line in draft.lines), ZERO)


Priced = tuple[SaleLineDraft, PricedLine]


def _amounts_in(currency: str, order_id: str):
    def amount(money: Money | None) -> Decimal:
        if money is None:
            return ZERO
        if money.currency != currency:
            raise OrderMappingError(f"Amazon order {order_id}: an amount is in {money.currency}, the order in "
                                    f"{currency}", code="order_mixed_currencies")
        return money.amount
    return amount


def _item_lines(item: OrderItem, amount, precision: Precision) -> list[Priced]:
    priced = price_line(amount(item.item_price), item.quantity, reduction=amount(item.promotion_discount),
                        precision=precision)
    lines = [_priced(item.sku, item_line_name(item), priced, LineKind.ITEM)]
    wrap = amount(item.gift_wrap_price)
    if wrap:
        level = f" ({item.gift_wrap_level})" if item.gift_wrap_level else ""
        lines.append(_priced(item.gift_wrap_level, f"Gift wrap{level} for [{item.sku}]",
                             price_line(wrap, 1, precision=precision), LineKind.GIFT_WRAP))
    return lines


def _shipping_lines(event: OrderPlaced, amount, precision: Precision) -> list[Priced]:
    gross = sum((amount(item.shipping_price) for item in event.items), ZERO)
    reduction = sum((amount(item.shipping_discount) for item in event.items), ZERO)
    if not gross and not reduction:
        return []
    name = f"Shipping ({event.ship_service_level})" if event.ship_service_level else "Shipping"
    return [_priced(event.ship_service_level, name, price_line(gross, 1, reduction=reduction, precision=precision),
                    LineKind.SHIPPING)]


def _tax_lines(event: OrderPlaced, amount) -> list[Priced]:
    if event.prices_include_tax:
        return []  # VAT is inside the prices already
    tax = sum((amount(item.item_tax) + amount(item.shipping_tax) + amount(item.gift_wrap_tax) for item in event.items),
              ZERO)
    if not tax:
        return []
    line = SaleLineDraft(reference=TAX_PRODUCT_CODE, name=CHARGE_PRODUCT_NAMES[TAX_PRODUCT_CODE], quantity=Decimal(1),
                         price_unit=tax, tax_ids=NO_TAXES)
    return [(line, PricedLine(Decimal(1), tax, ZERO, tax, ZERO))]


def _priced(reference: str | None, name: str, priced: PricedLine, kind: LineKind) -> Priced:
    line = SaleLineDraft(reference=reference, name=name, quantity=priced.quantity, price_unit=priced.price_unit,
                         kind=kind, discount=priced.discount, tax_ids=NO_TAXES)
    return line, priced


def _adjustment(name: str, value: Decimal) -> SaleLineDraft:
    return SaleLineDraft(reference=ADJUSTMENT_PRODUCT_CODE, name=name, quantity=Decimal(1), price_unit=value,
                         tax_ids=NO_TAXES)


def item_line_name(item: OrderItem) -> str:
    """``[SKU] title``, the description Odoo's own connector gives item lines."""
    title = " ".join((item.title or "").split())
    return f"[{item.sku}] {title}" if title else f"[{item.sku}]"


def gift_notes(items: tuple[OrderItem, ...]) -> tuple[str, ...]:
    """One note per gift message: ``Gift message: ...`` (``for [SKU]`` when items carry different ones)."""
    messages = [(item.sku, item.gift_message.strip()) for item in items
                if item.gift_message and item.gift_message.strip()]
    if len({message for _, message in messages}) == 1:
        return (f"Gift message: {messages[0][1]}",)
    return tuple(f"Gift message for [{sku}]: {message}" for sku, message in messages)


def delivery_plan(event: OrderPlaced) -> DeliveryPlan:
    note = "\n".join(gift_notes(event.items)) or None
    if event.channel == "FBA":
        return DeliveryPlan("fba", note=note)
    if event.status == "SHIPPED":
        return DeliveryPlan("shipped", note=note, packages=event.packages)
    shipped = {}
    for item in event.items:
        if item.quantity_shipped:
            shipped[item.sku] = shipped.get(item.sku, 0) + min(item.quantity_shipped, item.quantity)
    if event.status == "PARTIALLY_SHIPPED" and shipped:
        return DeliveryPlan("partly_shipped", shipped_quantities=shipped, note=note, packages=event.packages)
    return DeliveryPlan("await_shipment", note=note)
