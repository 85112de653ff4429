"""``/metrics`` of a worker process: prometheus-client's own HTTP server in a thread.

One port per worker process (not Prometheus' multi-process mode): a worker is one process whose
threads share one registry, so its counters are exact without the shared files and the restrictions
(no custom collectors, gauges aggregated by mode) of multi-process mode. In containers every replica
serves the same port on its own address, and Prometheus finds the replicas through DNS. On a host that
runs several workers, a port already taken falls back to a free one, logged and recorded with the
worker's registration (the dashboard lists each worker's address).
"""

from __future__ import annotations

import socket
from dataclasses import dataclass

import structlog
from prometheus_client import start_http_server

log = structlog.get_logger(__name__)


@dataclass
class MetricsEndpoint:
    host: str
    port: int
    server: object

    @property
    def url(self) -> str:
        host = socket.gethostname() if self.host in ("0.0.0.0", "::") else self.host
        return f"http://{host}:{self.port}/metrics"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def serve_metrics(*, host: str = "127.0.0.1", port: int = 9191) -> MetricsEndpoint:
    """Serve the default registry on ``host:port`` (a taken port falls back to a free one)."""
    try:
        server, _ = start_http_server(port, addr=host)
    except OSError as error:
        if port == 0:
            raise
        server, _ = start_http_server(0, addr=host)
        log.warning("metrics_port_in_use", wanted=port, port=server.server_port, error=str(error))
    endpoint = MetricsEndpoint(host, server.server_port, server)
    log.info("metrics_serving", url=endpoint.url)
    return endpoint
