"""The command line for people: progress on stderr for long operations, clean --json, status --watch."""

from __future__ import annotations

import json
import signal
import subprocess
import sys

from bus_testing import subprocess_env, write_config

TERMINAL = {"TTY_COMPATIBLE": "1", "COLUMNS": "120"}  # rich draws its bars as on a terminal


def run(config, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "amzbus", "--config", str(config), *args], capture_output=True,
                          text=True, timeout=60, env={**subprocess_env(), **(env or {})})


def test_replaying_everything_shows_progress_on_stderr_and_json_stays_clean(config_file, make_dead_letters):
    # Given two dead letters
    letters = make_dead_letters(orders=("302-7777777-0000021",))
    # When an operator replays them all at a terminal, with --json
    as_json = run(config_file, "dlq", "replay", "--all", "--json", env=TERMINAL)
    # Then stdout is exactly the JSON answer, and no bar was drawn
    assert as_json.returncode == 0, as_json.stderr
    assert sorted(r["id"] for r in json.loads(as_json.stdout)) == sorted(d.id for d in letters)
    assert "replaying" not in as_json.stderr
    # And without --json, the bar is on stderr and the answer on stdout
    again = run(config_file, "dlq", "replay", *[d.id for d in letters], env=TERMINAL)
    assert "replaying dead letters" in again.stderr and "2/2" in again.stderr
    assert sorted(line.split(":")[0] for line in again.stdout.splitlines()) == sorted(d.id for d in letters)


def test_offers_import_shows_its_progress_and_answers_json(tmp_path, redis_url, namespace):
    config = write_config(tmp_path / "amzbus.toml", broker_url=redis_url, namespace=namespace, extra=(
        '[[accounts]]\nname = "eu-main"\nseller_id = "A2EU"\nregion = "EU"\nmarketplaces = ["DE"]\n'
        'lwa_client_id_env = "Y_ID"\nlwa_client_secret_env = "Y_SECRET"\nrefresh_token_env = "Y_TOKEN"\n'))
    offers = tmp_path / "offers.csv"
    offers.write_text("sku,product_ref\n" + "".join(f"SKU-{n},REF-{n}\n" for n in range(2000)), encoding="utf-8")
    shown = run(config, "offers", "import", str(offers), "--account", "eu-main", env=TERMINAL)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout == "imported 2000 offer(s)\n"
    assert "reading" in shown.stderr and "importing 2000 offer(s)" in shown.stderr
    quiet = run(config, "offers", "import", str(offers), "--account", "eu-main", "--json", env=TERMINAL)
    assert json.loads(quiet.stdout) == {"imported": 2000} and "importing" not in quiet.stderr


def test_status_watch_refreshes_until_interrupted(config_file):
    # Given `status --watch --json`
    process = subprocess.Popen([sys.executable, "-m", "amzbus", "--config", str(config_file), "status", "--watch",
                                "--json", "--interval", "0.2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env=subprocess_env())
    try:
        # When it has refreshed three times
        lines = [json.loads(process.stdout.readline()) for _ in range(3)]
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(10)
    # Then each refresh was one JSON line with the queues, and Ctrl-C ended it cleanly
    assert all({q["queue"] for q in line["queues"]} >= {"to_odoo", "to_amazon"} for line in lines)
    assert process.returncode == 0
