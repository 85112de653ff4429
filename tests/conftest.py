"""Shared fixtures: the real Redis, unique namespaces, configuration files, worker processes."""

from __future__ import annotations

import uuid

import pytest
import redis
from bus_testing import REDIS_URL, WorkerProcess, write_config


@pytest.fixture(scope="session")
def redis_url() -> str:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        pytest.fail(f"the integration tests need Redis at {REDIS_URL} (run them with `make test`): {error}")
    return REDIS_URL


@pytest.fixture
def redis_client(redis_url):
    client = redis.Redis.from_url(redis_url)
    yield client
    client.close()


@pytest.fixture
def namespace(redis_client) -> str:
    """A fresh key prefix per test; its keys are deleted afterwards."""
    name = f"test-{uuid.uuid4().hex[:12]}"
    yield name
    keys = list(redis_client.scan_iter(match=f"{name}:*", count=1000))
    if keys:
        redis_client.delete(*keys)


@pytest.fixture
def config_file(tmp_path, redis_url, namespace):
    return write_config(tmp_path / "amzbus.toml", broker_url=redis_url, namespace=namespace)


@pytest.fixture
def start_worker(tmp_path):
    workers: list[WorkerProcess] = []

    def start(config, *, threads: int = 8) -> WorkerProcess:
        worker = WorkerProcess(config, tmp_path / f"worker-{len(workers)}.log", threads)
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()


@pytest.fixture
def publisher(config_file):
    """A producer-side bus in the test process, subscribed like the test workers are."""
    from amzbus.bus.config_file import load_settings
    from amzbus.ops.runtime import Runtime

    runtime = Runtime(load_settings(config_file))
    runtime.register_consumers(("bus_test_consumers:register",))
    yield runtime.bus
    runtime.bus.broker.close()
