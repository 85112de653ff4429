"""LWA tokens: one per account, kept apart for many accounts in one process, forgotten when Amazon refuses them."""

from __future__ import annotations

import pytest
import sp_api.auth.access_token_client as library_tokens

from amzbus.connectors.amazon import AmazonRejected


def test_twelve_accounts_in_one_process_each_log_in_once(start_simulator):
    # Given twelve seller accounts, each with its own refresh token, in one process (more than the ten the
    # library's module-global token cache holds)
    simulator = start_simulator(extra_accounts=10)
    simulator.admin("PUT", "rate-limits", {"getMarketplaceParticipations": {"rate": 100, "burst": 100}})
    assert len({a["refreshToken"] for a in simulator.accounts.values()}) == 12
    clients = [simulator.client(name) for name in simulator.accounts]

    # When every client calls Amazon three times, round after round
    try:
        for _ in range(3):
            for client in clients:
                client.sellers.marketplace_participations()
    finally:
        for client in clients:
            client.close()

    # Then each logged in exactly once: twelve LWA calls in all, none evicted by another account
    assert simulator.calls("lwaToken")["calls"] == 12
    assert [c.session.tokens.fetches for c in clients] == [1] * 12
    assert simulator.calls("getMarketplaceParticipations")["statuses"] == {"200": 36}
    # and the library's module-global cache (ten entries, keyed by refresh token) was never used
    assert len(library_tokens.cache) == 0


def test_a_refused_token_is_forgotten_so_the_next_call_logs_in_again(simulator):
    # Given a client holding a token Amazon no longer knows (the simulator restarted)
    with simulator.client() as client:
        client.sellers.marketplace_participations()
        simulator.admin("POST", "reset", {})

        # When it calls Amazon, Then the 403 is a permanent error for that call
        with pytest.raises(AmazonRejected) as caught:
            client.sellers.marketplace_participations()
        assert (caught.value.status, caught.value.code) == (403, "Unauthorized")

        # and the next call logs in again and succeeds
        assert len(client.sellers.marketplace_participations()) == 3
        assert client.session.tokens.fetches == 2
