"""The orders flow end to end: simulators as servers, a worker and the scheduler as processes, real Redis.

Two accounts (NA: CA, MX, US; EU: DE, ES, FR, UK, IT, NL), 300 generated orders (FBA and FBM, gifts,
promotions, several items, NA FBA orders without names, cancellations), one searchOrders page that repeats
orders of the previous one; then orders cancelled before and after their import, on purpose.
The fault suite (test_fault_suite.py) has the faults: Redis, worker and scheduler kills, Amazon and Odoo.
"""

from __future__ import annotations

import time

import pytest
from bus_testing import wait_for
from e2e_stack import prepared_stack, say
from planned_cancellations import PlannedCancellations

from amzbus.ops.demo import run_orders

ORDERS = 300


@pytest.fixture
def stack(redis_url, namespace):
    stack = prepared_stack(redis_url, namespace)
    yield stack
    stack.stop()


def assert_reconciled(outcome, stack) -> None:
    r = outcome.reconciliation
    assert r.amazon_orders == ORDERS
    assert r.missing == [] and r.unexpected == [] and r.not_cancelled == [] and r.not_confirmed == []
    assert r.duplicates == []
    assert r.wrong_totals == [] and r.wrong_lines == []
    assert outcome.dead_letters == 0, stack.runtime.dead_letters.list()
    summaries = stack.amazon_admin("GET", "orders")["orders"]
    assert {o["marketplace"] for o in summaries} == {m.code for a in stack.runtime.settings.accounts
                                                     for m in a.marketplaces}
    assert r.eligible > 150
    # And orders cancelled after their sale order exists, and before, are cancelled in Odoo or never created
    cancelled = PlannedCancellations(stack, after_import=3, before_import=2).complete()
    assert cancelled.cancelled_in_odoo == 3 and cancelled.cancelled == 5
    assert stack.exited() == {}


@pytest.mark.timeout(360)
def test_three_hundred_orders_become_exactly_the_right_sale_orders(stack):
    # Given a worker, the scheduler, and an Amazon that repeats one page of orders
    stack.amazon_admin("PUT", "faults", searchOrders={"repeat_page_ratio": 1.0, "remaining": 3})
    stack.start_worker()
    stack.start_scheduler()
    # When 300 orders are placed and go through their lifecycle
    outcome = run_orders(stack, count=ORDERS, say=say, timeout=240)
    # Then Odoo holds exactly one confirmed sale order per eligible order, with Amazon's lines and total
    assert_reconciled(outcome, stack)


def test_an_order_odoo_refuses_is_dead_lettered_with_odoos_message_and_replayed_once(stack):
    import json
    import subprocess
    import sys

    from amzbus.ops.reconcile import reconcile

    def cli(*args):
        result = subprocess.run([sys.executable, "-m", "amzbus", "--config", str(stack.config_path), *args],
                                capture_output=True, text=True, env=stack.env, timeout=60)
        assert result.returncode == 0, result.stderr
        return result.stdout

    # Given an Odoo whose rules refuse new customer addresses
    refusal = "Delivery addresses need a phone number (customisation of this database)."
    stack.odoo_admin("POST", "faults", kind="validation_error", target="res.partner", method="create",
                     message=refusal)
    stack.start_worker()
    stack.start_scheduler()
    # When an FBM order becomes eligible
    order_id = stack.amazon_admin("POST", "orders/generate", count=1, account="sim-eu", mix={
        "fba_ratio": 0.0, "cancel_before_eligible_ratio": 0.0, "cancel_after_eligible_ratio": 0.0,
        "eligible_after_seconds": [1, 2]})["orders"][0]
    # Then it is dead-lettered with Odoo's message
    deadline = time.monotonic() + 60
    letters = []
    while not letters and time.monotonic() < deadline:
        letters = json.loads(cli("dlq", "list", "--event-type", "OrderPlaced", "--json"))
        time.sleep(0.5)
    assert len(letters) == 1 and letters[0]["event_id"].endswith(order_id)
    assert refusal in letters[0]["error_message"]
    # When the data is fixed and the dead letter replayed (twice)
    stack.odoo_admin("DELETE", "faults")
    cli("dlq", "replay", letters[0]["id"])
    assert "already replayed" in cli("dlq", "replay", letters[0]["id"])
    # Then its sale order exists, once
    orders = [stack.amazon_admin("GET", f"orders/{order_id}")["order"]]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        result = reconcile(orders, stack.runtime.odoo_client, marketplaces=stack.runtime.settings.marketplaces)
        if result.ok:
            break
        time.sleep(0.5)
    assert result.ok and result.sale_orders == 1
    # And once every copy of the event is consumed (repeated polls brought some while Odoo refused it), no
    # other dead letter exists for it and its sale order is still the only one

    def to_odoo_idle():
        queues = {q["queue"]: q for q in json.loads(cli("status", "--json"))["queues"]}
        return sum(queues["to_odoo"][k] for k in ("ready", "delayed", "in_flight")) == 0

    wait_for(to_odoo_idle, timeout=60, interval=0.5, message="every copy of the event to be consumed")
    assert json.loads(cli("dlq", "list", "--json")) == []
    final = reconcile(orders, stack.runtime.odoo_client, marketplaces=stack.runtime.settings.marketplaces)
    assert final.ok and final.sale_orders == 1
