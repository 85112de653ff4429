"""An order that cannot be mapped is dead-lettered with Amazon's raw order and the reason; a replay
fetches the order from Amazon again and maps it anew (real worker process, real Redis, simulator)."""

from __future__ import annotations

import json
import subprocess
import sys
import time

from bus_testing import wait_for
from stack_testing import simulator_config

from amzbus.bus.config_file import load_settings
from amzbus.ops.runtime import Runtime


def test_an_unmappable_order_is_dead_lettered_with_its_reason_and_a_replay_maps_it_anew(
        tmp_path, amazon, redis_url, namespace, redis_client):
    path, env = simulator_config(tmp_path / "amzbus.toml", amazon=amazon, redis_url=redis_url, namespace=namespace,
                                 odoo_url="http://127.0.0.1:9")

    def cli(*args):
        result = subprocess.run([sys.executable, "-m", "amzbus", "--config", str(path), *args],
                                capture_output=True, text=True, env=env, timeout=60)
        assert result.returncode == 0, result.stderr
        return result.stdout

    # Given an eligible order whose copy from the poll lacks its fulfillment block
    order_id = amazon.state.generate_orders(count=1, account="sim-eu", mix={
        "fba_ratio": 0.0, "cancel_before_eligible_ratio": 0.0, "cancel_after_eligible_ratio": 0.0,
        "eligible_after_seconds": [1, 2]})[0]
    time.sleep(1.0)
    broken = {k: v for k, v in amazon.state.order_json(order_id).items() if k != "fulfillment"}
    runtime = Runtime(load_settings(path), environ=env)
    runtime.register_consumers()
    # When the poll hands it over, and a worker of the polls queue runs
    runtime.bus.send_task("map_amazon_order", "sim-eu", broken)
    log = open(tmp_path / "worker.log", "w")
    worker = subprocess.Popen([sys.executable, "-m", "amzbus", "--config", str(path), "worker", "--queue", "polls"],
                              stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        # Then it is dead-lettered, with the order id and the field, and Amazon's raw order (shown masked)
        letters = wait_for(lambda: json.loads(cli("dlq", "list", "--queue", "polls", "--json")), timeout=30,
                           message="the dead letter")
        assert letters[0]["error_type"] == "OrderMappingError"
        assert order_id in letters[0]["error_message"] and "fulfillment" in letters[0]["error_message"]
        shown = json.loads(cli("dlq", "show", letters[0]["id"], "--json"))
        assert shown["payload"][1]["orderId"] == order_id
        assert shown["payload"][1]["recipient"] == "***" and shown["payload"][1].get("buyer") in (None, "***")
        # When it is replayed
        cli("dlq", "replay", letters[0]["id"])
        # Then the order was fetched again and its event published for Odoo
        wait_for(lambda: redis_client.llen(f"{namespace}:to_odoo") == 1, timeout=30, message="the event")
        assert json.loads(cli("dlq", "list", "--json")) == []
        assert amazon.state.call_counts()["operations"]["getOrder"]["calls"] == 1
    finally:
        worker.terminate()
        worker.wait(20)
        log.close()
