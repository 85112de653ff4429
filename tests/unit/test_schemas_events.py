"""Canonical events: validated, deterministic ids, money as decimal strings, older versions readable."""

from __future__ import annotations

from decimal import Decimal

import pytest

from amzbus.schemas import InvalidEventError, SCHEMA_VERSION, decode, encode, envelop
from amzbus.schemas.stock import FbaInventoryReported, StockChanged
from order_events import order_placed, order_placed_envelope


def test_an_event_survives_the_round_trip_through_json_unchanged():
    envelope = order_placed_envelope()
    assert decode(encode(envelope)) == envelope


def test_money_travels_as_decimal_strings_with_its_currency():
    raw = encode(order_placed_envelope())
    assert raw["payload"]["items"][0]["item_price"] == {"amount": "49.80", "currency": "EUR"}
    assert decode(raw).payload.items[0].item_price.amount == Decimal("49.80")


def test_the_event_id_is_deterministic_so_re_polls_collapse_onto_it():
    first = envelop(order_placed("305-1234567-7654321"), account="eu-main")
    again = envelop(order_placed("305-1234567-7654321"), account="eu-main")
    assert first.event_id == again.event_id == "OrderPlaced:eu-main:305-1234567-7654321"
    assert envelop(order_placed(), account="na-main").event_id != first.event_id


def test_stock_event_ids_carry_the_version_and_fba_ids_amazons_time():
    from datetime import datetime, timezone

    assert envelop(StockChanged("MUG", 4, 17), account="eu").event_id == "StockChanged:eu:MUG:17"
    fba = FbaInventoryReported("MUG", 9, datetime(2026, 11, 1, tzinfo=timezone.utc))
    assert envelop(fba, account="eu").event_id == "FbaInventoryReported:eu:MUG:2026-11-01T00:00:00+00:00"


def test_an_invalid_field_is_named_with_the_event_id():
    raw = encode(order_placed_envelope())
    raw["payload"]["items"][0]["quantity"] = 0
    raw["payload"]["currency"] = "euro"
    with pytest.raises(InvalidEventError) as error:
        decode(raw)
    assert error.value.event_id == raw["event_id"]
    assert set(error.value.problems) == {"payload.items.0.quantity", "payload.currency"}
    assert raw["event_id"] in str(error.value)


def test_a_float_amount_is_refused():
    raw = encode(order_placed_envelope())
    raw["payload"]["order_total"]["amount"] = 58.8
    with pytest.raises(InvalidEventError, match="payload.order_total.amount"):
        decode(raw)


def test_an_unknown_field_is_refused_rather_than_silently_dropped():
    raw = encode(order_placed_envelope())
    raw["payload"]["surprise"] = 1
    with pytest.raises(InvalidEventError, match="payload.surprise"):
        decode(raw)


def test_an_unknown_event_type_is_refused():
    raw = encode(order_placed_envelope())
    raw["event_type"] = "OrderExploded"
    with pytest.raises(InvalidEventError, match="event_type"):
        decode(raw)


def test_an_event_of_the_previous_schema_version_is_still_readable():
    raw = encode(order_placed_envelope())
    previous = {key: value for key, value in raw.items() if key != "schema_version"}
    assert SCHEMA_VERSION == 1  # version 0 is the pre-release format without schema_version
    assert decode(previous) == decode(raw)


def test_an_event_of_a_future_schema_version_is_refused_clearly():
    raw = {**encode(order_placed_envelope()), "schema_version": SCHEMA_VERSION + 1}
    with pytest.raises(InvalidEventError, match="unsupported version"):
        decode(raw)


def test_something_that_is_not_an_object_is_refused():
    with pytest.raises(InvalidEventError, match="must be a JSON object"):
        decode(["not", "an", "event"])
