"""What operations cost: the metrics middleware per message, and the dashboard's reads against a backlog.

- Metrics middleware: CPU per message of its hooks (enqueue, before and after processing), on real
  Dramatiq messages carrying an event, in this process (no Redis involved in them).
- Dashboard: on a private Redis holding N dead letters (Dramatiq's own layout, with failure records),
  the time to serve the overview panels, the dead-letter list and ``/metrics`` over HTTP.

Usage: python bench/ops_overhead.py [--messages N] [--dead-letters N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import requests
from dramatiq import Message
from dramatiq.broker import MessageProxy

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from private_redis import private_redis  # noqa: E402

from amzbus.bus.config_file import load_settings  # noqa: E402
from amzbus.bus.failures import FailureStore  # noqa: E402
from amzbus.bus.middleware.metrics import Metrics  # noqa: E402
from amzbus.ops.dashboard.server import DashboardServer  # noqa: E402
from amzbus.ops.runtime import Runtime  # noqa: E402


def event_message(n: int) -> Message:
    envelope = {"event_id": f"StockChanged:test:SKU-{n}:1", "event_type": "StockChanged", "account": "test",
                "payload": {"sku": f"SKU-{n}", "quantity": 1, "version": 1}}
    return Message(queue_name="to_amazon", actor_name="apply_test_stock", args=(envelope,), kwargs={},
                   options={}, message_id=str(uuid.uuid4()))


def middleware_microseconds(count: int) -> float:
    metrics, messages = Metrics(), [event_message(n) for n in range(count)]
    started = time.process_time()
    for message in messages:
        metrics.after_enqueue(None, message, None)
        proxy = MessageProxy(message)
        metrics.before_process_message(None, proxy)
        metrics.after_process_message(None, proxy, result=None)
    return (time.process_time() - started) / count * 1e6


def fill_dead_letters(runtime, count: int) -> None:
    redis, ns = runtime.redis, runtime.namespace
    failures = FailureStore(redis, namespace=ns, ttl_seconds=86_400)
    pipe = redis.pipeline()
    for n in range(count):
        message = event_message(n).asdict()
        letter_id = str(uuid.uuid4())
        pipe.zadd(f"{ns}:to_amazon.XQ", {letter_id: time.time() * 1000 - n})
        pipe.hset(f"{ns}:to_amazon.XQ.msgs", letter_id, json.dumps(message))
    pipe.execute()
    for n, message_id in enumerate(redis.hvals(f"{ns}:to_amazon.XQ.msgs")):
        failures.record_attempt(json.loads(message_id)["message_id"], RuntimeError(f"refused {n}"))


def timed_get(url: str, rounds: int = 5) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        assert requests.get(url, timeout=60).status_code == 200
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--dead-letters", type=int, default=5_000)
    options = parser.parse_args()
    print(f"metrics middleware: {middleware_microseconds(options.messages):.1f} us of CPU per message "
          f"({options.messages} messages)")
    with private_redis() as url, tempfile.TemporaryDirectory() as workdir:
        config = Path(workdir) / "amzbus.toml"
        config.write_text(f'[bus]\nbroker_url = "{url}"\nnamespace = "bench"\n', encoding="utf-8")
        runtime = Runtime(load_settings(config))
        fill_dead_letters(runtime, options.dead_letters)
        server = DashboardServer(runtime, port=0)
        thread = server.start_in_thread()
        try:
            print(f"dashboard with {options.dead_letters} dead letters, median of 5 requests:")
            for path in ("/panels", "/dead-letters", "/metrics"):
                print(f"  GET {path:<14} {timed_get(server.url + path):8.1f} ms")
        finally:
            server.close()
            thread.join(10)


if __name__ == "__main__":
    main()
