"""A fresh Odoo simulator per test, and clients on it for either transport."""

import pytest

from amzbus.bus.settings import OdooSettings
from amzbus.connectors.odoo import OdooClient
from amzbus.simulators.odoo.server import start_in_thread

@pytest.fixture
def simulator():
    server = start_in_thread(password="sim-password-7f3a")
    yield server
    server.shutdown()


@pytest.fixture
def settings_for():
    """``settings_for(simulator, api, timeout=5.0, with_key=None)``: OdooSettings pointing at the simulator."""
    return odoo_settings


def odoo_settings(simulator, api, *, timeout=5.0, with_key=None):
    has_key = api == "json2" if with_key is None else with_key
    return OdooSettings(url=simulator.url, database=simulator.state.db_name, user="admin",
                        password_env="ODOO_PASSWORD", api_key_env="ODOO_API_KEY" if has_key else None, api=api,
                        timeout_seconds=timeout)


def secret_for(simulator, api):
    return simulator.state.api_key if api == "json2" else simulator.state.password


@pytest.fixture
def make_client(simulator):
    """``make_client(api, secret=None, timeout=5.0)``: a connected client on the simulator."""
    clients = []

    def make(api, *, secret=None, timeout=5.0, connect=True):
        client = OdooClient(odoo_settings(simulator, api, timeout=timeout), secret or secret_for(simulator, api))
        clients.append(client)
        return client.connect() if connect else client
    yield make
    for client in clients:
        client.close()
