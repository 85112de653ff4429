"""One v2026-01-01 order item -> ``OrderItem``: prices from ``proceeds.breakdowns``, gifts, promotions.

How Amazon's item proceeds map onto the event (Orders API v2026-01-01 model, ``ItemProceedsBreakdown``):

| breakdown ``type`` (detailed ``subtype``) | ``OrderItem`` field |
|---|---|
| ``ITEM`` (line total: unit price x quantity) | ``item_price`` (else ``product.price.unitPrice`` x quantity) |
| ``SHIPPING`` | ``shipping_price`` |
| ``GIFT_WRAP`` | ``gift_wrap_price`` |
| ``TAX`` (``ITEM``/``SHIPPING``/``GIFT_WRAP``) | ``item_tax``/``shipping_tax``/``gift_wrap_tax`` (no detail: item) |
| ``DISCOUNT`` (``ITEM``/``SHIPPING``) | ``promotion_discount``/``shipping_discount`` (no detail: promotion) |

Discounts are carried as positive amounts (as Orders v0 did), whatever sign Amazon reports them with.
``COD_FEE``, ``OTHER`` and the tax on discounts have no field in the event and are not mapped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from amzbus.schemas import Money, OrderItem

from .order_fields import OrderNode

# (breakdown type, detailed subtype or None for the whole subtotal) -> OrderItem field
CHARGE_FIELDS = {
    ("ITEM", None): "item_price",
    ("SHIPPING", None): "shipping_price",
    ("GIFT_WRAP", None): "gift_wrap_price",
    ("TAX", None): "item_tax",
    ("TAX", "ITEM"): "item_tax",
    ("TAX", "SHIPPING"): "shipping_tax",
    ("TAX", "GIFT_WRAP"): "gift_wrap_tax",
    ("DISCOUNT", None): "promotion_discount",
    ("DISCOUNT", "ITEM"): "promotion_discount",
    ("DISCOUNT", "SHIPPING"): "shipping_discount",
}
DISCOUNT_FIELDS = ("promotion_discount", "shipping_discount")


@dataclass
class ItemCharges:
    """The money of one item, summed per event field."""

    currency: str
    amounts: dict[str, Money] = field(default_factory=dict)

    def add(self, name: str, money: Money) -> None:
        if name in DISCOUNT_FIELDS:
            money = Money(abs(money.amount), money.currency)
        self.amounts[name] = self.amounts[name] + money if name in self.amounts else money


def item_from_json(node: OrderNode, *, currency: str) -> OrderItem:
    """An ``OrderItem`` from ``orderItems[i]``; every amount must be in the order's ``currency``."""
    product = node.child("product", required=True)
    quantity = node.integer("quantityOrdered", required=True, minimum=1)
    charges = _charges(node, currency)
    if "item_price" not in charges.amounts:
        charges.amounts["item_price"] = _line_total_from_unit_price(node, product, quantity, currency)
    gift = _gift_option(node)
    fulfillment = node.child("fulfillment")
    promotion = node.child("promotion")
    return OrderItem(
        order_item_id=node.text("orderItemId", required=True),
        sku=product.text("sellerSku", required=True),
        quantity=quantity,
        asin=product.text("asin"),
        title=product.text("title"),
        quantity_shipped=(fulfillment.integer("quantityFulfilled", minimum=0) if fulfillment else None) or 0,
        promotion_ids=tuple(
            p.text("promotionId", required=True) for p in (promotion.children("breakdowns") if promotion else [])
        ),
        gift_wrap_level=gift.text("giftWrapLevel") if gift else None,
        gift_message=gift.text("giftMessage") if gift else None,
        **charges.amounts,
    )


def _checked(node: OrderNode, key: str, currency: str) -> Money:
    money = node.money(key, required=True)
    if money.currency != currency:
        node.fail(key, f"currency {money.currency} differs from the order currency {currency}")
    return money


def _charges(item: OrderNode, currency: str) -> ItemCharges:
    charges = ItemCharges(currency)
    proceeds = item.child("proceeds")
    for breakdown in proceeds.children("breakdowns") if proceeds else []:
        kind = breakdown.text("type", required=True)
        details = breakdown.children("detailedBreakdowns")
        if kind in ("TAX", "DISCOUNT") and details:
            for detail in details:
                name = CHARGE_FIELDS.get((kind, detail.text("subtype", required=True)))
                money = _checked(detail, "value", currency)
                if name:
                    charges.add(name, money)
            continue
        money = _checked(breakdown, "subtotal", currency)
        if (kind, None) in CHARGE_FIELDS:
            charges.add(CHARGE_FIELDS[(kind, None)], money)
    return charges


def _line_total_from_unit_price(item: OrderNode, product: OrderNode, quantity: int, currency: str) -> Money:
    price = product.child("price")
    if price is None or price.data.get("unitPrice") is None:
        item.fail("proceeds", "has no ITEM breakdown and product.price.unitPrice is missing")
    unit = _checked(price, "unitPrice", currency)
    return Money(unit.amount * quantity, unit.currency)


def _gift_option(item: OrderNode) -> OrderNode | None:
    fulfillment = item.child("fulfillment")
    packing = fulfillment.child("packing") if fulfillment else None
    return packing.child("giftOption") if packing else None
