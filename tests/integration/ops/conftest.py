"""Fixtures of the operations tests: the runtime of a configuration, as the dashboard and the CLI build it."""

from __future__ import annotations

import pytest

from amzbus.bus.config_file import load_settings
from amzbus.ops.runtime import Runtime


@pytest.fixture
def runtime(config_file) -> Runtime:
    return Runtime(load_settings(config_file))
