"""The stack every end-to-end test starts from: both simulators as servers, the configuration at the
simulated Amazon's speed (a freshness margin of two of its minutes), and Odoo prepared as the demo prepares it
(products, offers, FBA locations). Each test starts its own worker and scheduler."""

from __future__ import annotations

from amzbus.ops.demo import prepare
from amzbus.ops.demo_stack import DemoStack

SPEED = 60.0


def prepared_stack(broker_url: str, namespace: str, *, speed: float = SPEED, poll_seconds: float = 2.0) -> DemoStack:
    """The simulators started, the configuration written and Odoo prepared; stopped again if any of it fails."""
    stack = DemoStack(broker_url=broker_url, namespace=namespace, speed=speed, poll_seconds=poll_seconds)
    try:
        stack.start_simulators()
        stack.write_config(margin_seconds=round(120 / speed + 1, 2))
        prepare(stack)
    except BaseException:
        stack.stop()
        raise
    return stack


def say(text: str) -> None:
    """A line in the test's output as it happens (``pytest -s``), for the long runs."""
    print(text, flush=True)
