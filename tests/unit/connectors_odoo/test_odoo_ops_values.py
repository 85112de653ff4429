"""Pure parts of the domain operations: sale order values, domains, delivery allocation, cursors."""

from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

from amzbus.connectors.odoo.deliveries import _allocate
from amzbus.connectors.odoo.domains import all_of, any_of, equals_or_unset
from amzbus.connectors.odoo.orders import SALE_LINE_FIELDS, SALE_ORDER_FIELDS, odoo_datetime, sale_order_values
from amzbus.connectors.odoo.partners import CustomerRef
from amzbus.connectors.odoo.products import ProductMatch
from amzbus.connectors.odoo.shipments import delivery_domain
from amzbus.connectors.odoo.validation import action_context
from amzbus.connectors.odoo.values import (CustomerData, DeliveryCursor, LineKind, SaleLineDraft, SaleOrderDraft,
                                           amazon_origin)

ORDER_ID = "123-1234567-1234567"


def draft(**overrides):
    values = dict(
        amazon_order_id=ORDER_ID, currency="EUR", customer=CustomerData(name="Jane Doe"),
        lines=(SaleLineDraft("SKU-1", "[SKU-1] Mug", Decimal("2"), Decimal("9.90"), discount=Decimal("10")),
               SaleLineDraft("Std", "Shipping", Decimal("1"), Decimal("4.5"), kind=LineKind.SHIPPING, tax_ids=(3,)),
               SaleLineDraft("Gift", "Gift wrap", Decimal("1"), Decimal("2"), kind=LineKind.GIFT_WRAP)),
        notes=("Happy birthday!", "  "))
    values.update(overrides)
    return SaleOrderDraft(**values)


PRODUCTS = {(LineKind.ITEM, "SKU-1"): ProductMatch(11, "default_code"),
            (LineKind.SHIPPING, "Std"): ProductMatch(12, "fallback"),
            (LineKind.GIFT_WRAP, "Gift"): ProductMatch(13, "fallback")}


def test_a_sale_order_is_created_with_all_its_lines_and_the_amazon_order_id():
    # Given a draft with an item, shipping, gift wrap and a gift message
    # When its create values are built
    vals = sale_order_values(draft(date_order=datetime(2026, 11, 2, 9, 30, tzinfo=timezone.utc)),
                             CustomerRef(5, 6), PRODUCTS, pricelist_id=2, team_id=7)
    # Then the order names the customer, its delivery address, Amazon's id and origin
    assert vals["partner_id"] == vals["partner_invoice_id"] == 5 and vals["partner_shipping_id"] == 6
    assert vals["client_order_ref"] == ORDER_ID and vals["origin"] == "Amazon 123-1234567-1234567"
    assert (vals["pricelist_id"], vals["team_id"], vals["date_order"]) == (2, 7, "2026-11-02 09:30:00")
    # And every line is a (0, 0, vals) command, the note last as a line_note
    lines = [command[2] for command in vals["order_line"]]
    assert all(command[:2] == (0, 0) for command in vals["order_line"])
    assert lines[0] == {"product_id": 11, "name": "[SKU-1] Mug", "product_uom_qty": 2, "price_unit": 9.9,
                        "discount": 10}
    assert lines[1]["tax_id"] == [(6, 0, [3])] and lines[2]["product_id"] == 13
    # And a line without a promotion says so (a pricelist's own discount rules must not apply)
    assert lines[1]["discount"] == 0 and lines[2]["discount"] == 0
    assert lines[3] == {"display_type": "line_note", "name": "Happy birthday!"}
    assert len(lines) == 4
    # And only declared fields are written
    assert set(vals) <= set(SALE_ORDER_FIELDS) and all(set(line) <= set(SALE_LINE_FIELDS) for line in lines)


def test_odoo_19_names_the_line_taxes_tax_ids():
    vals = sale_order_values(draft(), CustomerRef(5, 6), PRODUCTS, pricelist_id=2, team_id=None, tax_field="tax_ids")
    assert vals["order_line"][1][2]["tax_ids"] == [(6, 0, [3])]
    assert "team_id" not in vals


