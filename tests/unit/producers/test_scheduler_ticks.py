"""What the scheduler ticks: each stream the configuration turns on, per account, at its interval."""

from __future__ import annotations

import dataclasses

from amzbus.bus.marketplaces import MarketplaceCatalog
from amzbus.bus.settings import AccountSettings, OdooSettings, SchedulerSettings, Settings
from amzbus.producers.scheduler import ticks

US = MarketplaceCatalog().find("US")
ACCOUNT = AccountSettings(name="na-main", seller_id="S", region="NA", marketplaces=(US,), lwa_client_id_env="A",
                          lwa_client_secret_env="B", refresh_token_env="C")
ODOO = OdooSettings(url="http://odoo", database="db", user="u", password_env="P")


def test_every_flow_of_an_account_ticks_at_its_interval():
    settings = Settings(scheduler=SchedulerSettings(shipments_seconds=7), odoo=ODOO, accounts=(ACCOUNT,))
    assert ticks(settings) == [("poll_amazon_orders", "na-main", 180.0), ("poll_odoo_shipments", "na-main", 7),
                               ("poll_odoo_stock", "na-main", 20.0), ("reconcile_odoo_stock", "na-main", 86400.0),
                               ("poll_amazon_fba_inventory", "na-main", 300.0)]


def test_flows_turned_off_or_without_odoo_do_not_tick():
    account = dataclasses.replace(ACCOUNT, flows=frozenset({"orders", "stock"}))
    assert [task for task, _, _ in ticks(Settings(odoo=ODOO, accounts=(account,)))] == [
        "poll_amazon_orders", "poll_odoo_stock", "reconcile_odoo_stock"]
    assert [task for task, _, _ in ticks(Settings(accounts=(ACCOUNT,)))] == ["poll_amazon_orders"]
