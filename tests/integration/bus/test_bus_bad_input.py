"""Bad input gets one line that says what is wrong, a non-zero exit, and no traceback."""

from __future__ import annotations

import json

from bus_testing import amzbus, write_config
from events import stock_changed

from amzbus.schemas import encode


def assert_one_line_error(result, *expected: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for text in expected:
        assert text in lines[0], lines[0]


def test_an_unknown_dead_letter_id_is_named_in_the_error(config_file):
    assert_one_line_error(amzbus("dlq", "show", "no-such-id", config=config_file), "no dead letter with id no-such-id")
    assert_one_line_error(amzbus("dlq", "replay", "no-such-id", config=config_file), "no-such-id")


def test_a_malformed_event_is_refused_with_its_field_and_event_id(config_file, tmp_path):
    raw = encode(stock_changed(sku="MUG-1"))
    raw["payload"]["quantity"] = -3
    path = tmp_path / "event.json"
    path.write_text(json.dumps(raw))
    assert_one_line_error(amzbus("publish", str(path), config=config_file),
                          raw["event_id"], "payload.quantity", "greater than or equal to 0")


def test_a_file_that_is_not_json_is_refused_with_its_position(config_file, tmp_path):
    path = tmp_path / "event.json"
    path.write_text('{"event_id": ')
    assert_one_line_error(amzbus("publish", str(path), config=config_file), "not JSON", "line 1")


def test_a_configuration_with_a_missing_key_names_the_key_and_the_file(tmp_path):
    path = tmp_path / "amzbus.toml"
    path.write_text('[[accounts]]\nname = "na"\nregion = "NA"\nmarketplaces = ["US"]\n')
    assert_one_line_error(amzbus("config", "check", config=path), str(path), "accounts[0].seller_id", "is required")


def test_a_configuration_with_a_wrong_key_names_the_key_and_the_file(tmp_path):
    path = tmp_path / "amzbus.toml"
    path.write_text('[bus]\nbroker_url = "redis://127.0.0.1:6379/0"\nretries = 3\n')
    assert_one_line_error(amzbus("config", "check", config=path), str(path), "bus.retries", "unknown key")


def test_a_configuration_with_a_wrong_value_type_names_the_key(tmp_path):
    path = tmp_path / "amzbus.toml"
    path.write_text('[bus]\nmax_retries = "three"\n')
    assert_one_line_error(amzbus("config", "check", config=path), "bus.max_retries", "must be an integer")


def test_an_unreachable_broker_is_reported_in_one_line(tmp_path, namespace):
    path = write_config(tmp_path / "amzbus.toml", broker_url="redis://127.0.0.1:1/0", namespace=namespace)
    for command in (("status",), ("dlq", "list"), ("dlq", "rescue")):
        assert_one_line_error(amzbus(*command, config=path), "Redis is not reachable", "127.0.0.1:1")


def test_a_missing_secret_variable_is_named_but_its_value_never_printed(tmp_path, monkeypatch):
    path = tmp_path / "amzbus.toml"
    path.write_text(
        '[[accounts]]\nname = "na"\nseller_id = "A1"\nregion = "NA"\nmarketplaces = ["US"]\n'
        'lwa_client_id_env = "AMZBUS_TEST_NO_SUCH_ID"\nlwa_client_secret_env = "AMZBUS_TEST_NO_SUCH_SECRET"\n'
        'refresh_token_env = "AMZBUS_TEST_NO_SUCH_TOKEN"\n')
    assert_one_line_error(amzbus("config", "check", config=path), "AMZBUS_TEST_NO_SUCH_ID", "is not set")