def test_the_origin_reads_amazon_and_the_order_id():
    assert amazon_origin(ORDER_ID) == draft().origin == f"Amazon {ORDER_ID}"


def test_datetimes_are_sent_as_naive_utc_seconds():
    paris_winter = timezone(timedelta(hours=1))
    assert odoo_datetime(datetime(2026, 1, 1, 1, 0, 0, 999, tzinfo=paris_winter)) == "2026-01-01 00:00:00"


def test_domains_are_built_in_prefix_notation():
    a, b, c = ("a", "=", 1), ("b", "=", 2), ("c", "=", 3)
    assert all_of([a, b, c]) == ["&", "&", a, b, c]
    assert any_of([all_of([("a", "=", 1), ("b", "=", 2)]), ("c", "=", 3)]) == [
        "|", "&", ("a", "=", 1), ("b", "=", 2), ("c", "=", 3)]
    assert equals_or_unset("zip", None) == ("zip", "=", False)
    with pytest.raises(ValueError):
        all_of([])


def test_the_delivery_cursor_takes_the_rest_of_its_second_by_id_then_the_later_seconds():
    # Given a cursor on a delivery written at 10:00:00 (Odoo keeps microseconds, reads seconds)
    domain = delivery_domain(DeliveryCursor("2026-11-27 10:00:00", 41), exclude_location_ids=[30])
    # Then the domain asks for later seconds, or that second with a greater id
    assert domain == ["&", "&", "&", "&",
                      ("picking_type_code", "=", "outgoing"), ("state", "=", "done"), ("sale_id", "!=", False),
                      ("location_id", "not in", [30]),
                      "|", ("write_date", ">=", "2026-11-27 10:00:01"),
                      "&", "&", ("write_date", ">=", "2026-11-27 10:00:00"), ("write_date", "<", "2026-11-27 10:00:01"),
                      ("id", ">", 41)]
    assert DeliveryCursor("2026-11-27 10:00:00", 41) < DeliveryCursor("2026-11-27 10:00:01", 1)


def test_given_quantities_are_spread_over_the_moves_of_a_product_first_moves_first():
    moves = [{"id": 1, "product_id": [7, "A"], "product_uom_qty": 2.0},
             {"id": 2, "product_id": [7, "A"], "product_uom_qty": 3.0},
             {"id": 3, "product_id": [8, "B"], "product_uom_qty": 1.0}]
    assert _allocate(moves, None) == {1: 2.0, 2: 3.0, 3: 1.0}
    assert _allocate(moves, {7: 4}) == {1: 2.0, 2: 2.0, 3: 0}


def test_an_actions_context_is_read_from_a_dict_or_its_python_text():
    assert action_context({"context": {"default_pick_ids": [[4, 1]]}}) == {"default_pick_ids": [[4, 1]]}
    assert action_context({"context": "{'skip_sms': True}"}) == {"skip_sms": True}
    assert action_context({"context": "uid and {}"}) == {}
    assert action_context({}) == {}


def test_an_unknown_wizard_after_validation_is_a_permanent_error_naming_it():
    from amzbus.bus.errors import PermanentError
    from amzbus.connectors.odoo.validation import _answer, _is_wizard
    # Given button_validate answered with a wizard the bus does not know
    action = {"type": "ir.actions.act_window", "res_model": "stock.quality.check", "context": {}}
    assert _is_wizard(action)
    # Then answering it is refused, naming the wizard
    with pytest.raises(PermanentError, match="stock.quality.check"):
        _answer(None, [7], action, create_backorder=True)
    # And client actions (auto-print, reception report) mean the validation is done
    assert not _is_wizard({"type": "ir.actions.client", "tag": "do_multi_print", "res_model": "x"})
    assert not _is_wizard(True) and not _is_wizard(None)
