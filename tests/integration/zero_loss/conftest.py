"""Fixtures of the zero-loss tests: a private Redis with AOF that a test restarts, and a bus on it."""

from __future__ import annotations

import uuid

import pytest
from bus_testing import write_config
from private_redis import private_redis  # noqa: F401  (a fixture)

from amzbus.bus.config_file import load_settings
from amzbus.ops.runtime import Runtime


@pytest.fixture
def runtime_on(tmp_path):
    """A Runtime on the given Redis URL, with a fresh namespace and short backoffs."""
    def make(url: str, *, extra: str = "") -> Runtime:
        path = write_config(tmp_path / f"amzbus-{uuid.uuid4().hex[:6]}.toml", broker_url=url,
                            namespace=f"zl-{uuid.uuid4().hex[:8]}", extra=extra)
        return Runtime(load_settings(path))
    return make
