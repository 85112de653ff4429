"""LWA tokens, access checks and the headers every answer carries."""

from __future__ import annotations

from email.utils import parsedate_to_datetime
from amazon_sim_fixtures import state, sim, sim_eu  # noqa: F401 (pytest fixtures)


def test_a_valid_refresh_token_gets_a_bearer_access_token(sim):
    answer = sim.lwa(sim.account.lwa_client_id, sim.account.lwa_client_secret, sim.account.refresh_token)
    assert answer.status_code == 200
    assert answer.json["token_type"] == "bearer" and answer.json["expires_in"] == 3600
    assert answer.json["access_token"].startswith("Atza|")


def test_an_unknown_client_or_wrong_secret_is_401_invalid_client(sim):
    unknown = sim.lwa("amzn1.application-oa2-client.nope", sim.account.lwa_client_secret, sim.account.refresh_token)
    wrong_secret = sim.lwa(sim.account.lwa_client_id, "nope", sim.account.refresh_token)
    for answer in (unknown, wrong_secret):
        assert answer.status_code == 401
        assert answer.json == {"error": "invalid_client", "error_description": "Client authentication failed"}


def test_another_accounts_refresh_token_is_400_invalid_grant(state, sim):
    other = state.accounts.find("sim-eu")
    answer = sim.lwa(sim.account.lwa_client_id, sim.account.lwa_client_secret, other.refresh_token)
    assert answer.status_code == 400 and answer.json["error"] == "invalid_grant"


def test_an_unsupported_grant_type_is_refused(sim):
    answer = sim.client.post("/auth/o2/token", data={"grant_type": "password"})
    assert answer.status_code == 400 and answer.json["error"] == "unsupported_grant_type"


def test_a_missing_or_unknown_access_token_is_403_unauthorized(sim):
    for token in (None, "Atza|forged"):
        response = sim.call("GET", "/sellers/v1/marketplaceParticipations", token=token)
        assert response.status_code == 403
        assert response.json == {"errors": [{"code": "Unauthorized", "details": "",
                                             "message": "Access to requested resource is denied."}]}


def test_an_access_token_maps_to_its_seller(sim, sim_eu):
    na = sim.call("GET", "/sellers/v1/marketplaceParticipations").json["payload"]
    eu = sim_eu.call("GET", "/sellers/v1/marketplaceParticipations").json["payload"]
    assert {p["marketplace"]["id"] for p in na} == {"ATVPDKIKX0DER", "A2EUQ1WTGCTBG2", "A1AM78C64UM0Y8"}
    assert len(eu) == 6


def test_every_answer_carries_date_and_request_id_and_sp_api_answers_the_rate_limit(state, sim):
    answers = [sim.call("GET", "/sellers/v1/marketplaceParticipations"),
               sim.call("GET", "/sellers/v1/marketplaceParticipations", token=None),
               sim.client.get("/_admin/calls"), sim.lwa("x", "y", "z"), sim.call("GET", "/no/such/operation")]
    for answer in answers:
        sent = parsedate_to_datetime(answer.headers["Date"])
        assert abs((sent - state.clock.now()).total_seconds()) < 5
        assert answer.headers["x-amzn-RequestId"]
    assert answers[0].headers["x-amzn-RateLimit-Limit"] == "0.016"
    assert "x-amzn-RateLimit-Limit" not in answers[1].headers


def test_the_date_header_follows_the_simulators_clock(state, sim):
    state.advance_clock(3600)
    sent = parsedate_to_datetime(sim.call("GET", "/sellers/v1/marketplaceParticipations").headers["Date"])
    assert abs((sent - state.clock.now()).total_seconds()) < 5


def test_the_host_header_is_not_checked(sim):
    # python-amazon-sp-api sends "27.0.0.1:P" for http://127.0.0.1:P
    response = sim.client.get("/sellers/v1/marketplaceParticipations",
                              headers={"x-amz-access-token": sim.token, "Host": "27.0.0.1:8100"})
    assert response.status_code == 200


def test_an_unknown_operation_is_404_with_an_error_list(sim):
    response = sim.call("GET", "/orders/v0/orders")
    assert response.status_code == 404 and response.json["errors"][0]["code"] == "NotFound"


def test_an_access_token_expires_after_an_hour(state, sim):
    state.advance_clock(3601)
    response = sim.call("GET", "/sellers/v1/marketplaceParticipations")
    assert response.status_code == 403
    assert response.json["errors"][0]["message"] == "The access token you provided has expired."
