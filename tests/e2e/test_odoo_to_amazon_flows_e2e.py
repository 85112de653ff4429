"""Shipments, FBM stock and the FBA mirror end to end: simulators as servers, workers and the scheduler as
processes, real Redis; workers killed mid-run and Amazon throttling (its plans cut below the published ones).

0 lost: every validated delivery is on Amazon, every FBM listing shows Odoo's quantity, every FBA location
Amazon's. 0 duplicated: no package confirmed twice, no stale quantity left on Amazon.
"""

from __future__ import annotations

import threading
import time

import pytest
from e2e_stack import prepared_stack, say

from amzbus.ops.demo import run_orders
from amzbus.ops.demo_flows import drive_flows, prepare_flows, wait_for_flows

ORDERS = 80
STORM = {  # Amazon seconds; the simulator runs them 60 times faster. Bursts of 1: every burst of ours is too big.
    "confirmShipment": {"rate": 0.05, "burst": 1},
    "patchListingsItem": {"rate": 0.05, "burst": 1},
    "getInventorySummaries": {"rate": 0.05, "burst": 1},
}


@pytest.fixture
def stack(redis_url, namespace):
    stack = prepared_stack(redis_url, namespace)
    prepare_flows(stack)
    yield stack
    stack.stop()


@pytest.mark.timeout(600)
def test_the_three_flows_lose_and_duplicate_nothing_through_worker_kills_and_a_429_storm(stack):
    # Given the orders of two accounts in Odoo
    stack.start_worker("worker-1")
    stack.start_scheduler()
    outcome = run_orders(stack, count=ORDERS, say=say, timeout=240)
    assert outcome.reconciliation.ok, outcome.reconciliation
    # And an Amazon that throttles confirmShipment, patchListingsItem and getInventorySummaries
    stack.amazon_admin("PUT", "rate-limits", **STORM)

    def chaos():
        time.sleep(2)
        stack.kill("worker-1")
        stack.start_worker("worker-2")
        time.sleep(4)
        stack.kill("worker-2")
        stack.start_worker("worker-3")

    # When deliveries are validated and stock changes on both sides while two workers are killed
    chaos_thread = threading.Thread(target=chaos)
    chaos_thread.start()
    deliveries = drive_flows(stack, say=say)
    chaos_thread.join()
    check = wait_for_flows(stack, deliveries, say=say, timeout=300, settle_seconds=10)
    # Then nothing is lost and nothing doubled
    assert check.deliveries >= 10 and check.partial >= 1
    assert check.problems == [], check.problems
    assert check.confirmed == check.deliveries, check.differences
    assert check.fbm_equal == check.fbm_skus and check.fba_equal == check.fba_skus, check.differences
    # And the storm happened, and none of it became a dead letter
    assert check.throttled > 0
    assert stack.dead_letter_count() == 0, stack.runtime.dead_letters.list()
