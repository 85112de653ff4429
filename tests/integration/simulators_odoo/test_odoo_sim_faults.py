"""Fault injection, refused connections, call counts and the /_admin API."""

from __future__ import annotations

import http.client
import json
import time

import pytest
import requests
from odoo_sim_http import Rpc, unique

from amzbus.simulators.odoo import start_in_thread


@pytest.fixture
def server():
    running = start_in_thread(port=0)
    yield running
    running.shutdown()


@pytest.fixture
def rpc(server) -> Rpc:
    return Rpc(server)


def admin(server, method: str, path: str, **kwargs) -> requests.Response:
    return requests.request(method, f"{server.url}/_admin/{path}", timeout=5, **kwargs)


def test_latency_delays_the_matching_calls(server, rpc):
    server.state.faults.add(kind="latency", seconds=0.3, target="res.partner", method="search")
    started = time.monotonic()
    rpc.ok("res.partner", "search", [])
    assert time.monotonic() - started >= 0.3


def test_503_answers_without_running_the_call(server, rpc):
    # Given the next partner create answers 503
    admin(server, "POST", "faults", json={"kind": "http_503", "target": "res.partner", "method": "create", "times": 1})
    tag = unique("ref")
    payload = {"jsonrpc": "2.0", "method": "call", "id": 1, "params": {"service": "object", "method": "execute_kw",
               "args": ["amzbus", 2, "admin", "res.partner", "create", [{"name": "x", "ref": tag}], {}]}}
    # When it is called twice
    first = requests.post(f"{server.url}/jsonrpc", json=payload, timeout=5)
    second = requests.post(f"{server.url}/jsonrpc", json=payload, timeout=5)
    # Then the first got a 503 and created nothing; the second went through
    assert first.status_code == 503 and "Service Unavailable" in first.text
    assert second.status_code == 200 and "result" in second.json()
    assert rpc.ok("res.partner", "search_count", [["ref", "=", tag]]) == 1


@pytest.mark.parametrize("kind, name, message", [
    ("serialization_failure", "psycopg2.errors.SerializationFailure", "could not serialize access due to read/write"),
    ("concurrent_update", "psycopg2.errors.SerializationFailure", "could not serialize access due to concurrent update"),
    ("lock_not_available", "psycopg2.errors.LockNotAvailable", 'could not obtain lock on row in relation "res_partner"'),
    ("deadlock", "psycopg2.errors.DeadlockDetected", "deadlock detected"),
])
def test_database_faults_answer_the_postgresql_error_and_write_nothing(server, rpc, kind, name, message):
    server.state.faults.add(kind=kind, target="res.partner", method="create", times=1)
    tag = unique("ref")
    error = rpc.error("res.partner", "create", {"name": "x", "ref": tag})
    assert (error["code"], error["message"]) == (200, "Odoo Server Error")
    assert error["data"]["name"] == name and error["data"]["message"].startswith(message)
    assert rpc.ok("res.partner", "search_count", [["ref", "=", tag]]) == 0


def test_database_faults_over_json2_are_500(server, rpc):
    server.state.faults.add(kind="concurrent_update", target="sale.order", times=1)
    response = rpc.json2("sale.order", "search", {"domain": []})
    assert response.status_code == 500
    assert response.json()["name"] == "psycopg2.errors.SerializationFailure"


def test_a_dropped_response_still_commits(server, rpc):
    server.state.faults.add(kind="drop_response", target="res.partner", method="create", times=1)
    tag = unique("ref")
    with pytest.raises(requests.ConnectionError):
        rpc.body("res.partner", "create", {"name": "x", "ref": tag})
    assert rpc.ok("res.partner", "search_count", [["ref", "=", tag]]) == 1


