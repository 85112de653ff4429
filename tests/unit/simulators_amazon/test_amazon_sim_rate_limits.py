"""Usage plans: per (seller, operation) token buckets with Amazon's rates and bursts, times the speed."""

from __future__ import annotations

from amzbus.simulators.amazon.rate_limits import PUBLISHED_PLANS, RateLimiter
from amzbus.simulators.amazon.state import SimulatorState
from amazon_sim_fixtures import state, sim, sim_eu, sim_factory  # noqa: F401 (pytest fixtures)

SEARCH_QUERY = {"lastUpdatedAfter": "2020-01-01T00:00:00Z"}


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_call_after_the_burst_is_answered_429_with_amazons_body(state, sim):
    # Given searchOrders' published burst of 20
    burst = PUBLISHED_PLANS["searchOrders"].burst
    # When the seller calls it burst + 1 times at once
    statuses = [sim.call("GET", "/orders/2026-01-01/orders", query_string=SEARCH_QUERY).status_code
                for _ in range(burst + 1)]
    last = sim.call("GET", "/orders/2026-01-01/orders", query_string=SEARCH_QUERY)
    # Then the first 20 pass and the 21st is throttled with Amazon's exact body; the counts show it
    assert statuses == [200] * burst + [429]
    assert last.json == {"errors": [{"code": "QuotaExceeded", "details": "",
                                     "message": "You exceeded your quota for the requested resource."}]}
    counts = state.call_counts()["operations"]["searchOrders"]
    assert (counts["calls"], counts["throttled"]) == (burst + 2, 2)


def test_buckets_are_per_seller(state, sim, sim_eu):
    # Given the NA seller has used its whole getMarketplaceParticipations burst (15, refilled once a minute)
    for _ in range(PUBLISHED_PLANS["getMarketplaceParticipations"].burst):
        sim.call("GET", "/sellers/v1/marketplaceParticipations")
    # When both sellers call again
    na = sim.call("GET", "/sellers/v1/marketplaceParticipations")
    eu = sim_eu.call("GET", "/sellers/v1/marketplaceParticipations")
    # Then only the NA seller is throttled
    assert (na.status_code, eu.status_code) == (429, 200)


def test_the_rate_limit_header_carries_the_rate_times_the_speed(sim_factory):
    state = SimulatorState(seed=1, speed=10)
    response = sim_factory(state).call("GET", "/sellers/v1/marketplaceParticipations")
    assert response.headers["x-amzn-RateLimit-Limit"] == "0.16"


def test_a_bucket_refills_at_the_published_rate_times_the_speed():
    # Given confirmShipment (rate 2/s, burst 10) on a simulator twice as fast, with its bucket emptied
    clock = FakeMonotonic()
    limiter = RateLimiter(speed=2.0, monotonic=clock)
    assert all(limiter.allow("A1", "confirmShipment") for _ in range(10))
    assert not limiter.allow("A1", "confirmShipment")
    # When a quarter of a second passes (2 x 2 x 0.25 = 1 token)
    clock.now += 0.25
    # Then exactly one more call passes
    assert limiter.allow("A1", "confirmShipment")
    assert not limiter.allow("A1", "confirmShipment")


def test_every_simulated_operation_has_amazons_published_plan():
    expected = {"searchOrders": ("0.0056", 20), "getOrder": ("0.5", 30), "confirmShipment": ("2", 10),
                "patchListingsItem": ("5", 5), "getListingsItem": ("5", 10), "createFeedDocument": ("0.5", 15),
                "createFeed": ("0.0083", 15), "getFeed": ("2", 15), "getFeedDocument": ("0.0222", 10),
                "getInventorySummaries": ("2", 2), "getMarketplaceParticipations": ("0.016", 15),
                **{op: ("1", 5) for op in ("getDestinations", "createDestination", "deleteDestination",
                                           "getSubscription", "createSubscription", "deleteSubscriptionById")}}
    assert {op: (format(p.rate, "f"), p.burst) for op, p in PUBLISHED_PLANS.items()} == expected
