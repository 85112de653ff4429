"""Pure pieces of the Odoo simulator: line tax amounts and fault decisions."""

from __future__ import annotations

import pytest

from amzbus.simulators.odoo.faults import CallCounter, FaultPlan, database_error
from amzbus.simulators.odoo.models.tax import compute_line_amounts

EXCLUDED_15 = {"amount": 15.0, "amount_type": "percent", "price_include_override": "tax_excluded"}
INCLUDED_20 = {"amount": 20.0, "amount_type": "percent", "price_include_override": "tax_included"}


def test_a_price_excluded_tax_is_added_on_top():
    assert compute_line_amounts([EXCLUDED_15], 10.0, 3, 0) == {"price_subtotal": 30.0, "price_tax": 4.5,
                                                                "price_total": 34.5}


def test_a_price_included_tax_keeps_the_paid_total():
    # Given an Amazon EU price of 19.99 tax included
    amounts = compute_line_amounts([INCLUDED_20], 19.99, 1, 0)
    # Then the total is what the buyer paid
    assert amounts == {"price_subtotal": 16.66, "price_tax": 3.33, "price_total": 19.99}


def test_discount_applies_before_taxes():
    assert compute_line_amounts([], 10.0, 2, 25)["price_total"] == 15.0


def test_faults_fire_on_the_matching_calls_only_and_at_most_times():
    plan = FaultPlan(seed=1)
    plan.add(kind="http_503", target="sale.order", method="create", times=2)
    decisions = [plan.decide("sale.order", "create").failure for _ in range(3)]
    assert decisions == ["http_503", "http_503", None]
    assert plan.decide("res.partner", "create").failure is None


def test_a_ratio_fault_is_repeatable_with_the_same_seed():
    def run():
        plan = FaultPlan(seed=7)
        plan.add(kind="serialization_failure", ratio=0.5)
        return [plan.decide("sale.order", "write").failure for _ in range(20)]

    first = run()
    assert first == run()
    assert 0 < first.count("serialization_failure") < 20


def test_latency_adds_up_and_does_not_block_a_failure():
    plan = FaultPlan()
    plan.add(kind="latency", seconds=0.2)
    plan.add(kind="latency", seconds=0.3, target="common")
    plan.add(kind="deadlock", target="common")
    decision = plan.decide("common", "authenticate")
    assert decision.latency_seconds == pytest.approx(0.5)
    assert decision.failure == "deadlock"


def test_an_unknown_fault_kind_is_refused_with_the_known_ones():
    with pytest.raises(ValueError, match="unknown fault kind 'flood'.*http_503"):
        FaultPlan().add(kind="flood")


def test_database_errors_carry_postgresql_names_and_messages():
    error = database_error("concurrent_update", "stock.quant")
    assert error.odoo_name == "psycopg2.errors.SerializationFailure"
    assert str(error) == "could not serialize access due to concurrent update\n"
    lock = database_error("lock_not_available", "stock.quant")
    assert str(lock) == 'could not obtain lock on row in relation "stock_quant"\n'


def test_call_counter_counts_per_target_and_method():
    counter = CallCounter()
    counter.record("sale.order", "create")
    counter.record("sale.order", "create")
    counter.record("sale.order", "write")
    assert counter.count("sale.order", "create") == 2
    assert counter.count("sale.order") == 3
    assert counter.snapshot()[0] == {"target": "sale.order", "method": "create", "count": 2}
