"""The example configuration shipped for deployments is valid."""

from pathlib import Path

from amzbus.bus.config_file import load_settings

EXAMPLE = Path(__file__).resolve().parents[2] / "deploy" / "amzbus.example.toml"


def test_the_example_configuration_is_valid_and_covers_all_nine_marketplaces():
    settings = load_settings(EXAMPLE)
    codes = {m.code for account in settings.accounts for m in account.marketplaces}
    assert codes == {"US", "CA", "MX", "DE", "ES", "FR", "UK", "IT", "NL"}
    assert settings.odoo.api == "auto"


def test_the_example_configuration_names_the_notifications_queue_but_no_aws_secret():
    settings = load_settings(EXAMPLE)
    assert settings.notifications.queue_arn.startswith("arn:aws:sqs:")
    assert settings.notifications.wait_seconds == 20 and settings.notifications.max_messages == 10
    assert "AWS_SECRET" not in EXAMPLE.read_text() and "aws_secret" not in EXAMPLE.read_text()


def test_the_example_configuration_sets_the_odoo_to_amazon_flows():
    settings = load_settings(EXAMPLE)
    na = settings.account("na-main")
    assert na.carrier_table == {"Our own van": "Other", "UPS Ground": "UPS"}
    assert na.stock_feed_threshold == 20 and na.stock_buffer == 0
    assert settings.marketplaces.find(na.fba_marketplace_id).code == "US"
    assert settings.scheduler.stock_full_seconds == 86400 and settings.scheduler.shipments_seconds == 20
