"""order_to_event on orders that become OrderPlaced: every field, FBM and FBA, gifts, promotions, taxes."""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

import pytest

from amzbus.bus.marketplaces import MarketplaceCatalog
from amzbus.connectors.amazon.order_mapping import order_to_event
from amzbus.schemas import Address, Buyer, Money, OrderPlaced, Package, decode, encode, envelop

CATALOG = MarketplaceCatalog()


def usd(amount: str) -> Money:
    return Money(Decimal(amount), "USD")


def test_unshipped_fbm_order_becomes_order_placed_with_every_field(build):
    # Given an unshipped merchant-fulfilled US order with shipping and taxes, a buyer and an address
    order = build.order(buyer={"buyerName": "Jane Doe", "buyerEmail": "jane@example.com"},
                        address=build.us_address, programs=["PRIME"])

    # When it is mapped
    event = order_to_event(order, marketplaces=CATALOG)

    # Then every field of the event comes from the order
    assert isinstance(event, OrderPlaced)
    assert event.order_id == "113-0000001-0000001"
    assert event.channel == "FBM"
    assert event.status == "UNSHIPPED"
    assert event.purchase_date == datetime(2026, 11, 20, 10, 30, tzinfo=timezone.utc)
    assert event.last_updated == datetime(2026, 11, 20, 14, 45, tzinfo=timezone.utc)
    assert event.currency == "USD"
    assert event.prices_include_tax is False
    assert event.order_total == usd("12.34")
    assert event.buyer == Buyer(name="Jane Doe", email="jane@example.com", company_name=None)
    assert event.ship_to == Address(name="Jane Doe", address_lines=("123 Main Street", "Suite 456"), city="Seattle",
                                    state_or_region="WA", postal_code="98101", country_code="US",
                                    phone="555-123-4567", company_name="Doe Ltd")
    assert event.ship_service_level == "STANDARD"
    assert (event.is_prime, event.is_business, event.is_replacement, event.replaced_order_id) == (True, False, False, None)
    [item] = event.items
    assert (item.order_item_id, item.sku, item.asin, item.title) == ("10000000000001", "SKU-RED-MUG", "B000000001", "Red mug")
    assert (item.quantity, item.quantity_shipped) == (1, 0)
    assert item.item_price == usd("10.00")
    assert item.item_tax == usd("0.30")
    assert item.shipping_price == usd("2.00")
    assert item.shipping_tax == usd("0.04")
    assert (item.shipping_discount, item.promotion_discount, item.promotion_ids) == (None, None, ())
    assert (item.gift_wrap_price, item.gift_wrap_tax, item.gift_wrap_level, item.gift_message) == (None, None, None, None)


def test_mapped_event_passes_the_schema_round_trip(build):
    # Given a mapped order
    event = order_to_event(build.order(address=build.us_address), marketplaces=CATALOG)

    # When it is enveloped, encoded and decoded
    decoded = decode(encode(envelop(event, account="na-main", marketplace_id="ATVPDKIKX0DER")))

    # Then nothing is lost
    assert decoded.payload == event


def test_gift_wrap_and_gift_message_map_onto_the_item(build):
    # Given an item with gift wrap charged, taxed, and a gift message
    item = build.item(quantity=2, unit_price="5.00", gift_message="Happy birthday!", gift_wrap_level="Classic",
                      breakdowns=[build.breakdown("ITEM", "10.00"), build.breakdown("GIFT_WRAP", "3.99"),
                                  build.breakdown("TAX", "1.32", ITEM="1.00", GIFT_WRAP="0.32")])

    # When the order is mapped
    [mapped] = order_to_event(build.order(items=[item]), marketplaces=CATALOG).items

    # Then the gift fields are set and the line total is unit price x quantity
    assert mapped.item_price == usd("10.00")
    assert mapped.gift_wrap_price == usd("3.99")
    assert mapped.gift_wrap_tax == usd("0.32")
    assert mapped.item_tax == usd("1.00")
    assert mapped.gift_wrap_level == "Classic"
    assert mapped.gift_message == "Happy birthday!"
    assert mapped.shipping_price is None and mapped.shipping_tax is None


