"""Authentication: once per client; when Odoo refuses the session or key later, the secret is read again and
the call retried once; a secret still refused is a permanent authentication error."""

import pytest

from amzbus.connectors.odoo import OdooClient
from amzbus.connectors.odoo.errors import OdooAuthenticationError, OdooPermanentError


class RotatingSecret:
    """Stands for the entry point's ``lambda: settings.secret(os.environ)``: the current secret, counted."""

    def __init__(self, value):
        self.value, self.reads = value, 0

    def __call__(self):
        self.reads += 1
        return self.value


def test_jsonrpc_authenticates_once_for_many_calls(simulator, settings_for):
    client = OdooClient(settings_for(simulator, "jsonrpc"), simulator.state.password)
    for _ in range(3):
        client.search("res.partner", [], limit=1)
    assert simulator.state.calls.count("common", "authenticate") == 1
    assert client.round_trips == 4  # one login, three calls


def test_jsonrpc_logs_in_again_when_the_password_was_changed(simulator, settings_for):
    # Given a client logged in with the password of the time
    secret = RotatingSecret(simulator.state.password)
    client = OdooClient(settings_for(simulator, "jsonrpc"), secret).connect()
    # When the password is changed in Odoo and in the environment
    simulator.state.password = secret.value = "new-password"
    before = client.round_trips
    result = client.search("res.partner", [("id", "=", 1)])
    # Then the refused call logged in again with the new password and was retried once
    assert result == [1]
    assert client.round_trips - before == 3  # refused call, login, retried call
    assert simulator.state.calls.count("common", "authenticate") == 2 and secret.reads == 2


def test_json2_reads_the_api_key_again_when_it_is_refused(simulator, settings_for):
    secret = RotatingSecret(simulator.state.api_key)
    client = OdooClient(settings_for(simulator, "json2"), secret).connect()
    simulator.state.api_key = secret.value = "rotated-key-0123456789"
    before = client.round_trips
    assert client.search("res.partner", [("id", "=", 1)]) == [1]
    assert client.round_trips - before == 2 and secret.reads == 2


@pytest.mark.parametrize("api", ["jsonrpc", "json2"])
def test_a_secret_still_refused_after_one_new_login_is_permanent(simulator, settings_for, api):
    # Given a client connected, then its secret revoked in Odoo but not replaced
    secret = simulator.state.api_key if api == "json2" else simulator.state.password
    client = OdooClient(settings_for(simulator, api), secret).connect()
    simulator.state.password, simulator.state.api_key = "changed", "changed-key-0123456789"
    # When it calls, Then it tries one new login and stops there with a permanent error
    before = client.round_trips
    with pytest.raises(OdooAuthenticationError) as raised:
        client.search("res.partner", [])
    assert raised.value.code == "odoo_access_denied"
    assert client.round_trips - before == 2  # refused call, then refused login (JSON-RPC) or retry (JSON-2)
    assert secret not in str(raised.value)


def test_an_unknown_database_is_a_permanent_error_naming_the_setting(simulator, settings_for):
    settings = settings_for(simulator, "jsonrpc")
    client = OdooClient(type(settings)(**{**settings.__dict__, "database": "typo"}), simulator.state.password)
    with pytest.raises(OdooPermanentError) as raised:
        client.connect()
    assert raised.value.code == "odoo_unknown_database" and "odoo.database" in str(raised.value)
