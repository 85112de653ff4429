"""The password and the API key never reach a log line or an error message."""

import logging

import pytest
from structlog.testing import capture_logs

from amzbus.connectors.odoo import OdooClient
from amzbus.connectors.odoo.errors import OdooAuthenticationError

APIS = ["jsonrpc", "json2"]


@pytest.mark.parametrize("api", APIS)
def test_secrets_never_reach_the_logs_or_the_errors(simulator, settings_for, api, caplog):
    # Given a client whose secret is refused after it logged in, with every log level captured
    secret = simulator.state.api_key if api == "json2" else simulator.state.password
    caplog.set_level(logging.DEBUG)
    with capture_logs() as logs:
        client = OdooClient(settings_for(simulator, api), secret).connect()
        client.search("res.partner", [], limit=1)
        simulator.state.password, simulator.state.api_key = "other-password", "other-api-key-0123456789"
        # When the call fails
        with pytest.raises(OdooAuthenticationError) as raised:
            client.search("res.partner", [], limit=1)
    # Then neither the structured logs, nor the standard logs, nor the error, nor the client's repr show the secret
    assert logs and all(secret not in repr(entry) for entry in logs)
    assert secret not in caplog.text
    assert secret not in str(raised.value) and secret not in repr(client)
