"""The worker process: Dramatiq's worker on our broker and actors, plus deterministic rescue.

Every ``rescue_interval`` seconds it puts back messages stranded by worker processes that died, so
recovery after a kill -9 takes about one heartbeat timeout instead of Dramatiq's random maintenance.

After a broker outage every process's heartbeat looks stale until it next reaches Redis, so the
rescue waits until Redis has answered for a whole interval; it never takes the messages of its own
process, which is alive whatever its heartbeat says.
"""

from __future__ import annotations

import os
import socket
import threading
import time

import dramatiq
import structlog

from ..bus.broker_outage import BROKER_UNREACHABLE
from ..bus.stranded import StrandedMessages
from ..bus.workers import WorkerRegistry
from .metrics_http import serve_metrics
from .stop_signals import stop_on_signals

log = structlog.get_logger(__name__)

MINIMUM_THREADS = 8


def default_threads(settings) -> int:
    """Threads enough for ``[odoo] order_batches_at_once`` full batches of ``order_batch_size`` (each order of a
    batch is held by the thread that received it), and never fewer than ``MINIMUM_THREADS``."""
    odoo = settings.odoo
    return max(MINIMUM_THREADS, (odoo.order_batch_size * odoo.order_batches_at_once) if odoo else 0)


def run_worker(runtime, *, threads: int = 8, queues: tuple[str, ...] | None = None,
               prefetch: int | None = None, rescue_interval: float | None = None,
               stop: threading.Event | None = None, metrics_host: str = "127.0.0.1",
               metrics_port: int | None = 9191) -> None:
    """Process messages until SIGTERM/SIGINT (or ``stop`` is set), then finish the current ones.

    ``/metrics`` is served on ``metrics_host:metrics_port`` (``None``: not served).
    """
    broker = runtime.parts.broker
    stop = stop or stop_on_signals()
    broker.emit_after("process_boot")  # as Dramatiq's own CLI does: starts TimeLimit's watchdog
    worker = dramatiq.Worker(broker, queues=set(queues) if queues else None, worker_threads=threads)
    if prefetch:
        worker.queue_prefetch = prefetch
    worker.start()
    log.info("worker_started", threads=threads, queues=sorted(queues or broker.get_declared_queues()),
             actors=sorted(broker.actors), broker=runtime.parts.kind)
    interval = rescue_interval or runtime.settings.bus.heartbeat_timeout_ms / 1000
    metrics = serve_metrics(host=metrics_host, port=metrics_port) if metrics_port is not None else None
    registry = _register(runtime, worker_threads=threads, queues=queues or broker.get_declared_queues(),
                         metrics_url=metrics.url if metrics else None)
    try:
        if runtime.parts.kind == "redis":  # RabbitMQ redelivers by itself; the stub broker lives in this process
            _rescue_until_stopped(runtime, interval, stop)
        else:
            stop.wait()
    finally:
        log.info("worker_stopping")
        worker.stop()
        _deregister(registry, broker.broker_id)
        if metrics is not None:
            metrics.close()
        broker.close()


def _register(runtime, *, worker_threads: int, queues, metrics_url: str | None) -> WorkerRegistry | None:
    """Make this process known to the dashboard (Redis broker only: liveness is its heartbeat)."""
    if runtime.parts.kind != "redis":
        return None
    registry = WorkerRegistry(runtime.parts.redis, namespace=runtime.namespace,
                              heartbeat_timeout_ms=runtime.settings.bus.heartbeat_timeout_ms)
    registry.register(runtime.parts.broker.broker_id, host=socket.gethostname(), pid=os.getpid(),
                      threads=worker_threads, queues=list(queues), metrics_url=metrics_url)
    return registry


def _deregister(registry: WorkerRegistry | None, broker_id: str) -> None:
    if registry is None:
        return
    try:
        registry.deregister(broker_id)
    except BROKER_UNREACHABLE as error:  # shown missing for a while, then forgotten
        log.warning("worker_deregister_failed", error=str(error))


def _rescue_until_stopped(runtime, interval: float, stop: threading.Event) -> None:
    parts = runtime.parts
    stranded = StrandedMessages(parts.redis, namespace=runtime.namespace,
                                heartbeat_timeout_ms=runtime.settings.bus.heartbeat_timeout_ms)
    own = frozenset({parts.broker.broker_id})
    settled_at = 0.0  # when Redis will have answered for a whole interval
    while not stop.wait(interval):
        if parts.outage.down:
            settled_at = time.monotonic() + interval
        try:
            if time.monotonic() < settled_at:
                parts.redis.ping()
                parts.outage.recovered()
                continue
            for found in stranded.rescue(exclude=own):
                log.warning("stranded_messages_rescued", broker_id=found.broker_id, queue=found.queue,
                            count=found.count)
        except BROKER_UNREACHABLE as error:
            parts.outage.noticed("rescue stranded messages", error)
            settled_at = time.monotonic() + interval
        except Exception as error:  # the worker keeps working; the next round tries again
            log.warning("stranded_rescue_failed", error=str(error))
