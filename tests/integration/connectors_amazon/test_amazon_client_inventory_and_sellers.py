"""getInventorySummaries per marketplace and getMarketplaceParticipations over HTTP."""

from __future__ import annotations

from datetime import timedelta

import pytest

from amzbus.connectors.amazon import AmazonRejected


def test_fba_summaries_are_read_for_every_marketplace_of_the_account(simulator, limiter):
    # Given the EU account's FBA stock, as Amazon holds it
    expected = simulator.admin("GET", "fba-inventory", account="sim-eu")["fbaInventory"]["sim-eu"]

    # When the client reads the summaries of all six marketplaces (paced: the bucket holds 2 calls)
    with simulator.client("sim-eu", limiter=limiter) as client:
        summaries = list(client.fba_inventory.summaries())

    # Then every SKU of every marketplace is there with its fulfillable quantity
    by_marketplace = {}
    for summary in summaries:
        by_marketplace.setdefault(summary.marketplace_id, {})[summary.sku] = summary.fulfillable_quantity
    assert len(by_marketplace) == 6
    de = by_marketplace["A1PA6795UKMFR9"]
    assert de == {sku: quantities["DE"]["fulfillable"] for sku, quantities in expected.items()}
    assert all(s.last_updated is not None and s.asin and s.fnsku for s in summaries)
    assert simulator.calls("getInventorySummaries")["throttled"] == 0


def test_fba_summaries_changed_since_a_time_only(simulator):
    # Given one SKU whose fulfillable quantity Amazon just changed in Germany
    simulator.admin("PUT", "fba-inventory", {"account": "sim-eu", "sku": "FBA-MOUSE-WL-SILENT", "marketplace": "DE",
                                             "fulfillable": 42})
    since = simulator.now() - timedelta(minutes=1)

    # When the client asks for what changed since a minute ago
    with simulator.client("sim-eu") as client:
        summaries = client.fba_inventory.marketplace_summaries("A1PA6795UKMFR9", changed_since=since)

    # Then only that SKU comes back, with its new quantity
    assert [(s.sku, s.fulfillable_quantity) for s in summaries] == [("FBA-MOUSE-WL-SILENT", 42)]


def test_marketplace_participations_list_where_the_account_sells(simulator):
    # When the NA account's participations are read
    with simulator.client() as client:
        participations = client.sellers.marketplace_participations()

    # Then they are Canada, Mexico and the US, with their currencies
    assert [(p.marketplace_id, p.country_code, p.currency, p.is_participating) for p in participations] == [
        ("A2EUQ1WTGCTBG2", "CA", "CAD", True), ("A1AM78C64UM0Y8", "MX", "MXN", True),
        ("ATVPDKIKX0DER", "US", "USD", True)]
    assert participations[0].store_name == "Simulated Goods NA"


def test_wrong_lwa_secret_is_a_permanent_error_naming_lwas_code(simulator):
    # When a client with a wrong client secret calls Amazon
    with simulator.client(lwa_client_secret="wrong") as client, pytest.raises(AmazonRejected) as caught:
        client.sellers.marketplace_participations()

    # Then LWA's refusal is permanent, with its code, and no SP-API call was made
    assert (caught.value.status, caught.value.code) == (401, "invalid_client")
    assert simulator.calls("getMarketplaceParticipations")["calls"] == 0
