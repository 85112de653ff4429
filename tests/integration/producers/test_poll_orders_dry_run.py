"""``amzbus poll orders --dry-run`` shows everything a poll would do: an order it cannot map is a line saying it would
be dead-lettered and why, and the rest follows (as Amazon's official JP examples under an account without JP)."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest
from stack_testing import simulator_config

import amzbus.simulators.amazon.orders_api as orders_api

FAST = {"eligible_after_seconds": [1, 2], "fba_ship_after_seconds": [1, 2], "cancel_after_seconds": [1, 2],
        "fba_ratio": 0, "cancel_before_eligible_ratio": 0, "cancel_after_eligible_ratio": 0}
AMAZON_JP = "A1VC38T7YXB528"


@pytest.fixture
def configured(tmp_path, amazon, redis_url, namespace):
    return simulator_config(tmp_path / "amzbus.toml", amazon=amazon, redis_url=redis_url, namespace=namespace)


def _sold_in_japan(monkeypatch, order_id: str) -> None:
    """Amazon answers with ``order_id`` sold on Amazon.co.jp, a marketplace the bus's configuration lacks."""
    render = orders_api.render_order

    def render_in_japan(order, included):
        body = render(order, included)
        if body["orderId"] == order_id:
            body["salesChannel"] = {"channelName": "AMAZON", "marketplaceId": AMAZON_JP,
                                    "marketplaceName": "Amazon.co.jp"}
        return body
    monkeypatch.setattr(orders_api, "render_order", render_in_japan)


def test_a_dry_run_prints_a_dead_letter_line_for_an_unmappable_order_goes_on_and_exits_0(amazon, configured,
                                                                                          monkeypatch):
    # Given eligible orders of the North American account, the first of them sold in Japan
    path, env = configured
    ids = amazon.state.generate_orders(count=6, account="sim-na", mix=FAST)
    time.sleep(4.0)  # lifecycle (1-2 Amazon minutes at speed 60) and the 3-second freshness margin
    _sold_in_japan(monkeypatch, ids[0])
    # When the poll is previewed
    result = subprocess.run([sys.executable, "-m", "amzbus", "--config", str(path), "poll", "orders",
                             "--account", "sim-na", "--dry-run"], capture_output=True, text=True, env=env, timeout=60)
    # Then it exits 0, with one JSON line per order: the Japanese one would be dead-lettered, with the reason
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    dead = [line["would_dead_letter"] for line in lines if "would_dead_letter" in line]
    assert dead == [{"account": "sim-na", "order_id": ids[0], "reason": (
        f"order {ids[0]}: salesChannel.marketplaceId: unknown marketplace '{AMAZON_JP}' (add it under "
        "[[marketplaces]])")}]
    # And the other orders' events follow, and the count is on stderr
    events = {line["payload"]["order_id"] for line in lines if "event_type" in line}
    assert events == set(ids[1:])
    assert f"sim-na: a poll would publish {len(ids) - 1} event(s) and dead-letter 1 order(s)" in result.stderr
