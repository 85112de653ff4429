"""Odoo call latency by model and method, as Prometheus reads it."""

from metrics_testing import Exposition


def test_each_odoo_round_trip_is_timed_by_model_and_method(make_client):
    # Given a connected client
    client = make_client("jsonrpc")
    before = Exposition.of_this_process()
    # When it searches partners three times and reads one
    for _ in range(3):
        client.search("res.partner", [("id", "=", 1)])
    client.read("res.partner", [1], ["name"])
    # Then the latency histogram counts those round trips under their model and method
    after = Exposition.of_this_process()
    count = "amzbus_odoo_call_duration_seconds_count"
    assert after.value(count, model="res.partner", method="search") - before.value(
        count, model="res.partner", method="search") == 3
    assert after.value(count, model="res.partner", method="read") - before.value(
        count, model="res.partner", method="read") == 1
    assert after.value("amzbus_odoo_call_duration_seconds_sum", model="res.partner") > before.value(
        "amzbus_odoo_call_duration_seconds_sum", model="res.partner")
