"""Fault injection: server errors and throttling, latency, malformed bodies, limited to the next N calls,
to a duration, or not."""

from __future__ import annotations

import time

import pytest
from amazon_sim_fixtures import state, sim  # noqa: F401 (pytest fixtures)

from amzbus.simulators.amazon.faults import FaultInjector, FaultSpec

ORDER = "/orders/2026-01-01/orders/111-0000000-0000000"


@pytest.fixture
def generous(state):
    state.set_rate_limit("getOrder", rate=1000, burst=1000)
    return state


def test_an_error_ratio_of_one_answers_every_call_with_the_chosen_status(generous, sim):
    generous.set_fault("getOrder", {"error_ratio": 1.0, "error_status": 500})
    responses = [sim.call("GET", ORDER) for _ in range(3)]
    assert {r.status_code for r in responses} == {500}
    assert responses[0].json["errors"][0]["code"] == "InternalFailure"
    assert generous.call_counts()["operations"]["getOrder"]["faults"] == 3


def test_remaining_limits_a_fault_to_the_next_calls(generous, sim):
    generous.set_fault("getOrder", {"error_ratio": 1.0, "error_status": 503, "remaining": 2})
    assert [sim.call("GET", ORDER).status_code for _ in range(3)] == [503, 503, 404]


def test_an_error_ratio_of_one_half_fails_about_half_of_the_calls(generous, sim):
    generous.set_fault("*", {"error_ratio": 0.5})
    statuses = [sim.call("GET", ORDER).status_code for _ in range(200)]
    failures = sum(1 for s in statuses if s in (500, 503))
    assert 70 <= failures <= 130 and {500, 503} <= set(statuses)


def test_an_injected_429_is_amazons_quota_exceeded_answer(generous, sim):
    generous.set_fault("getOrder", {"error_ratio": 1.0, "error_status": 429, "remaining": 1})
    response = sim.call("GET", ORDER)
    assert response.status_code == 429
    assert response.json["errors"][0]["code"] == "QuotaExceeded"
    assert sim.call("GET", ORDER).status_code == 404


def test_a_storm_lasts_its_duration_then_ends_by_itself():
    # Given a storm of 429s and 5xx on 30% of every operation's calls, for 60 s of wall-clock time
    now = [1000.0]
    faults = FaultInjector(3, monotonic=lambda: now[0])
    faults.set("*", FaultSpec(error_ratio=0.3, error_status=[429, 500, 503], duration_seconds=60))
    # When calls are made during the minute, Then about 30% of them fail, with each of the statuses
    during = [faults.decide("getOrder").error_status for _ in range(500)]
    assert set(during) == {None, 429, 500, 503} and 100 <= 500 - during.count(None) <= 200
    # When the minute is over, Then no call is faulted and the storm is gone from the list
    now[0] += 60
    assert {faults.decide("getOrder").error_status for _ in range(100)} == {None}
    assert faults.describe() == {}


def test_a_reset_ratio_draws_the_calls_whose_answer_is_cut():
    faults = FaultInjector(3)
    faults.set("searchOrders", FaultSpec(reset_ratio=0.5))
    resets = [faults.decide("searchOrders").reset for _ in range(200)]
    assert 70 <= sum(resets) <= 130
    assert not faults.decide("getOrder").reset


def test_a_malformed_body_is_empty_or_not_json_with_a_success_status(generous, sim):
    generous.set_fault("getMarketplaceParticipations", {"malformed_ratio": 1.0})
    bodies = {sim.call("GET", "/sellers/v1/marketplaceParticipations").get_data() for _ in range(10)}
    assert bodies == {b"", b"<html><body>Bad Gateway</body>"}


def test_latency_delays_the_answer(generous, sim):
    generous.set_fault("getOrder", {"latency_seconds": 0.2, "remaining": 1})
    started = time.monotonic()
    sim.call("GET", ORDER)
    assert time.monotonic() - started >= 0.2


def test_clearing_faults_restores_normal_answers(generous, sim):
    generous.set_fault("getOrder", {"error_ratio": 1.0})
    generous.clear_faults()
    assert sim.call("GET", ORDER).status_code == 404


@pytest.mark.parametrize("spec, message", [
    ({"error_ratio": 2}, "faults.getOrder.error_ratio: must be between 0 and 1"),
    ({"error_status": 502}, "faults.getOrder.error_status: must be 429, 500 or 503"),
    ({"error_status": [429, 404]}, "faults.getOrder.error_status: must be 429, 500 or 503"),
    ({"reset_ratio": -0.1}, "faults.getOrder.reset_ratio: must be between 0 and 1"),
    ({"duration_seconds": 0}, "faults.getOrder.duration_seconds: must be positive"),
    ({"surprise": 1}, "faults.getOrder: unknown keys ['surprise']"),
])
def test_an_invalid_fault_spec_is_refused_naming_the_key(state, spec, message):
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
        state.set_fault("getOrder", spec)
