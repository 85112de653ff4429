"""The processes of a demo or an end-to-end run: simulators, worker(s), scheduler, and their config.

Everything runs as real processes of ``amzbus`` (``simulator amazon|odoo``, ``worker``, ``scheduler``)
talking over HTTP and the broker, exactly as a deployment would; the stack writes the configuration
file they share and passes the secrets as environment variables, never in the file.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import requests

from ..bus.errors import BusError
from ..bus.config_file import load_settings
from .runtime import Runtime

ODOO_PASSWORD_ENV = "AMZBUS_DEMO_ODOO_PASSWORD"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class OdooTarget:
    url: str
    database: str
    user: str
    password: str


@dataclass
class DemoStack:
    """Parameters:
      broker_url: the broker all processes share (``redis://...``).
      namespace: key prefix of this run (a fresh one keeps runs apart).
      speed: the Amazon simulator's time compression (rate limits, lifecycle, 2-minute rule).
      odoo: a real Odoo to use; ``None`` starts the Odoo simulator.
      poll_seconds: the scheduler's interval between two polls of each account.
      stock_feed_threshold: from how many SKUs at once stock goes in one JSON_LISTINGS_FEED.
      workdir: where the configuration and the process logs go.
    """

    broker_url: str
    namespace: str
    speed: float = 60.0
    seed: int = 1
    odoo: OdooTarget | None = None
    poll_seconds: float = 2.0
    stock_feed_threshold: int = 5  # the first push of a simulated catalog (10 FBM SKUs) goes by feed
    workdir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="amzbus-demo-")))
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)
    amazon_url: str = ""
    odoo_simulator_url: str | None = None
    config_path: Path | None = None

    embedded: bool = False
    _threads: list = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)

    @cached_property
    def runtime(self) -> Runtime:
        """This process's view of the run (and, when embedded, the broker and worker themselves)."""
        runtime = Runtime(load_settings(self.config_path), environ=self.env)
        if self.embedded:
            runtime.register_consumers()
        return runtime

    def dead_letter_count(self) -> int:
        if self.embedded:
            return len(self.runtime.parts.broker.dead_letters)
        return len(self.runtime.dead_letters.list())

    def start_simulators(self) -> None:
        if self.embedded:
            self._start_simulators_in_threads()
            return
        port = free_port()
        self._spawn("amazon", ["simulator", "amazon", "--port", str(port), "--seed", str(self.seed),
                               "--speed", str(self.speed)], config=False)
        self.amazon_url = f"http://127.0.0.1:{port}"
        _wait_http(f"{self.amazon_url}/_admin/accounts", "the Amazon simulator", self.processes["amazon"])
        if self.odoo is None:
            port = free_port()
            self._spawn("odoo", ["simulator", "odoo", "--port", str(port)], config=False)
            self.odoo_simulator_url = f"http://127.0.0.1:{port}"
            _wait_http(f"{self.odoo_simulator_url}/web/webclient/version_info", "the Odoo simulator",
                       self.processes["odoo"], method="POST")
            self.odoo = OdooTarget(self.odoo_simulator_url, "amzbus", "admin", "admin")

    def write_config(self, *, margin_seconds: float | None = None, page_size: int = 100) -> Path:
        accounts = requests.get(f"{self.amazon_url}/_admin/accounts", timeout=10).json()["accounts"]
        self.env = {**os.environ, ODOO_PASSWORD_ENV: self.odoo.password}
        self.env.pop("AMZBUS_BROKER_URL", None)
        self.env.pop("AMZBUS_CONFIG", None)
        lines = [f'[bus]\nbroker_url = "{self.broker_url}"\nnamespace = "{self.namespace}"\n'
                 f'min_backoff_ms = 500\nmax_backoff_ms = 5000\nheartbeat_timeout_ms = 5000\n',
                 '[logging]\nformat = "json"\nlevel = "INFO"\n',
                 f'[scheduler]\norders_seconds = {self.poll_seconds}\nshipments_seconds = {self.poll_seconds}\n'
                 f'stock_seconds = {self.poll_seconds}\nfba_inventory_seconds = {self.poll_seconds}\n'
                 f'fba_inventory_full_seconds = {5 * self.poll_seconds}\n',
                 f'[odoo]\nurl = "{self.odoo.url}"\ndatabase = "{self.odoo.database}"\nuser = "{self.odoo.user}"\n'
                 f'password_env = "{ODOO_PASSWORD_ENV}"\n']
        for account in accounts:
            prefix = f"AMZBUS_DEMO_{account['name'].upper().replace('-', '_')}"
            self.env.update({f"{prefix}_LWA_ID": account["lwaClientId"], f"{prefix}_LWA_SECRET": account["lwaClientSecret"],
                             f"{prefix}_REFRESH_TOKEN": account["refreshToken"]})
            marketplaces = ", ".join(f'"{code}"' for code in account["marketplaces"])
            lines.append(
                f'[[accounts]]\nname = "{account["name"]}"\nseller_id = "{account["sellerId"]}"\n'
                f'region = "{account["region"]}"\nmarketplaces = [{marketplaces}]\nendpoint = "{self.amazon_url}"\n'
                f'lwa_client_id_env = "{prefix}_LWA_ID"\nlwa_client_secret_env = "{prefix}_LWA_SECRET"\n'
                f'refresh_token_env = "{prefix}_REFRESH_TOKEN"\nfba_location = "Amazon FBA {account["region"]}"\n'
                f'sales_team = "Amazon {account["region"]}"\norders_page_size = {page_size}\n'
                f'stock_feed_threshold = {self.stock_feed_threshold}\n'
                + (f"freshness_margin_seconds = {margin_seconds}\npoll_overlap_seconds = 1.0\n"
                   if margin_seconds is not None else ""))
        self.config_path = self.workdir / "amzbus.toml"
        self.config_path.write_text("\n".join(lines), encoding="utf-8")
        return self.config_path

    def start_worker(self, name: str = "worker", *, threads: int = 8) -> None:
        if self.embedded:
            import dramatiq

            worker = dramatiq.Worker(self.runtime.parts.broker, worker_threads=threads)
            worker.start()
            self._threads.append(worker)
            return
        self._spawn(name, ["worker", "--threads", str(threads)])

    def start_scheduler(self) -> None:
        if self.embedded:
            from ..producers.scheduler import run_scheduler

            thread = threading.Thread(target=run_scheduler, args=(self.runtime,), kwargs={"stop": self._stop},
                                      name="scheduler", daemon=True)
            thread.start()
            self._threads.append(thread)
            return
        self._spawn("scheduler", ["scheduler"])

    def _start_simulators_in_threads(self) -> None:
        from ..simulators.amazon.server import start_in_thread as amazon
        from ..simulators.odoo.server import start_in_thread as odoo

        simulator = amazon(port=0, seed=self.seed, speed=self.speed)
        self._threads.append(simulator)
        self.amazon_url = simulator.url
        if self.odoo is None:
            odoo_simulator = odoo(port=0)
            self._threads.append(odoo_simulator)
            self.odoo_simulator_url = odoo_simulator.url
            self.odoo = OdooTarget(odoo_simulator.url, "amzbus", "admin", "admin")

    def exited(self) -> dict[str, str]:
        """The processes that are no longer running: name -> exit status and the end of their log."""
        return {name: f"exited with status {process.returncode}; log ends with:\n{self.log_tail(name)}"
                for name, process in self.processes.items() if process.poll() is not None}

    def log_tail(self, name: str, lines: int = 15) -> str:
        path = self.workdir / f"{name}.log"
        if not path.exists():
            return ""
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])

    def kill(self, name: str) -> None:
        process = self.processes.pop(name)
        process.send_signal(signal.SIGKILL)
        process.wait(10)

    def stop(self) -> None:
        self._stop.set()
        for thread in reversed(self._threads):
            if hasattr(thread, "stop"):
                thread.stop()
            elif hasattr(thread, "shutdown"):
                thread.shutdown()
        for name, process in reversed(list(self.processes.items())):
            if process.poll() is None:
                process.terminate()
        for process in self.processes.values():
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
        self.processes.clear()

    def amazon_admin(self, http_method: str, admin_path: str, /, **json_body):
        response = requests.request(http_method, f"{self.amazon_url}/_admin/{admin_path}", json=json_body or None,
                                    timeout=30)
        response.raise_for_status()
        return response.json()

    def odoo_admin(self, http_method: str, admin_path: str, /, **json_body):
        if self.odoo_simulator_url is None:
            raise BusError("the Odoo simulator is not running (a real Odoo was given)")
        response = requests.request(http_method, f"{self.odoo_simulator_url}/_admin/{admin_path}",
                                    json=json_body or None, timeout=30)
        response.raise_for_status()
        return response.json()

    def _spawn(self, name: str, args: list[str], *, config: bool = True) -> subprocess.Popen:
        log = open(self.workdir / f"{name}.log", "a", encoding="utf-8")
        command = [sys.executable, "-m", "amzbus", *(["--config", str(self.config_path)] if config else []), *args]
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=self.env or None)
        self.processes[name] = process
        return process


def _wait_http(url: str, what: str, process: subprocess.Popen, *, method: str = "GET", timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BusError(f"{what} exited at start (status {process.returncode})")
        try:
            requests.request(method, url, json={} if method == "POST" else None, timeout=2)
            return
        except requests.ConnectionError:
            time.sleep(0.1)
    raise BusError(f"{what} did not answer at {url} within {timeout:.0f} s")
