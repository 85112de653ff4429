"""Runs the dashboard with waitress (a production WSGI server in pure Python), until stopped."""

from __future__ import annotations

import threading

import structlog
from waitress.server import create_server

from .app import DashboardOptions, create_app
from .history import QueueHistory
from .overview import read_queues
from .security import check_binding, is_loopback

log = structlog.get_logger(__name__)


class DashboardServer:
    """Parameters:
      host, port: where to listen (port 0: any free port, see ``url``).
      token: ``AMZBUS_DASHBOARD_TOKEN``; required unless ``host`` is a loopback address.
      sample_seconds: interval of the queue-trend samples taken even while no page is open (default 30).
    """

    def __init__(self, runtime, *, host: str = "127.0.0.1", port: int = 8080, token: str | None = None,
                 refresh_seconds: float = 5.0, sample_seconds: float = 30.0) -> None:
        check_binding(host, token)
        runtime.require_redis_broker("the dashboard")
        self._runtime = runtime
        options = DashboardOptions(token=token, public=not is_loopback(host), refresh_seconds=refresh_seconds)
        self.app = create_app(runtime, options)
        self._history = QueueHistory(runtime.redis, namespace=runtime.namespace, interval_seconds=sample_seconds)
        self._server = create_server(self.app, host=host, port=port, threads=4, ident="amzbus")
        self._stop = threading.Event()
        self.host, self.port = host, self._server.effective_port

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def serve_forever(self) -> None:
        """Serve until ``close`` (or SIGTERM through it); waitress' loop runs here, a poll at a time, so the
        connections are closed by the thread that serves them."""
        sampler = threading.Thread(target=self._sample, name="queue-history", daemon=True)
        sampler.start()
        log.info("dashboard_serving", url=self.url, actions="on" if self.app.extensions["amzbus"]["options"].token
                 else "off (no AMZBUS_DASHBOARD_TOKEN)")
        server = self._server
        try:
            while not self._stop.is_set():
                server.asyncore.loop(timeout=0.2, map=server._map, use_poll=True, count=1)
        finally:
            for channel in list(server._map.values()):
                channel.close()
            server.task_dispatcher.shutdown()
            log.info("dashboard_stopped")

    def start_in_thread(self) -> threading.Thread:
        thread = threading.Thread(target=self.serve_forever, name="dashboard", daemon=True)
        thread.start()
        return thread

    def close(self) -> None:
        """Ask ``serve_forever`` to stop (it returns within a fraction of a second)."""
        self._stop.set()

    def _sample(self) -> None:
        while not self._stop.is_set():
            try:
                self._history.record(read_queues(self._runtime))
            except Exception as error:  # Redis away for a moment: the next sample tries again
                log.warning("queue_history_sample_failed", error=str(error))
            self._stop.wait(self._history.interval_seconds)
