"""The simulator as a process: ``amazon`` (registered by the lead as ``amzbus simulator amazon``)."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import urllib.request

import pytest

LAUNCH = "from amzbus.simulators.amazon.command import amazon; amazon()"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def simulator_process():
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-c", LAUNCH, "--port", str(port), "--seed", "4", "--speed", "2",
                                "--orders", "6"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    yield process, port
    process.terminate()
    process.wait(timeout=10)


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=5) as answer:
        return json.loads(answer.read())


def test_the_command_serves_the_simulator_with_pregenerated_orders(simulator_process):
    # Given the command started with --orders 6
    process, port = simulator_process
    banner = ""
    while "listening on" not in banner:
        banner = process.stdout.readline()
        assert banner or process.poll() is None, "the simulator process exited before listening"
    # When its admin API is asked for orders and accounts
    orders = _get(f"http://127.0.0.1:{port}/_admin/orders")["orders"]
    accounts = _get(f"http://127.0.0.1:{port}/_admin/accounts")["accounts"]
    # Then it announced its URL and holds 6 orders over both seeded accounts
    assert f"http://127.0.0.1:{port}" in banner and "speed 2.0" in banner
    assert len(orders) == 6 and {o["sellerId"] for o in orders} == {a["sellerId"] for a in accounts}
