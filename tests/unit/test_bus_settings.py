"""The configuration: every error names the file and the key; secrets come from named variables."""

from __future__ import annotations

import pytest

from amzbus.bus.errors import ConfigError
from amzbus.bus.config_file import load_settings

ACCOUNT = """
[[accounts]]
name = "eu-main"
seller_id = "A2EUSELLER"
region = "EU"
marketplaces = ["DE", "FR", "UK"]
lwa_client_id_env = "EU_LWA_ID"
lwa_client_secret_env = "EU_LWA_SECRET"
refresh_token_env = "EU_REFRESH_TOKEN"
"""


def config(tmp_path, text: str):
    path = tmp_path / "amzbus.toml"
    path.write_text(text)
    return path


def test_a_complete_configuration_is_read(tmp_path):
    settings = load_settings(config(tmp_path, '[bus]\nbroker_url = "redis://r:6379/1"\n' + ACCOUNT +
                                    '[odoo]\nurl = "https://odoo.example.com/"\ndatabase = "prod"\nuser = "bus"\n'
                                    'api_key_env = "ODOO_KEY"\n'))
    account = settings.account("eu-main")
    assert [m.code for m in account.marketplaces] == ["DE", "FR", "UK"]
    assert account.api_endpoint == "https://sellingpartnerapi-eu.amazon.com"
    assert settings.odoo.url == "https://odoo.example.com"
    assert settings.bus.broker_url == "redis://r:6379/1"


def test_orders_are_applied_forty_at_a_time_two_batches_at_once_unless_configured_and_never_zero(tmp_path):
    odoo = '[odoo]\nurl = "https://odoo.example.com/"\ndatabase = "prod"\nuser = "bus"\napi_key_env = "K"\n'
    settings = load_settings(config(tmp_path, odoo)).odoo
    assert (settings.order_batch_size, settings.order_batches_at_once) == (40, 2)
    settings = load_settings(config(tmp_path, odoo + "order_batch_size = 1\norder_batches_at_once = 1\n")).odoo
    assert (settings.order_batch_size, settings.order_batches_at_once) == (1, 1)
    with pytest.raises(ConfigError, match="odoo.order_batch_size: must be at least 1"):
        load_settings(config(tmp_path, odoo + "order_batch_size = 0\n"))
    with pytest.raises(ConfigError, match="odoo.order_batches_at_once: must be at least 1"):
        load_settings(config(tmp_path, odoo + "order_batches_at_once = 0\n"))


def test_credentials_come_from_the_named_environment_variables(tmp_path):
    account = load_settings(config(tmp_path, ACCOUNT)).account("eu-main")
    env = {"EU_LWA_ID": "id", "EU_LWA_SECRET": "secret", "EU_REFRESH_TOKEN": "Atzr|x"}
    assert account.credentials(env) == {"lwa_app_id": "id", "lwa_client_secret": "secret", "refresh_token": "Atzr|x"}


def test_a_marketplace_of_another_region_is_refused(tmp_path):
    with pytest.raises(ConfigError, match=r"accounts\[0\].marketplaces\[0\]: US is in region NA, not EU"):
        load_settings(config(tmp_path, ACCOUNT.replace('["DE", "FR", "UK"]', '["US"]')))


def test_an_unknown_marketplace_can_be_added_without_code_changes(tmp_path):
    extra = ('[[marketplaces]]\ncode = "PL"\nmarketplace_id = "A1C3SOZRARQ6R3"\nregion = "EU"\nname = "Amazon.pl"\n'
             'country = "PL"\ncurrency = "PLN"\ntax_included = true\n')
    settings = load_settings(config(tmp_path, extra + ACCOUNT.replace('"UK"]', '"UK", "PL"]')))
    assert settings.account("eu-main").marketplaces[-1].currency == "PLN"


def test_dead_letters_cannot_be_kept_longer_than_amazons_30_days(tmp_path):
    with pytest.raises(ConfigError, match="bus.dead_letter_ttl_days: must be at most 30"):
        load_settings(config(tmp_path, "[bus]\ndead_letter_ttl_days = 90\n"))


def test_an_amqp_broker_needs_a_redis_for_the_bus_state(tmp_path):
    with pytest.raises(ConfigError, match="bus.state_url: is required"):
        load_settings(config(tmp_path, '[bus]\nbroker_url = "amqp://guest:guest@127.0.0.1:5672"\n'))


def test_a_file_that_is_not_toml_is_reported_with_its_path(tmp_path):
    path = config(tmp_path, "[bus\n")
    with pytest.raises(ConfigError, match=f"{path}: not valid TOML"):
        load_settings(path)


def test_an_unknown_account_is_named_with_the_known_ones(tmp_path):
    with pytest.raises(ConfigError, match="no account named 'us' .configured: eu-main."):
        load_settings(config(tmp_path, ACCOUNT)).account("us")


def test_a_carrier_code_amazon_does_not_know_is_named_with_its_key(tmp_path):
    text = ACCOUNT + '[accounts.carriers]\n"Our van" = "Van Co"\n'
    with pytest.raises(ConfigError, match=r"accounts\[0\].carriers.Our van: 'Van Co' is not one of Amazon's carrier"):
        load_settings(config(tmp_path, text))


def test_the_fba_marketplace_must_be_one_of_the_accounts(tmp_path):
    with pytest.raises(ConfigError, match=r"accounts\[0\].fba_marketplace: 'US' is not one of the account's"):
        load_settings(config(tmp_path, ACCOUNT + 'fba_marketplace = "US"\n'))
    account = load_settings(config(tmp_path, ACCOUNT + 'fba_marketplace = "FR"\n')).account("eu-main")
    assert account.fba_marketplace_id == "A13V1IB3VIYZZH"


def test_the_stock_keys_have_their_defaults_and_limits(tmp_path):
    account = load_settings(config(tmp_path, ACCOUNT)).account("eu-main")
    assert (account.stock_buffer, account.stock_feed_threshold, account.stock_location) == (0, 20, None)
    with pytest.raises(ConfigError, match=r"accounts\[0\].stock_buffer"):
        load_settings(config(tmp_path, ACCOUNT + "stock_buffer = -1\n"))
