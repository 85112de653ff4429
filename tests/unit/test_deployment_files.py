"""The deployment files agree with each other and with the code: compose services, secrets, alert rules."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from amzbus.bus.config_file import load_settings

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]


def example_secrets() -> set[str]:
    settings = load_settings(ROOT / "deploy" / "amzbus.example.toml")
    names = {settings.odoo.password_env, "ODOO_API_KEY", "AMZBUS_DASHBOARD_TOKEN"}
    for account in settings.accounts:
        names |= {account.lwa_client_id_env, account.lwa_client_secret_env, account.refresh_token_env}
    return names


def test_env_example_and_every_service_name_each_secret_the_example_configuration_names():
    listed = set(re.findall(r"^([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert example_secrets() <= listed
    for name in ("worker", "scheduler", "dashboard"):
        assert example_secrets() - {"AMZBUS_DASHBOARD_TOKEN"} <= set(SERVICES[name]["environment"])
    assert "AMZBUS_DASHBOARD_TOKEN" in SERVICES["dashboard"]["environment"]


def test_compose_runs_redis_durably_scalable_workers_one_scheduler_and_a_loopback_dashboard():
    redis = SERVICES["redis"]
    assert "--appendonly" in redis["command"] and "redis-data:/data" in redis["volumes"] and redis["healthcheck"]
    worker = SERVICES["worker"]
    assert "ports" not in worker and "container_name" not in worker  # --scale worker=N needs neither
    assert worker["stop_signal"] == "SIGTERM" and worker["stop_grace_period"]
    assert worker["depends_on"]["redis"]["condition"] == "service_healthy"
    assert SERVICES["scheduler"]["command"] == ["scheduler"]
    assert SERVICES["dashboard"]["ports"] == ["127.0.0.1:${AMZBUS_DASHBOARD_PORT:-8080}:8080"]
    assert SERVICES["prometheus"]["profiles"] == ["monitoring"]
    assert {s.get("build") for s in SERVICES.values() if "build" in s} == {"."}  # one image from the root Dockerfile


def exported_metric_names() -> set[str]:
    sources = [ROOT / "src/amzbus/bus/metrics.py", ROOT / "src/amzbus/ops/dashboard/collector.py"]
    return {name for path in sources for name in re.findall(r'"(amzbus_[a-z_]+)"', path.read_text())}


def test_the_example_alerts_cover_the_four_cases_with_metrics_the_bus_exports():
    rules = yaml.safe_load((ROOT / "deploy/prometheus/alerts.yml").read_text())["groups"][0]["rules"]
    alerts = {rule["alert"]: rule["expr"] for rule in rules}
    assert {"AmzbusDeadLetters", "AmzbusStreamLagging", "AmzbusThrottlingRising", "AmzbusWorkerMissing"} <= set(alerts)
    assert "> 900" in alerts["AmzbusStreamLagging"]
    used = {name for expr in alerts.values() for name in re.findall(r"amzbus_[a-z_]+", expr)}
    assert used and used <= exported_metric_names()
    scrape = yaml.safe_load((ROOT / "deploy/prometheus/prometheus.yml").read_text())["scrape_configs"]
    assert {job["job_name"] for job in scrape} == {"amzbus-dashboard", "amzbus-worker"}


@pytest.mark.skipif(shutil.which("docker-compose") is None,
                    reason="Debian's docker-compose is not installed (`make compose-check` installs it)")
def test_docker_compose_accepts_the_file_and_refuses_it_without_a_dashboard_token():
    def config(token: str) -> subprocess.CompletedProcess:
        return subprocess.run(["docker-compose", "--env-file", ".env.example", "config", "-q"], cwd=ROOT,
                              capture_output=True, text=True, timeout=60,
                              env={"PATH": "/usr/bin:/bin", "AMZBUS_DASHBOARD_TOKEN": token})
    assert config("a-token").returncode == 0
    refused = config("")
    assert refused.returncode != 0 and "set AMZBUS_DASHBOARD_TOKEN in .env" in refused.stderr