def test_promotions_become_positive_discounts_with_their_ids(build):
    # Given an item with an item promotion and a shipping promotion, reported as negative proceeds
    item = build.item(promotion_ids=("PROMO-1", "FREESHIP"), breakdowns=[
        build.breakdown("ITEM", "20.00"), build.breakdown("SHIPPING", "4.99"),
        build.breakdown("DISCOUNT", "-7.99", ITEM="-3.00", SHIPPING="-4.99")])

    # When the order is mapped
    [mapped] = order_to_event(build.order(items=[item]), marketplaces=CATALOG).items

    # Then both discounts are carried as positive amounts
    assert mapped.promotion_ids == ("PROMO-1", "FREESHIP")
    assert mapped.promotion_discount == usd("3.00")
    assert mapped.shipping_discount == usd("4.99")
    assert mapped.shipping_price == usd("4.99")


def test_tax_and_discount_without_detail_count_for_the_item(build):
    # Given an item whose TAX and DISCOUNT breakdowns carry no detailed breakdown
    item = build.item(breakdowns=[build.breakdown("ITEM", "8.00"), build.breakdown("TAX", "0.64"),
                                  build.breakdown("DISCOUNT", "-1.00")])

    # When the order is mapped
    [mapped] = order_to_event(build.order(items=[item]), marketplaces=CATALOG).items

    # Then the whole tax is item tax and the whole discount a promotion discount
    assert mapped.item_tax == usd("0.64")
    assert mapped.promotion_discount == usd("1.00")
    assert mapped.shipping_tax is None and mapped.shipping_discount is None


def test_item_without_proceeds_is_priced_from_its_unit_price(build):
    # Given an item without proceeds (PROCEEDS not included) but with a unit price
    item = build.item(quantity=3, unit_price="4.50", breakdowns=None)

    # When the order is mapped
    [mapped] = order_to_event(build.order(items=[item]), marketplaces=CATALOG).items

    # Then the line total is unit price x quantity and no charges are invented
    assert mapped.item_price == usd("13.50")
    assert (mapped.item_tax, mapped.shipping_price) == (None, None)


def test_several_items_keep_their_order_and_shipped_quantities(build):
    # Given a partially shipped order of two items
    items = [build.item(item_id="1", sku="A", quantity=2, quantity_fulfilled=2, breakdowns=[build.breakdown("ITEM", "4.00")]),
             build.item(item_id="2", sku="B", quantity=1, quantity_fulfilled=0, breakdowns=[build.breakdown("ITEM", "9.00")])]

    # When it is mapped
    event = order_to_event(build.order(status="PARTIALLY_SHIPPED", items=items), marketplaces=CATALOG)

    # Then both items are there, in order, with what has shipped
    assert event.status == "PARTIALLY_SHIPPED"
    assert [(i.order_item_id, i.sku, i.quantity, i.quantity_shipped, i.item_price) for i in event.items] == [
        ("1", "A", 2, 2, usd("4.00")), ("2", "B", 1, 0, usd("9.00"))]


@pytest.mark.parametrize("marketplace_id, currency, tax_included", [
    ("A2EUQ1WTGCTBG2", "CAD", False),
    ("A1AM78C64UM0Y8", "MXN", False),
    ("A1PA6795UKMFR9", "EUR", True),
    ("A1F83G8C2ARO7P", "GBP", True),
])
def test_orders_in_other_currencies_keep_their_currency_and_tax_rule(build, marketplace_id, currency, tax_included):
    # Given an order placed in another marketplace, priced in its currency
    order = build.order(marketplace_id=marketplace_id, currency=currency, grand_total="119.00", items=[build.item(
        currency=currency, unit_price="100.00",
        breakdowns=[build.breakdown("ITEM", "100.00", currency), build.breakdown("TAX", "19.00", currency, ITEM="19.00")])])

    # When it is mapped
    event = order_to_event(order, marketplaces=CATALOG)

    # Then the currency, the totals and the tax rule are the marketplace's
    assert event.currency == currency
    assert event.prices_include_tax is tax_included
    assert event.order_total == Money(Decimal("119.00"), currency)
    assert event.items[0].item_price == Money(Decimal("100.00"), currency)
    assert event.items[0].item_tax == Money(Decimal("19.00"), currency)


def test_order_without_grand_total_takes_the_marketplace_currency(build):
    # Given a German order without order-level proceeds
    order = build.order(marketplace_id="A1PA6795UKMFR9", currency="EUR", grand_total=None, items=[
        build.item(currency="EUR", breakdowns=[build.breakdown("ITEM", "10.00", "EUR")])])

    # When it is mapped
    event = order_to_event(order, marketplaces=CATALOG)

    # Then the currency is the marketplace's and there is no total
    assert (event.currency, event.order_total) == ("EUR", None)


