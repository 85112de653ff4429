"""Fixtures of the producer tests: a running SP-API simulator (time 60x faster)."""

from __future__ import annotations

import pytest

from amzbus.simulators.amazon.server import start_in_thread


@pytest.fixture
def amazon():
    simulator = start_in_thread(port=0, seed=7, speed=60)
    yield simulator
    simulator.shutdown()
