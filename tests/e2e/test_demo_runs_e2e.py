"""``amzbus demo`` against one Odoo, run after run (as against a real Odoo): each run seeds its Amazon simulator afresh,
prints the seed, makes its own sale orders and says how many; a run repeating a seed makes none and does not
reconcile."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from bus_testing import subprocess_env

from amzbus.simulators.odoo.server import start_in_thread

ORDERS = 6


@pytest.fixture
def odoo():
    server = start_in_thread()
    yield server
    server.shutdown()


def demo(odoo, redis_url, *options: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "amzbus", "demo", "--orders", str(ORDERS), "--speed", "600", "--timeout", "90",
               "--broker-url", redis_url, "--odoo-url", odoo.url, "--odoo-db", odoo.state.db_name,
               "--odoo-user", "admin", "--odoo-password", "admin", *options]
    return subprocess.run(command, capture_output=True, text=True, timeout=150, env=subprocess_env())


def seed_of(run: subprocess.CompletedProcess) -> int:
    return int(re.search(r"^seed: (\d+) ", run.stdout, re.MULTILINE).group(1))


def created_and_found(run: subprocess.CompletedProcess) -> tuple[int, int, int]:
    found = re.search(r"^Odoo sale orders: (\d+) \((\d+) created by this run, (\d+) found from before\)$", run.stdout,
                      re.MULTILINE)
    return int(found.group(1)), int(found.group(2)), int(found.group(3))


@pytest.mark.timeout(400)
def test_every_run_makes_its_own_orders_and_a_repeated_seed_does_not_reconcile(odoo, redis_url):
    # Given a first demo run against an Odoo
    first = demo(odoo, redis_url)
    assert first.returncode == 0, first.stdout + first.stderr
    # When a second run goes against the same Odoo
    second = demo(odoo, redis_url)
    # Then it seeded its simulator afresh, created every sale order it expected itself, and reconciled
    assert second.returncode == 0, second.stdout + second.stderr
    assert seed_of(second) != seed_of(first)
    total, created, from_before = created_and_found(second)
    assert total > 0 and created == total and from_before == 0
    assert "\nRECONCILED\n" in second.stdout

    # When a third run repeats the first one's seed against the same Odoo
    repeated = demo(odoo, redis_url, "--seed", str(seed_of(first)))
    # Then it finds the first run's sale orders, creates none, says so and does not reconcile
    assert repeated.returncode == 1
    assert seed_of(repeated) == seed_of(first)
    total, created, from_before = created_and_found(repeated)
    assert total > 0 and created == 0 and from_before == total
    assert "this run created none of the sale orders it expected" in repeated.stdout
    assert "\nNOT RECONCILED\n" in repeated.stdout
