"""Throughput of the bus against bare Dramatiq, side by side in one run, on a private Redis.

For each of several rounds (alternating, so machine noise hits both alike):
- publish N events (our ``Bus.publish``: validation + routing) / send N messages (bare ``actor.send``);
- start one worker process of 8 threads and measure the drain rate: backlog at the first drop divided
  by the time to empty (worker boot excluded, as in reference/dramatiq.md §4);
- count Redis commands per message during the drain (INFO total_commands_processed), which gives the
  cost of the idempotency check and failure bookkeeping in round trips.

Usage: python bench/bus_throughput.py [--messages N] [--rounds R] [--threads T]
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import redis

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from private_redis import private_redis  # noqa: E402


def commands(client) -> int:
    return int(client.info("stats")["total_commands_processed"])


def drain(client, messages_key: str, worker_command: list[str], env: dict) -> tuple[float, float]:
    """Start the worker, wait until the backlog is gone; (messages/s, Redis commands per message)."""
    backlog = client.hlen(messages_key)
    before = commands(client)
    worker = subprocess.Popen(worker_command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while client.hlen(messages_key) == backlog:
            time.sleep(0.002)
        start, first = time.perf_counter(), client.hlen(messages_key)
        while client.hlen(messages_key) > 0:
            time.sleep(0.01)
        elapsed = time.perf_counter() - start
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(30)
    per_message = (commands(client) - before) / backlog
    return first / elapsed, per_message


def bus_round(url: str, n: int, threads: int, namespace: str, env: dict) -> dict:
    from amzbus.bus.config_file import load_settings
    from amzbus.ops.runtime import Runtime
    from amzbus.schemas import StockChanged, envelop

    config = Path(tempfile.mkdtemp()) / "amzbus.toml"
    config.write_text(f'[bus]\nbroker_url = "{url}"\nnamespace = "{namespace}"\n[logging]\nlevel = "WARNING"\n')
    runtime = Runtime(load_settings(config))
    runtime.register_consumers(("bench_consumers:register",))
    events = [envelop(StockChanged(sku=f"SKU-{i}", quantity=i % 50, version=1), account="bench") for i in range(n)]
    start = time.perf_counter()
    for event in events:
        runtime.bus.publish(event)
    publish_rate = n / (time.perf_counter() - start)
    runtime.bus.broker.close()
    command = [sys.executable, "-m", "amzbus", "--config", str(config), "worker", "--threads", str(threads),
               "--consumers", "bench_consumers:register"]
    rate, per_message = drain(redis.Redis.from_url(url), f"{namespace}:to_amazon.msgs", command, env)
    return {"publish": publish_rate, "drain": rate, "commands": per_message}


def bare_round(url: str, n: int, threads: int, namespace: str, env: dict) -> dict:
    import dramatiq
    from dramatiq.brokers.redis import RedisBroker

    broker = RedisBroker(url=url, namespace=namespace)
    actor = dramatiq.actor(lambda i: None, actor_name="bare_noop", queue_name="bare", broker=broker)
    start = time.perf_counter()
    for i in range(n):
        actor.send(i)
    publish_rate = n / (time.perf_counter() - start)
    broker.close()
    command = [sys.executable, str(HERE / "bench_consumers.py"), url, namespace, str(threads)]
    rate, per_message = drain(redis.Redis.from_url(url), f"{namespace}:bare.msgs", command, env)
    return {"publish": publish_rate, "drain": rate, "commands": per_message}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--prefetch", type=int, default=0,
                        help="messages fetched ahead by each worker, for both (default: Dramatiq's 2 x threads)")
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(HERE)}
    if args.prefetch:
        env["dramatiq_queue_prefetch"] = str(args.prefetch)
    results = {"bus": [], "bare": []}
    with private_redis() as url:
        for r in range(args.rounds):
            results["bare"].append(bare_round(url, args.messages, args.threads, f"bare{r}", env))
            results["bus"].append(bus_round(url, args.messages, args.threads, f"bus{r}", env))
            print(f"round {r + 1}: bare {results['bare'][-1]}, bus {results['bus'][-1]}", flush=True)
    median = {kind: {k: statistics.median(r[k] for r in rows) for k in rows[0]} for kind, rows in results.items()}
    prefetch = args.prefetch or 2 * args.threads
    print(f"\n{args.messages} messages, 1 worker process x {args.threads} threads, prefetch {prefetch}, "
          f"medians of {args.rounds} rounds")
    print(f"{'':22}{'bare Dramatiq':>15}{'amzbus':>12}{'ratio':>8}")
    for key, title in (("publish", "publish (msg/s)"), ("drain", "applied (msg/s)"), ("commands", "Redis cmds / msg")):
        bare, bus = median["bare"][key], median["bus"][key]
        print(f"{title:22}{bare:>15.1f}{bus:>12.1f}{bus / bare:>8.2f}")


if __name__ == "__main__":
    main()
