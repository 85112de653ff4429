"""Odoo busy, down or slow: every such failure is a RetryableError, and the client works again afterwards."""

import time

import pytest

from amzbus.bus.errors import RetryableError

APIS = ["jsonrpc", "json2"]


def partners_named(simulator, name):
    with simulator.state.transaction() as env:
        return env["res.partner"].search_ids([("name", "=", name)])


@pytest.mark.parametrize("api", APIS)
@pytest.mark.parametrize("kind", ["serialization_failure", "concurrent_update", "lock_not_available", "deadlock"])
def test_postgresql_concurrency_failures_are_retryable_and_write_nothing(simulator, make_client, api, kind):
    # Given Odoo fails the next partner creation the way PostgreSQL does under concurrent updates
    client = make_client(api)
    simulator.state.faults.add(kind=kind, target="res.partner", method="create", times=1)
    # When a partner is created
    with pytest.raises(RetryableError) as raised:
        client.create_one("res.partner", {"name": f"busy {kind}"})
    # Then the error is retryable, names the call, and nothing was written
    assert raised.value.code == "odoo_concurrency" and "res.partner.create" in str(raised.value)
    assert partners_named(simulator, f"busy {kind}") == []
    # And the retry succeeds
    assert client.create_one("res.partner", {"name": f"busy {kind}"}) in partners_named(simulator, f"busy {kind}")


@pytest.mark.parametrize("api", APIS)
def test_a_503_is_retryable(simulator, make_client, api):
    client = make_client(api)
    simulator.state.faults.add(kind="http_503", target="res.partner", times=1)
    with pytest.raises(RetryableError) as raised:
        client.search("res.partner", [])
    assert raised.value.code == "odoo_unavailable"
    assert client.search("res.partner", [("id", "=", 1)]) == [1]


@pytest.mark.parametrize("api", APIS)
def test_a_connection_dropped_after_the_call_is_retryable(simulator, make_client, api):
    # Given Odoo commits the call and then loses the connection before answering
    client = make_client(api)
    simulator.state.faults.add(kind="drop_response", target="res.partner", method="create", times=1)
    # When a partner is created, Then the client cannot know the outcome and reports a retryable error
    with pytest.raises(RetryableError) as raised:
        client.create_one("res.partner", {"name": "dropped"})
    assert raised.value.code == "odoo_unreachable"
    # (the partner exists: callers look before they create again, as the domain operations do)
    assert len(partners_named(simulator, "dropped")) == 1


@pytest.mark.parametrize("api", APIS)
def test_a_connection_reset_mid_response_is_retryable(simulator, make_client, api):
    # Given Odoo commits the call, then sends half of its answer and closes the connection
    client = make_client(api)
    simulator.state.faults.add(kind="reset_mid_response", target="res.partner", method="create", times=1)
    # When a partner is created, Then the half answer is a retryable error, not a bad answer
    with pytest.raises(RetryableError) as raised:
        client.create_one("res.partner", {"name": f"cut short {api}"})
    assert raised.value.code == "odoo_unreachable" and "res.partner.create" in str(raised.value)
    assert len(partners_named(simulator, f"cut short {api}")) == 1
    # And the client works on the next call
    assert client.search("res.partner", [("id", "=", 1)]) == [1]


@pytest.mark.parametrize("api", APIS)
def test_a_call_slower_than_the_read_timeout_is_retryable(simulator, make_client, api):
    client = make_client(api, timeout=0.2)
    simulator.state.faults.add(kind="latency", seconds=0.5, target="res.partner", times=1)
    with pytest.raises(RetryableError) as raised:
        client.search("res.partner", [])
    assert raised.value.code == "odoo_timeout"


@pytest.mark.parametrize("api", APIS)
def test_refused_connections_are_retryable_and_the_client_reconnects(simulator, make_client, api):
    # Given a connected client, and Odoo restarting (its port refuses connections for a moment)
    client = make_client(api)
    simulator.refuse_connections(0.3)
    # When a call is made during the outage, Then it fails as retryable
    with pytest.raises(RetryableError) as raised:
        client.search("res.partner", [])
    assert raised.value.code == "odoo_unreachable"
    # And once Odoo listens again the same client works, without a new login
    logins = simulator.state.calls.count("common", "authenticate")
    for _ in range(40):
        try:
            assert client.search("res.partner", [("id", "=", 1)]) == [1]
            break
        except RetryableError:
            time.sleep(0.05)
    else:
        pytest.fail("the client did not reconnect after the outage")
    assert simulator.state.calls.count("common", "authenticate") == logins
