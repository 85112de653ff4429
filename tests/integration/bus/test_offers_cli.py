"""The offer table from the command line: import, set, list; bad files refused whole."""

from __future__ import annotations

from bus_testing import amzbus, amzbus_json, write_config

ACCOUNTS = """
[[accounts]]
name = "na-main"
seller_id = "A1NA"
region = "NA"
marketplaces = ["US"]
lwa_client_id_env = "X_ID"
lwa_client_secret_env = "X_SECRET"
refresh_token_env = "X_TOKEN"

[[accounts]]
name = "eu-main"
seller_id = "A2EU"
region = "EU"
marketplaces = ["DE"]
lwa_client_id_env = "Y_ID"
lwa_client_secret_env = "Y_SECRET"
refresh_token_env = "Y_TOKEN"
"""


def test_offers_are_imported_from_csv_set_one_by_one_and_listed(tmp_path, redis_url, namespace):
    config = write_config(tmp_path / "amzbus.toml", broker_url=redis_url, namespace=namespace, extra=ACCOUNTS)
    csv_file = tmp_path / "offers.csv"
    csv_file.write_text("account,sku,product_ref\nna-main,MUG-RED,FURN_0001\neu-main,MUG-RED,FURN_0002\n")
    assert amzbus("offers", "import", str(csv_file), config=config).stdout.strip() == "imported 2 offer(s)"
    assert amzbus("offers", "set", "LAMP 40W", "LAMP_40", "--account", "na-main", config=config).returncode == 0
    listed = amzbus_json("offers", "list", "--account", "na-main", config=config)
    assert listed == [{"account": "na-main", "sku": "LAMP 40W", "product_ref": "LAMP_40"},
                      {"account": "na-main", "sku": "MUG-RED", "product_ref": "FURN_0001"}]


def test_a_csv_with_one_bad_row_imports_nothing_and_names_the_line(tmp_path, redis_url, namespace):
    config = write_config(tmp_path / "amzbus.toml", broker_url=redis_url, namespace=namespace, extra=ACCOUNTS)
    csv_file = tmp_path / "offers.csv"
    csv_file.write_text("sku,product_ref\nMUG-RED,FURN_0001\nMUG-BLUE,\n")
    result = amzbus("offers", "import", str(csv_file), "--account", "eu-main", config=config)
    assert result.returncode == 1
    assert "line 3: sku and product_ref must both be set" in result.stderr
    assert amzbus_json("offers", "list", config=config) == []


def test_an_unknown_account_is_refused(tmp_path, redis_url, namespace):
    config = write_config(tmp_path / "amzbus.toml", broker_url=redis_url, namespace=namespace, extra=ACCOUNTS)
    result = amzbus("offers", "set", "MUG", "FURN_1", "--account", "jp-main", config=config)
    assert result.returncode == 1 and "no account named 'jp-main'" in result.stderr
