"""Fixtures of the push tests: moto's SQS server as a real process (one per module), the SP-API simulator
pushing to it, and a runtime on the real Redis configured for both."""

from __future__ import annotations

import os
import time
import uuid

import httpx
import pytest
from stack_testing import simulator_config

from amzbus.bus.config_file import load_settings
from amzbus.ops.runtime import Runtime
from amzbus.ops.sqs_stand_in import AWS_ENV, REGION, LocalSqs
from amzbus.simulators.amazon.server import start_in_thread


@pytest.fixture(scope="module")
def local_sqs(tmp_path_factory):
    sqs = LocalSqs(log_path=tmp_path_factory.mktemp("sqs") / "moto.log").start()
    previous = {name: os.environ.get(name) for name in AWS_ENV}
    os.environ.update(AWS_ENV)  # the standard AWS variables boto3 reads, as a deployment sets them
    yield sqs
    for name, value in previous.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    sqs.stop()


class PushWorld:
    """The simulator (``admin``), the queue, and a runtime whose config names both."""

    def __init__(self, sqs: LocalSqs, amazon, runtime: Runtime, queue) -> None:
        self.sqs, self.amazon, self.runtime, self.queue = sqs, amazon, runtime, queue
        self._admin = httpx.Client(base_url=f"{amazon.url}/_admin/", timeout=10)

    def admin(self, method: str, path: str, body: dict | None = None):
        response = self._admin.request(method, path, json=body)
        assert response.status_code == 200, f"{method} {path}: {response.status_code} {response.text}"
        return response.json()

    def order(self, *, account: str = "sim-na", fba: bool = False, marketplaces: list[str] | None = None) -> str:
        """A new order that stays pending until told otherwise, once its Pending notification is pushed."""
        sent = self.admin("GET", "notifications")["sent"]
        order_id = self.admin("POST", "orders/generate", {"count": 1, "account": account,
                                                          "marketplaces": marketplaces, "mix": {
            "auto_lifecycle": False, "fba_ratio": 1.0 if fba else 0.0, "cancel_before_eligible_ratio": 0,
            "cancel_after_eligible_ratio": 0}})["orders"][0]
        self.wait_for_messages(sent + 1)
        return order_id

    def subscribe(self, account: str = "sim-na"):
        return self.runtime.amazon_clients[account].notifications.setup(name="amzbus", arn=self.queue.arn)

    def wait_for_messages(self, count: int, *, timeout: float = 15.0) -> None:
        """Until Amazon has pushed ``count`` notifications (SQS holds them then)."""
        deadline = time.monotonic() + timeout
        while self.admin("GET", "notifications")["sent"] < count:
            assert time.monotonic() < deadline, f"Amazon did not push {count} notifications in {timeout} s"
            time.sleep(0.05)

    def depth(self) -> dict[str, int]:
        attributes = self.sqs.client().get_queue_attributes(QueueUrl=self.queue.url, AttributeNames=["All"])
        return {"visible": int(attributes["Attributes"]["ApproximateNumberOfMessages"]),
                "in_flight": int(attributes["Attributes"]["ApproximateNumberOfMessagesNotVisible"])}

    def calls(self, operation: str) -> int:
        return self.admin("GET", "calls")["operations"].get(operation, {"calls": 0})["calls"]

    def published_event_ids(self) -> list[str]:
        """The events waiting on the ``to_odoo`` queue (what the bus was handed)."""
        import json

        raw = self.runtime.redis.hvals(f"{self.runtime.namespace}:to_odoo.msgs")
        return [json.loads(message)["args"][0]["event_id"] for message in raw]


@pytest.fixture
def push(local_sqs, tmp_path, redis_url, namespace):
    amazon = start_in_thread(port=0, seed=7, speed=60)
    queue = local_sqs.create_queue(f"q-{uuid.uuid4().hex[:10]}")
    path, env = simulator_config(tmp_path / "amzbus.toml", amazon=amazon, redis_url=redis_url, namespace=namespace,
                                 odoo_url="http://127.0.0.1:9")
    with open(path, "a", encoding="utf-8") as config:
        config.write(f'\n[notifications]\nqueue_url = "{queue.url}"\nqueue_arn = "{queue.arn}"\nregion = "{REGION}"\n'
                     f'endpoint_url = "{local_sqs.endpoint}"\nwait_seconds = 1\nvisibility_timeout_seconds = 2\n')
    runtime = Runtime(load_settings(path, environ=env), environ=env)
    runtime.register_consumers()
    world = PushWorld(local_sqs, amazon, runtime, queue)
    world.config_path, world.env = path, {**env, **AWS_ENV}
    world.admin("PUT", "notifications", {"sqs_endpoint": local_sqs.endpoint, "duplicate_rate": 0.0,
                                         "delay_seconds": [0.0, 0.2]})
    yield world
    amazon.state.push.stop()
    amazon.shutdown()
    for client in runtime.amazon_clients.values():
        client.close()
