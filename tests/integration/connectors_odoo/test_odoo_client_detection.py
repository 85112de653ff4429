"""``odoo.api = auto``: the server's version decides; JSON-2 for Odoo 19+ when an API key is configured."""

from amzbus.connectors.odoo import OdooClient

ODOO_19 = {"server_version": "19.0", "server_version_info": [19, 0, 0, "final", 0, ""], "server_serie": "19.0",
           "protocol_version": 1}


def test_auto_speaks_jsonrpc_to_odoo_18_even_with_an_api_key(simulator, settings_for):
    client = OdooClient(settings_for(simulator, "auto", with_key=True), simulator.state.api_key).connect()
    assert (client.api, client.server_major_version) == ("jsonrpc", 18)
    assert simulator.state.calls.count("web", "version_info") == 1
    assert client.search("res.partner", [("id", "=", 1)]) == [1]


def test_auto_speaks_json2_to_odoo_19_with_an_api_key(simulator, settings_for):
    simulator.state.version = lambda: dict(ODOO_19)
    client = OdooClient(settings_for(simulator, "auto", with_key=True), simulator.state.api_key).connect()
    assert (client.api, client.server_major_version) == ("json2", 19)
    assert client.search("res.partner", [("id", "=", 1)]) == [1]
    assert simulator.state.calls.count("common", "authenticate") == 0


def test_auto_speaks_jsonrpc_to_odoo_19_without_an_api_key(simulator, settings_for):
    simulator.state.version = lambda: dict(ODOO_19)
    client = OdooClient(settings_for(simulator, "auto", with_key=False), simulator.state.password).connect()
    assert client.api == "jsonrpc"


def test_the_version_is_asked_of_common_version_when_the_web_route_fails(simulator, settings_for):
    simulator.state.faults.add(kind="http_503", target="web", method="version_info", times=1)
    client = OdooClient(settings_for(simulator, "auto"), simulator.state.password).connect()
    assert client.api == "jsonrpc"
    assert simulator.state.calls.count("common", "version") == 1


def test_a_configured_api_is_used_without_asking_the_version(simulator, settings_for):
    client = OdooClient(settings_for(simulator, "json2"), simulator.state.api_key).connect()
    assert client.api == "json2" and client.round_trips == 0
    assert simulator.state.calls.count("web", "version_info") == 0
