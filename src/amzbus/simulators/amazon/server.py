"""Running the simulator: in a background thread (tests) or in the foreground (``amzbus simulator amazon``)."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import structlog
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from .app import SimulatorApp
from .state import SimulatorState

log = structlog.get_logger(__name__)


class QuietRequestHandler(WSGIRequestHandler):
    """No per-request access log, and no automatic ``Date`` header: the app sends the simulator's own."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        return None

    def send_response(self, code: int, message: str | None = None) -> None:
        self.send_response_only(code, message)
        self.send_header("Server", self.version_string())


@dataclass
class RunningSimulator:
    """A simulator serving on ``url``; ``shutdown()`` stops it and waits for its thread."""

    server: BaseWSGIServer
    state: SimulatorState
    thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self.server.server_port

    @property
    def url(self) -> str:
        return self.state.base_url

    def shutdown(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        if self.thread is not None:
            self.thread.join(timeout=10)


def create_server(*, host: str = "127.0.0.1", port: int = 8100, seed: int = 1, speed: float = 1.0,
                  extra_accounts: int = 0) -> RunningSimulator:
    """Bind the port and build the state; the caller decides where to serve."""
    state = SimulatorState(seed=seed, speed=speed, extra_accounts=extra_accounts)
    server = make_server(host, port, SimulatorApp(state), threaded=True, request_handler=QuietRequestHandler)
    state.base_url = f"http://{host}:{server.server_port}"
    return RunningSimulator(server=server, state=state)


def start_in_thread(*, port: int = 0, seed: int = 1, speed: float = 1.0, host: str = "127.0.0.1",
                    extra_accounts: int = 0) -> RunningSimulator:
    """Start a simulator on ``host:port`` (0 picks a free port) in a daemon thread; ``extra_accounts``
    seller accounts beyond the two base ones."""
    running = create_server(host=host, port=port, seed=seed, speed=speed, extra_accounts=extra_accounts)
    running.thread = threading.Thread(target=running.server.serve_forever, kwargs={"poll_interval": 0.05},
                                      name=f"amazon-simulator-{running.port}", daemon=True)
    running.thread.start()
    log.info("amazon_simulator_started", url=running.url, seed=seed, speed=speed)
    return running