def test_business_order_carries_the_company_and_the_flag(build):
    # Given an Amazon Business order with a company buyer and a business price
    order = build.order(programs=["AMAZON_BUSINESS"], address={**build.us_address, "addressType": "COMMERCIAL"},
                        buyer={"buyerName": "Buyer", "buyerCompanyName": "Acme Corp", "buyerPurchaseOrderNumber": "PO-1"})
    order["orderItems"][0]["product"]["price"]["priceDesignation"] = "BUSINESS_PRICE"

    # When it is mapped
    event = order_to_event(order, marketplaces=CATALOG)

    # Then it is flagged as a business order with the company name
    assert event.is_business is True
    assert event.is_prime is False
    assert event.buyer == Buyer(name="Buyer", email=None, company_name="Acme Corp")
    assert event.ship_to.company_name == "Doe Ltd"


def test_replacement_order_names_the_order_it_replaces(build):
    # Given a replacement order associated to its original
    order = build.order(associated_orders=[{"orderId": "113-9999999-9999999", "associationType": "REPLACEMENT_ORIGINAL_ID"}],
                        grand_total="0.00", items=[build.item(breakdowns=[build.breakdown("ITEM", "0.00")])])

    # When it is mapped
    event = order_to_event(order, marketplaces=CATALOG)

    # Then the event says it is a replacement, of which order
    assert event.is_replacement is True
    assert event.replaced_order_id == "113-9999999-9999999"
    assert event.items[0].item_price == usd("0.00")


def test_an_fbm_order_shipped_outside_odoo_keeps_amazons_packages(build):
    # Given an FBM order Amazon reports as shipped, with two packages (as getOrder returns them with PACKAGES)
    order = build.order(status="SHIPPED")
    order["packages"] = [
        {"packageReferenceId": "1", "createdTime": "2026-11-20T12:00:00Z", "packageStatus": {"status": "SHIPPED"},
         "carrier": "UPS", "shipTime": "2026-11-20T12:30:00Z", "trackingNumber": "1Z999AA10123456784",
         "shippingService": "UPS Ground", "packageItems": [{"orderItemId": "10000000000001", "quantity": 1}]},
        {"packageReferenceId": "2", "packageStatus": {"status": "SHIPPED"}, "carrier": "UPS",
         "trackingNumber": "1Z999AA10123456785", "packageItems": []},
    ]
    # When it is mapped
    event = order_to_event(order, marketplaces=CATALOG)
    # Then the event carries each package's carrier, tracking number, ship time, service and reference
    assert event.packages == (
        Package(carrier="UPS", tracking_number="1Z999AA10123456784",
                ship_time=datetime(2026, 11, 20, 12, 30, tzinfo=timezone.utc), shipping_service="UPS Ground",
                reference="1"),
        Package(carrier="UPS", tracking_number="1Z999AA10123456785", reference="2"))
    # And they survive the event's schema round trip
    envelope = envelop(event, account="main", marketplace_id="ATVPDKIKX0DER")
    assert decode(encode(envelope)).payload.packages == event.packages


def test_exchange_association_is_not_a_replacement(build):
    # Given an order associated to another as an exchange
    order = build.order(associated_orders=[{"orderId": "113-9999999-9999999", "associationType": "EXCHANGE_ORIGINAL_ID"}])

    # When it is mapped
    event = order_to_event(order, marketplaces=CATALOG)

    # Then it is not flagged as a replacement
    assert (event.is_replacement, event.replaced_order_id) == (False, None)


def test_north_american_fba_order_without_buyer_name_or_email_still_maps(build):
    # Given a shipped FBA order in the US with no buyer data and an address without name or phone
    address = {"city": "Austin", "stateOrRegion": "TX", "postalCode": "78701", "countryCode": "US"}
    order = build.order(status="SHIPPED", fulfilled_by="AMAZON", address=address, items=[
        build.item(quantity_fulfilled=1, breakdowns=[build.breakdown("ITEM", "10.00")])])

    # When it is mapped
    event = order_to_event(order, marketplaces=CATALOG)

    # Then it becomes an FBA OrderPlaced with an empty buyer and a partial address
    assert (event.channel, event.status) == ("FBA", "SHIPPED")
    assert event.buyer == Buyer()
    assert event.ship_to == Address(name=None, address_lines=(), city="Austin", state_or_region="TX",
                                    postal_code="78701", country_code="US", phone=None, company_name=None)
    assert event.items[0].quantity_shipped == 1


def test_order_without_recipient_has_no_ship_to(build):
    # Given an order fetched without RECIPIENT data
    event = order_to_event(build.order(address=None), marketplaces=CATALOG)

    # Then the event has no address, and no buyer
    assert event.ship_to is None
    assert event.buyer == Buyer()
