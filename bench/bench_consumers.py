"""No-op consumer and bare Dramatiq actor used by bus_throughput.py."""

from __future__ import annotations

import sys

from amzbus.bus.app import Consumer


def register(bus, settings) -> None:
    bus.subscribe(Consumer(name="bench_noop", event_type="StockChanged", queue="to_amazon", handler=lambda e: None))


def run_bare_worker(url: str, namespace: str, threads: int) -> None:
    """Bare Dramatiq: default middleware, a no-op actor, one process of ``threads`` threads."""
    import signal
    import threading

    import dramatiq
    from dramatiq.brokers.redis import RedisBroker

    broker = RedisBroker(url=url, namespace=namespace)
    dramatiq.actor(lambda n: None, actor_name="bare_noop", queue_name="bare", broker=broker)
    worker = dramatiq.Worker(broker, worker_threads=threads)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    worker.start()
    stop.wait()
    worker.stop()


if __name__ == "__main__":
    run_bare_worker(sys.argv[1], sys.argv[2], int(sys.argv[3]))