def test_a_reset_mid_response_sends_half_the_answer_then_closes_and_still_commits(server, rpc):
    # Given the next partner create is cut mid-response
    admin(server, "POST", "faults", json={"kind": "reset_mid_response", "target": "res.partner", "method": "create",
                                          "times": 1})
    tag = unique("ref")
    payload = json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": {
        "service": "object", "method": "execute_kw",
        "args": ["amzbus", rpc.uid, "admin", "res.partner", "create", [{"name": "x", "ref": tag}], {}]}})
    # When it is called
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    connection.request("POST", "/jsonrpc", body=payload, headers={"Content-Type": "application/json"})
    response = connection.getresponse()
    # Then the status and headers came, the body stops half-way and the connection is closed
    announced = int(response.getheader("Content-Length"))
    assert response.status == 200 and announced > 0
    with pytest.raises(http.client.IncompleteRead) as cut:
        response.read()
    assert 0 < len(cut.value.partial) < announced
    connection.close()
    # And the partner was created all the same
    assert rpc.ok("res.partner", "search_count", [["ref", "=", tag]]) == 1


def test_a_slow_odoo_delays_only_the_chosen_share_of_calls(server, rpc):
    # Given Odoo slow on a fifth of the calls
    admin(server, "POST", "faults", json={"kind": "latency", "seconds": 0.2, "ratio": 0.2})
    # When 50 calls are made
    slow = 0
    for _ in range(50):
        started = time.monotonic()
        rpc.ok("res.partner", "search_count", [])
        slow += time.monotonic() - started >= 0.2
    # Then about a fifth of them waited (the draws are seeded: the same count on every run)
    assert slow == server.state.faults.rules()[0]["hits"] and 4 <= slow <= 18


def test_refused_connections_then_the_same_port_listens_again(server, rpc):
    # When the admin API asks for a 0.5 s outage
    assert admin(server, "POST", "outage", json={"seconds": 0.5}).json() == {"refusing_for_seconds": 0.5}
    # Then connections are refused, and accepted again on the same port afterwards
    with pytest.raises(requests.ConnectionError):
        requests.post(f"{server.url}/jsonrpc", json={}, timeout=2)
    deadline = time.monotonic() + 5
    while True:
        try:
            assert rpc.call("common", "version")["result"]["server_serie"] == "18.0"
            break
        except requests.ConnectionError:
            assert time.monotonic() < deadline, "the simulator did not listen again"
            time.sleep(0.05)


def test_calls_are_counted_per_target_and_method(server, rpc):
    rpc.ok("sale.order", "search", [])
    rpc.ok("sale.order", "search", [])
    rpc.json2("sale.order", "search_count", {"domain": []})
    assert server.state.calls.count("sale.order", "search") == 2
    assert server.state.calls.count("sale.order") == 3
    assert server.state.calls.count("common", "authenticate") == 1
    calls = admin(server, "GET", "calls").json()["calls"]
    assert {"target": "sale.order", "method": "search", "count": 2} in calls
    assert admin(server, "DELETE", "calls").json() == {"calls": []}


def test_admin_lists_and_clears_fault_rules(server):
    created = admin(server, "POST", "faults", json={"kind": "latency", "seconds": 0.1, "ratio": 0.5})
    assert created.status_code == 201 and created.json()["fault"]["kind"] == "latency"
    assert len(admin(server, "GET", "faults").json()["faults"]) == 1
    assert admin(server, "DELETE", "faults").json() == {"faults": []}
    refused = admin(server, "POST", "faults", json={"kind": "flood"})
    assert refused.status_code == 400 and "unknown fault kind" in refused.json()["error"]["message"]


def test_admin_info_and_records(server, rpc):
    info = admin(server, "GET", "info").json()
    assert info["db"] == "amzbus" and info["api_key"] == server.state.api_key
    assert info["records"]["res.country"] >= 9
    records = admin(server, "GET", "records/res.country", params={"domain": '[["code", "=", "GB"]]',
                                                                   "fields": "name,currency_id"}).json()["records"]
    assert records[0]["name"] == "United Kingdom" and records[0]["currency_id"][1] == "GBP"


def test_admin_clock_shifts_write_dates(server, rpc):
    admin(server, "POST", "clock", json={"offset_seconds": 86400})
    partner_id = rpc.partner()
    written = rpc.ok("res.partner", "read", [partner_id], ["write_date"])[0]["write_date"]
    assert written > time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(time.time() + 3600))
