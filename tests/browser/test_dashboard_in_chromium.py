"""The dashboard in a real browser: an operator finds a dead letter, replays it with the token, and the order
reaches Odoo. Simulators as servers, a real worker process, the real Redis."""

from __future__ import annotations

import re
import time

import pytest

from amzbus.connectors.amazon import order_envelope
from amzbus.ops.demo import prepare
from amzbus.ops.demo_stack import DemoStack
from amzbus.ops.dashboard.server import DashboardServer
from amzbus.ops.reconcile import reconcile

expect = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is a test dependency: "
                             "`make install` installs it").expect
TOKEN = "browser-test-token-5b1f0c"
REFUSAL = "Delivery addresses need a phone number (customisation of this database)."


@pytest.fixture
def stack(redis_url, namespace):
    stack = DemoStack(broker_url=redis_url, namespace=namespace, speed=60.0, poll_seconds=1.0)
    stack.start_simulators()
    stack.write_config(margin_seconds=3.0)
    prepare(stack)
    yield stack
    stack.stop()


@pytest.fixture
def dashboard(stack):
    server = DashboardServer(stack.runtime, port=0, token=TOKEN, refresh_seconds=1.0)
    thread = server.start_in_thread()
    yield server
    server.close()
    thread.join(10)


def wait_until(condition, *, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


@pytest.mark.timeout(120)
def test_an_operator_replays_a_dead_letter_from_the_dashboard_and_the_order_reaches_odoo(
        page, screenshot, stack, dashboard):
    # Given an Odoo that refuses new addresses, a worker, and an eligible FBM order published once
    stack.odoo_admin("POST", "faults", kind="validation_error", target="res.partner", method="create",
                     message=REFUSAL)
    stack.start_worker()
    order_id = stack.amazon_admin("POST", "orders/generate", count=1, account="sim-eu", mix={
        "fba_ratio": 0.0, "auto_lifecycle": False, "cancel_before_eligible_ratio": 0.0,
        "cancel_after_eligible_ratio": 0.0})["orders"][0]
    stack.amazon_admin("POST", f"orders/{order_id}/make-eligible")
    order = [stack.amazon_admin("GET", f"orders/{order_id}")["order"]]
    page.goto(dashboard.url)
    dead_on_to_odoo = page.locator("#queues tr[data-queue=to_odoo] td").nth(4)
    expect(dead_on_to_odoo).to_have_text("0")
    stack.runtime.register_consumers()
    stack.runtime.bus.publish(order_envelope(order[0], account="sim-eu",
                                             marketplaces=stack.runtime.settings.marketplaces))
    # When the operator keeps the dashboard open, it shows the dead letter on to_odoo by itself, and the live worker
    expect(dead_on_to_odoo).to_have_text("1", timeout=60_000)
    assert page.locator("#workers").get_by_text("alive").count() == 1
    # And the dead letter's details give Odoo's reason and hide the buyer's address
    page.locator("#queues tr[data-queue=to_odoo] a").click()
    page.get_by_role("link", name=re.compile(order_id)).click()
    assert REFUSAL in page.locator("#error_message").inner_text()
    payload = page.locator("#payload").inner_text()
    assert order_id in payload and '"ship_to": "***"' in payload
    screenshot(page, "dashboard-dead-letter")
    # When the data is fixed in Odoo and the operator replays the letter with the token
    stack.odoo_admin("DELETE", "faults")
    page.get_by_role("button", name="Replay").click()
    page.get_by_label("Dashboard token").fill(TOKEN)
    page.locator("#confirm").click()
    # Then the dead letter is gone from the list
    assert page.get_by_role("status").inner_text().startswith("1 dead letter(s) replayed")
    assert "no dead letters" in page.locator("#dead-letters").inner_text()
    # And the order is in Odoo, once
    result = wait_until(lambda: (r := reconcile(order, stack.runtime.odoo_client,
                                                marketplaces=stack.runtime.settings.marketplaces)).ok and r,
                        timeout=60, what="the sale order in Odoo")
    assert result.sale_orders == 1
    page.goto(dashboard.url)
    assert page.locator("#queues tr[data-queue=to_odoo] td").nth(4).inner_text() == "0"
    screenshot(page, "dashboard-after-replay")

