"""The worker process: Dramatiq's worker on our broker and actors, plus deterministic rescue.

Every ``rescue_interval`` seconds it puts back messages stranded by worker processes that died, so
recovery after a kill -9 takes about one heartbeat timeout instead of Dramatiq's random maintenance.
"""

from __future__ import annotations

import signal
import threading

import dramatiq
import structlog

from ..bus.stranded import StrandedMessages

log = structlog.get_logger(__name__)


def run_worker(runtime, *, threads: int = 8, queues: tuple[str, ...] | None = None,
               prefetch: int | None = None, rescue_interval: float | None = None,
               stop: threading.Event | None = None) -> None:
    """Process messages until SIGTERM/SIGINT (or ``stop`` is set), then finish the current ones."""
    broker = runtime.parts.broker
    stop = stop or threading.Event()
    worker = dramatiq.Worker(broker, queues=set(queues) if queues else None, worker_threads=threads)
    if prefetch:
        worker.queue_prefetch = prefetch
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    worker.start()
    log.info("worker_started", threads=threads, queues=sorted(queues or broker.get_declared_queues()),
             actors=sorted(broker.actors), broker=runtime.parts.kind)
    interval = rescue_interval or runtime.settings.bus.heartbeat_timeout_ms / 1000
    stranded = _stranded(runtime)
    try:
        while not stop.wait(interval):
            if stranded is not None:
                _rescue(stranded)
    finally:
        log.info("worker_stopping")
        worker.stop()
        broker.close()


def _stranded(runtime) -> StrandedMessages | None:
    if runtime.parts.kind != "redis":
        return None  # RabbitMQ redelivers by itself; the stub broker lives in this process
    return StrandedMessages(runtime.parts.redis, namespace=runtime.namespace,
                            heartbeat_timeout_ms=runtime.settings.bus.heartbeat_timeout_ms)


def _rescue(stranded: StrandedMessages) -> None:
    try:
        for found in stranded.rescue():
            log.warning("stranded_messages_rescued", broker_id=found.broker_id, queue=found.queue, count=found.count)
    except Exception as error:  # the worker keeps working; the next round tries again
        log.warning("stranded_rescue_failed", error=str(error))
