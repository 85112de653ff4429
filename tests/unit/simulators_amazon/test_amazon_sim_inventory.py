"""getInventorySummaries: pages of 50, a nextToken that lasts 30 seconds, startDateTime and SKU filters."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from amzbus.simulators.amazon.catalog import FBA, Product
from amzbus.simulators.amazon.clock import iso
from amzbus.simulators.amazon.inventory import FbaStock
from amazon_sim_fixtures import state, sim  # noqa: F401 (pytest fixtures)

US = "ATVPDKIKX0DER"
QUERY = {"granularityType": "Marketplace", "granularityId": US, "marketplaceIds": US}


def _summaries(sim, **query):
    return sim.call("GET", "/fba/inventory/v1/summaries", query_string={**QUERY, **query})


def _with_many_fba_skus(state, sim, count: int) -> None:
    seller_id = sim.account.seller_id
    for n in range(count):
        sku = f"FBA-EXTRA-{n:03d}"
        state.catalog(seller_id)[sku] = Product(sku, f"B0EXTRA{n:03d}", f"X00EXT{n:04d}", f"Extra {n}", FBA,
                                                Decimal("9.99"), "HOME")
        state.fba.add(FbaStock(seller_id, sku, US, fulfillable=n, last_updated=state.clock.now_seconds()))


def test_more_than_fifty_summaries_come_in_pages_with_a_next_token(state, sim):
    # Given 60 more FBA SKUs than the catalog's 6
    state.set_rate_limit("getInventorySummaries", rate=100, burst=100)
    _with_many_fba_skus(state, sim, 60)
    # When the pages are read
    first = _summaries(sim)
    second = _summaries(sim, nextToken=first.json["pagination"]["nextToken"])
    # Then 50 come first and the other 16 next, without a further token
    skus = [s["sellerSku"] for s in first.json["payload"]["inventorySummaries"] + second.json["payload"]["inventorySummaries"]]
    assert (len(first.json["payload"]["inventorySummaries"]), len(skus), len(set(skus))) == (50, 66, 66)
    assert "pagination" not in second.json


def test_a_next_token_expires_after_thirty_seconds(state, sim):
    _with_many_fba_skus(state, sim, 60)
    token = _summaries(sim).json["pagination"]["nextToken"]
    state.advance_clock(31)
    response = _summaries(sim, nextToken=token)
    assert response.status_code == 400 and "expired" in response.json["errors"][0]["message"]


def test_a_next_token_needs_the_same_start_date_time(state, sim):
    _with_many_fba_skus(state, sim, 60)
    since = iso(state.clock.now() - timedelta(days=1))
    token = _summaries(sim, startDateTime=since).json["pagination"]["nextToken"]
    response = _summaries(sim, nextToken=token)
    assert response.status_code == 400 and "same startDateTime" in response.json["errors"][0]["message"]


def test_start_date_time_returns_only_what_changed_since(state, sim):
    # Given one SKU whose stock changes now, after ten quiet minutes
    state.advance_clock(600)
    since = iso(state.clock.now())
    state.set_fba_quantity(account="sim-na", sku="FBA-CANDLE-LAV-200", marketplace="US", fulfillable=3)
    # When asking for changes since then, with details
    response = _summaries(sim, startDateTime=since, details="true")
    # Then only that SKU comes back, with its new quantity
    summaries = response.json["payload"]["inventorySummaries"]
    assert [(s["sellerSku"], s["inventoryDetails"]["fulfillableQuantity"]) for s in summaries] == [("FBA-CANDLE-LAV-200", 3)]


def test_seller_skus_select_the_summaries_asked_for(sim):
    response = _summaries(sim, sellerSkus="FBA-CANDLE-LAV-200,FBA-GLOVES-GARDEN-8")
    assert {s["sellerSku"] for s in response.json["payload"]["inventorySummaries"]} == {
        "FBA-CANDLE-LAV-200", "FBA-GLOVES-GARDEN-8"}


def test_exactly_one_marketplace_and_a_matching_granularity_are_required(sim):
    two = _summaries(sim, marketplaceIds=f"{US},A2EUQ1WTGCTBG2")
    mismatch = _summaries(sim, granularityId="A2EUQ1WTGCTBG2")
    assert "exactly one marketplace" in two.json["errors"][0]["message"]
    assert "granularityId" in mismatch.json["errors"][0]["message"]
