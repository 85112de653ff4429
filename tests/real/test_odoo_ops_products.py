"""Products for a SKU: the offer mapping, else the product whose internal reference is the SKU, else a
configurable fallback product (created as a service when missing)."""

import pytest

from amzbus.bus.errors import PermanentError
from amzbus.connectors.odoo.products import ProductFallbacks, find_product_for_sku, resolve_products
from amzbus.connectors.odoo.values import LineKind


@pytest.fixture
def fallbacks(unique):
    return ProductFallbacks(item=f"AMZ-SALE-{unique}", shipping=f"AMZ-SHIP-{unique}", gift_wrap=f"AMZ-GIFT-{unique}")


def test_the_offer_mapping_wins_over_the_internal_reference(odoo, make_product, unique, fallbacks):
    # Given a product whose internal reference is the SKU, and an offer mapping the SKU to another product
    by_code = make_product(f"SKU-{unique}")
    mapped = make_product(f"OTHER-{unique}")
    offers = {f"SKU-{unique}": mapped}
    # When the SKU is looked up
    match = find_product_for_sku(odoo, f"SKU-{unique}", offer_lookup=offers.get, fallbacks=fallbacks)
    # Then the offer's product is used
    assert (match.product_id, match.matched_by) == (mapped, "offer")
    assert find_product_for_sku(odoo, f"SKU-{unique}", fallbacks=fallbacks).product_id == by_code


def test_a_sku_without_offer_finds_the_product_by_internal_reference(odoo, make_product, unique, fallbacks):
    product = make_product(f"SKU-{unique}")
    match = find_product_for_sku(odoo, f"SKU-{unique}", offer_lookup=lambda sku: None, fallbacks=fallbacks)
    assert (match.product_id, match.matched_by) == (product, "default_code")


def test_an_unknown_sku_falls_back_to_the_configured_product_created_once(odoo, unique, fallbacks):
    # Given no product for the SKU and no fallback product yet
    # When two unknown SKUs are looked up
    first = find_product_for_sku(odoo, f"NOPE-{unique}", fallbacks=fallbacks)
    second = find_product_for_sku(odoo, f"NOPE-2-{unique}", fallbacks=fallbacks)
    # Then both get the fallback product, created once as a service with the configured internal reference
    assert first.matched_by == second.matched_by == "fallback" and first.product_id == second.product_id
    created = odoo.read("product.product", [first.product_id], ["default_code", "type", "name"])[0]
    assert (created["default_code"], created["type"], created["name"]) == (
        f"AMZ-SALE-{unique}", "service", "Amazon sale")
    assert odoo.search("product.product", [("default_code", "=", f"AMZ-SALE-{unique}")]) == [first.product_id]


def test_a_missing_fallback_is_a_permanent_error_when_it_may_not_be_created(odoo, unique):
    fallbacks = ProductFallbacks(item=f"AMZ-SALE-{unique}", create_missing=False)
    with pytest.raises(PermanentError, match=f"AMZ-SALE-{unique}"):
        find_product_for_sku(odoo, f"NOPE-{unique}", fallbacks=fallbacks)


def test_all_products_of_an_order_are_found_in_one_search(odoo, make_product, unique, fallbacks):
    # Given an order with two known SKUs, a shipping level with a product, and an unknown gift-wrap level
    mug, cup = make_product(f"MUG-{unique}"), make_product(f"CUP-{unique}")
    express = make_product(f"Expedited-{unique}")
    gift = odoo.create_one("product.product", {"name": "Gift", "default_code": f"AMZ-GIFT-{unique}", "type": "service"})
    keys = [(LineKind.ITEM, f"MUG-{unique}"), (LineKind.ITEM, f"CUP-{unique}"),
            (LineKind.SHIPPING, f"Expedited-{unique}"), (LineKind.GIFT_WRAP, f"Classic-{unique}")]
    # When they are resolved together
    before = odoo.round_trips
    matches = resolve_products(odoo, keys, fallbacks=fallbacks)
    # Then one search found them all, the gift wrap by its fallback
    assert odoo.round_trips - before == 1
    assert [matches[key].product_id for key in keys] == [mug, cup, express, gift]
    assert matches[keys[3]].matched_by == "fallback"
    # And known products are then remembered: no round trip at all
    before = odoo.round_trips
    resolve_products(odoo, keys[:3], fallbacks=fallbacks)
    assert odoo.round_trips == before
