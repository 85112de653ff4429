"""patchListingsItem and getListingsItem: URL-encoded SKUs, quantities, validation preview, issues."""

from __future__ import annotations

from urllib.parse import quote
from amazon_sim_fixtures import state, sim, sim_eu  # noqa: F401 (pytest fixtures)

PATCH = {"productType": "PRODUCT", "patches": [{"op": "merge", "path": "/attributes/fulfillment_availability",
                                                "value": [{"fulfillment_channel_code": "DEFAULT", "quantity": 13}]}]}


def _path(sim, sku: str) -> str:
    return f"/listings/2021-08-01/items/{sim.account.seller_id}/{quote(sku, safe='')}"


def _patch(sim, sku: str, body=PATCH, **query):
    return sim.call("PATCH", _path(sim, sku), query_string={"marketplaceIds": "ATVPDKIKX0DER", **query}, json=body)


def test_skus_with_slashes_hashes_spaces_and_umlauts_are_found_url_encoded(state, sim):
    for sku in ("TSHIRT/RED-M", "POSTER #12 A3", "BÜRSTE-HOLZ"):
        response = _patch(sim, sku)
        assert (response.status_code, response.json["status"], response.json["sku"]) == (200, "ACCEPTED", sku)
        assert state.listing_quantities("sim-na")["sim-na"][sku]["US"]["quantity"] == 13


def test_validation_preview_checks_without_changing_the_quantity(state, sim):
    before = state.listing_quantities("sim-na")["sim-na"]["MUG-350"]["US"]["quantity"]
    response = _patch(sim, "MUG-350", mode="VALIDATION_PREVIEW")
    assert response.json["status"] == "VALID"
    assert state.listing_quantities("sim-na")["sim-na"]["MUG-350"]["US"]["quantity"] == before


def test_an_unknown_sku_is_invalid_with_an_error_issue(sim):
    response = _patch(sim, "NOT-LISTED")
    assert response.json["status"] == "INVALID"
    assert response.json["issues"][0]["severity"] == "ERROR" and "NOT-LISTED" in response.json["issues"][0]["message"]


def test_a_negative_quantity_or_a_missing_channel_is_invalid(sim):
    negative = {**PATCH, "patches": [{**PATCH["patches"][0], "value": [{"fulfillment_channel_code": "DEFAULT", "quantity": -1}]}]}
    no_channel = {**PATCH, "patches": [{**PATCH["patches"][0], "value": [{"quantity": 3}]}]}
    assert "below the minimum of 0" in _patch(sim, "MUG-350", negative).json["issues"][0]["message"]
    assert "fulfillment_channel_code" in _patch(sim, "MUG-350", no_channel).json["issues"][0]["message"]


def test_a_patch_without_patches_is_400(sim):
    response = _patch(sim, "MUG-350", {"productType": "PRODUCT", "patches": []})
    assert response.status_code == 400 and response.json["errors"][0]["code"] == "InvalidInput"


def test_another_sellers_id_in_the_path_is_403(sim, sim_eu):
    response = sim.call("PATCH", f"/listings/2021-08-01/items/{sim_eu.account.seller_id}/MUG-350",
                        query_string={"marketplaceIds": "ATVPDKIKX0DER"}, json=PATCH)
    assert response.status_code == 403


def test_get_listings_item_shows_fbm_and_fba_quantities(state, sim):
    _patch(sim, "MUG-350")
    fbm = sim.call("GET", _path(sim, "MUG-350"), query_string={"marketplaceIds": "ATVPDKIKX0DER",
                                                                "includedData": "fulfillmentAvailability"}).json
    fba = sim.call("GET", _path(sim, "FBA-CANDLE-LAV-200"), query_string={"marketplaceIds": "ATVPDKIKX0DER",
                                                                          "includedData": "fulfillmentAvailability"}).json
    fulfillable = state.fba_quantities("sim-na")["sim-na"]["FBA-CANDLE-LAV-200"]["US"]["fulfillable"]
    assert fbm["fulfillmentAvailability"] == [{"fulfillmentChannelCode": "DEFAULT", "quantity": 13}]
    assert fba["fulfillmentAvailability"] == [{"fulfillmentChannelCode": "AMAZON_NA", "quantity": fulfillable}]


def test_quantity_cannot_be_patched_for_an_amazon_fulfilled_channel(sim):
    body = {**PATCH, "patches": [{**PATCH["patches"][0], "value": [{"fulfillment_channel_code": "AMAZON_NA", "quantity": 3}]}]}
    assert _patch(sim, "FBA-CANDLE-LAV-200", body).json["status"] == "INVALID"
