"""``amzbus notifications listen`` as a process rides out Redis outages of any length: started while Redis is
down it waits; while Redis is down it keeps every notification in SQS; once Redis is back, it publishes them."""

from __future__ import annotations

import json
import subprocess
import sys
import time

from bus_testing import wait_for
from private_redis import private_redis  # noqa: F401  (a fixture)


def events_on(redis_url: str, namespace: str) -> list[str]:
    import redis

    client = redis.Redis.from_url(redis_url)
    try:
        return [json.loads(m)["args"][0]["event_id"] for m in client.hvals(f"{namespace}:to_odoo.msgs")]
    finally:
        client.close()


def test_the_reader_waits_for_redis_and_publishes_what_arrived_meanwhile(push, private_redis, tmp_path):
    # Given a reader process whose Redis is down when it starts
    config = tmp_path / "private.toml"
    config.write_text(push.config_path.read_text().replace(push.runtime.settings.bus.broker_url, private_redis.url),
                      encoding="utf-8")
    namespace = push.runtime.namespace
    private_redis.stop()
    log = open(tmp_path / "listen.log", "w")
    reader = subprocess.Popen([sys.executable, "-m", "amzbus", "--config", str(config), "notifications", "listen"],
                              stdout=log, stderr=subprocess.STDOUT, env=push.env)
    try:
        push.subscribe()
        first = push.order()
        push.admin("POST", f"orders/{first}/make-eligible")
        time.sleep(3.0)
        assert reader.poll() is None, (tmp_path / "listen.log").read_text()
        # When Redis comes up, then goes down for 5 s while another order becomes eligible
        private_redis.start()
        wait_for(lambda: len(events_on(private_redis.url, namespace)) == 1, timeout=30,
                 message="the first order published once Redis is up")
        private_redis.stop()
        second = push.order()
        push.admin("POST", f"orders/{second}/make-eligible")
        time.sleep(5.0)
        assert reader.poll() is None, (tmp_path / "listen.log").read_text()
        private_redis.start()
        # Then both orders are published, and the reader is still running
        wait_for(lambda: len(events_on(private_redis.url, namespace)) == 2, timeout=60,
                 message="the second order published after the outage")
        assert sorted(events_on(private_redis.url, namespace)) == sorted(
            f"OrderPlaced:sim-na:{order_id}" for order_id in (first, second))
        assert reader.poll() is None
    finally:
        reader.terminate()
        reader.wait(20)
        log.close()
    assert reader.returncode == 0, (tmp_path / "listen.log").read_text()
