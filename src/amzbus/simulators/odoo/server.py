"""Running the simulator: a threaded werkzeug server, started in the background for tests or in
the foreground by ``amzbus simulator odoo``; it can stop listening for a while and come back on
the same port (refused connections, as when Odoo restarts)."""

from __future__ import annotations

import threading
import time

import structlog
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from .app import OdooSimulatorApp
from .state import SimulatorState

logger = structlog.get_logger(__name__)
POLL_INTERVAL_SECONDS = 0.05


class QuietRequestHandler(WSGIRequestHandler):
    def log_request(self, code="-", size="-") -> None:
        pass

    def log(self, type: str, message: str, *args) -> None:
        logger.debug("odoo_simulator_http_event", kind=type, detail=message % args if args else message)


class RunningOdooSimulator:
    """A listening simulator: ``url``, ``port``, ``state`` (the ORM, faults and counts), ``shutdown()``."""

    def __init__(self, state: SimulatorState, *, host: str = "127.0.0.1", port: int = 0) -> None:
        self.state = state
        self.host = host
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._server: BaseWSGIServer | None = self._bind(port)
        self.port = self._server.port
        self.url = f"http://{host}:{self.port}"

    def start(self) -> "RunningOdooSimulator":
        self._serve(self._server)
        logger.info("odoo_simulator_started", url=self.url, db=self.state.db_name)
        return self

    def wait(self) -> None:
        """Block until ``shutdown`` (used by the command line)."""
        while not self._stopped.wait(0.5):
            pass

    def shutdown(self) -> None:
        if self._stopped.is_set():
            return
        self._stopped.set()
        with self._lock:
            server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()
        logger.info("odoo_simulator_stopped", url=self.url)

    def refuse_connections(self, seconds: float) -> None:
        """Close the listening socket now and listen again on the same port after ``seconds``."""
        with self._lock:
            server, self._server = self._server, None
        if server is None:
            return
        server.shutdown()
        server.server_close()
        logger.info("odoo_simulator_refusing_connections", url=self.url, seconds=seconds)
        threading.Thread(target=self._reopen_after, args=(seconds,), daemon=True).start()

    def _reopen_after(self, seconds: float) -> None:
        if self._stopped.wait(seconds):
            return
        server = self._bind(self.port, attempts=100)
        with self._lock:
            if self._stopped.is_set():
                server.server_close()
                return
            self._server = server
        self._serve(server)
        logger.info("odoo_simulator_listening_again", url=self.url)

    def _bind(self, port: int, *, attempts: int = 1) -> BaseWSGIServer:
        for attempt in range(attempts):
            try:
                return make_server(self.host, port, OdooSimulatorApp(self), threaded=True,
                                   request_handler=QuietRequestHandler)
            except OSError:
                if attempt == attempts - 1:
                    raise
                time.sleep(0.05)
        raise RuntimeError("unreachable")

    def _serve(self, server: BaseWSGIServer) -> None:
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": POLL_INTERVAL_SECONDS},
                                  name=f"odoo-simulator-{self.port}", daemon=True)
        thread.start()


def start_in_thread(*, port: int = 0, db: str = "amzbus", user: str = "admin", password: str = "admin",
                    api_key: str | None = None, host: str = "127.0.0.1", fault_seed: int = 0) -> RunningOdooSimulator:
    """Start a fresh simulator in background threads and return it once it listens.

    ``port=0`` picks a free port; ``api_key=None`` generates one (``server.state.api_key``).
    """
    state = SimulatorState(db_name=db, login=user, password=password, api_key=api_key, fault_seed=fault_seed)
    return RunningOdooSimulator(state, host=host, port=port).start()
