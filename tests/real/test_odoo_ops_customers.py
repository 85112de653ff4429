"""Customers: a contact and a child delivery address, found again by e-mail or name + zip + country, never
overwritten; unknown country and state codes do not block."""

import pytest

from amzbus.connectors.odoo import references
from amzbus.connectors.odoo.email_addresses import normalized_email
from amzbus.connectors.odoo.partners import find_or_create_customer
from amzbus.connectors.odoo.values import GENERIC_CUSTOMER_NAME, AddressData, CustomerData

PARTNER_READ = ["name", "email", "phone", "street", "city", "zip", "country_id", "state_id", "type", "parent_id"]


def berlin_address(name, **overrides):
    values = dict(name=name, street="Hauptstrasse 1", city="Berlin", zip="10115", state_code="BE", country_code="DE",
                  phone="+49 30 123456")
    values.update(overrides)
    return AddressData(**values)


def read_partner(odoo, partner_id):
    return odoo.read("res.partner", [partner_id], PARTNER_READ)[0]


def test_a_new_customer_gets_a_contact_and_a_child_delivery_address(odoo, unique):
    # Given a buyer Odoo has never seen
    customer = CustomerData(name=f"Jane {unique}", email=f"{unique}@marketplace.amazon.de",
                            address=berlin_address(f"Jane {unique}"))
    # When the customer is found or created
    ref = find_or_create_customer(odoo, customer)
    # Then a contact holds the e-mail and the address, and a child partner of type delivery the ship-to address
    assert ref.partner_created and ref.delivery_created and ref.delivery_id != ref.partner_id
    contact, delivery = read_partner(odoo, ref.partner_id), read_partner(odoo, ref.delivery_id)
    assert (contact["name"], contact["email"], contact["parent_id"]) == (f"Jane {unique}", customer.email, False)
    assert delivery["type"] == "delivery" and delivery["parent_id"][0] == ref.partner_id
    assert (delivery["street"], delivery["city"], delivery["zip"]) == ("Hauptstrasse 1", "Berlin", "10115")
    germany = odoo.search("res.country", [("code", "=", "DE")])[0]
    berlin = odoo.search("res.country.state", [("name", "=", "Berlin"), ("country_id", "=", germany)])[0]
    assert delivery["country_id"][0] == germany and delivery["state_id"][0] == berlin


# A fresh Odoo 18.0 database (base module data): states per country, the codes the connector matches against.
STATES_PER_COUNTRY = {"US": 62, "CA": 13, "MX": 32, "DE": 16, "ES": 52, "IT": 111, "GB": 119, "NL": 15, "FR": 0}


def test_odoo_has_the_states_of_a_fresh_odoo_18_with_german_codes_prefixed(odoo):
    # Given Odoo's reference data, When the states of the marketplaces' countries are counted
    counts = {code: len(odoo.search("res.country.state", [("country_id.code", "=", code)]))
              for code in STATES_PER_COUNTRY}
    # Then there are as many as a fresh Odoo 18 has, and Germany's are coded with the prefix (DE-BY, Bayern)
    assert counts == STATES_PER_COUNTRY
    bavaria = odoo.search_read("res.country.state", [("country_id.code", "=", "DE"), ("name", "=", "Bayern")], ["code"])
    assert [row["code"] for row in bavaria] == ["DE-BY"]


@pytest.mark.parametrize("country_code, given, name", [
    ("DE", "BY", "Bayern"), ("DE", "DE-BY", "Bayern"), ("DE", "de-by", "Bayern"), ("DE", "bayern", "Bayern"),
    ("DE", " Berlin ", "Berlin"), ("US", "CA", "California"), ("US", "california", "California"),
    ("US", "US-CA", "California"), ("CA", "QC", "Quebec"), ("IT", "MI", "Milano"), ("ES", "Madrid", "Madrid"),
    ("MX", "JAL", "Jalisco"), ("NL", "NH", "Noord-Holland"),
])
def test_a_state_is_matched_by_code_with_or_without_the_country_prefix_or_by_name(odoo, country_code, given, name):
    # Given a country and what Amazon's stateOrRegion holds (a code in some marketplaces, a name in others)
    country = references.country_id(odoo, country_code)
    # When the state is looked up
    state = references.state_id(odoo, country, given, country_code=country_code)
    # Then it is the state of that name
    assert odoo.read("res.country.state", [state], ["name"])[0]["name"] == name


@pytest.mark.parametrize("country_code, given", [("GB", "England"), ("FR", "Ile-de-France"), ("DE", "XX"),
                                                 ("DE", "DE-"), ("US", "")])
def test_a_state_nothing_matches_is_left_empty(odoo, country_code, given):
    # Given a stateOrRegion no state of the country has as code or name (UK regions, France has no states)
    country = references.country_id(odoo, country_code)
    # When it is looked up, Then it is None: never an error
    assert references.state_id(odoo, country, given, country_code=country_code) is None


def test_a_known_customer_is_found_by_email_in_one_round_trip(odoo, unique):
    # Given a customer created once
    customer = CustomerData(name=f"Jane {unique}", email=f"{unique}@marketplace.amazon.de",
                            address=berlin_address(f"Jane {unique}"))
    first = find_or_create_customer(odoo, customer)
    # When the same buyer orders again, spelling the e-mail in capitals
    before = odoo.round_trips
    again = find_or_create_customer(odoo, CustomerData(name=customer.name, email=customer.email.upper(),
                                                       address=customer.address))
    # Then the same contact and delivery address are reused, found by one search
    assert (again.partner_id, again.delivery_id) == (first.partner_id, first.delivery_id)
    assert not again.partner_created and not again.delivery_created
    assert odoo.round_trips - before == 1


def test_a_contact_kept_by_hand_with_a_name_in_its_email_is_found_by_the_buyers_address(odoo, unique):
    # Given a contact someone keeps by hand, whose e-mail field holds a name and the address in capitals
    kept = odoo.create_one("res.partner", {"name": f"Jane Kept {unique}",
                                           "email": f"Jane Kept <{unique.upper()}@Example.COM>"})
    # When an Amazon order arrives for that address
    ref = find_or_create_customer(odoo, CustomerData(name=f"Jane {unique}", email=f"{unique}@example.com",
                                                     address=berlin_address(f"Jane {unique}")))
    # Then that contact is used (Odoo's normalized e-mail matches), not a new one
    assert ref.partner_id == kept and not ref.partner_created


@pytest.mark.parametrize("email", ["Buyer.Mixed@Marketplace.Amazon.COM", " padded@marketplace.amazon.de ",
                                   "Jane Doe <JANE.DOE@Example.de>", "first@example.com, second@example.com"])
def test_the_connector_normalizes_an_email_as_odoo_stores_it(odoo, unique, email):
    # Given a partner with that e-mail
    partner = odoo.create_one("res.partner", {"name": f"Normalized {unique}", "email": email})
    # When Odoo's normalized e-mail is read, Then it is the one the connector searches for
    assert odoo.read("res.partner", [partner], ["email_normalized"])[0]["email_normalized"] == normalized_email(email)


def test_a_customer_without_email_is_matched_by_name_zip_and_country(odoo, unique):
    # Given a buyer without e-mail, created once
    customer = CustomerData(name=f"Max {unique}", address=berlin_address(f"Max {unique}"))
    first = find_or_create_customer(odoo, customer)
    # When the same name orders to the same zip and country
    again = find_or_create_customer(odoo, customer)
    # Then the contact is reused; the same name in another country is another customer
    assert again.partner_id == first.partner_id and not again.partner_created
    elsewhere = find_or_create_customer(odoo, CustomerData(name=f"Max {unique}", address=berlin_address(
        f"Max {unique}", country_code="AT", state_code=None, zip="1010")))
    assert elsewhere.partner_id != first.partner_id and elsewhere.partner_created


def test_a_new_address_of_a_known_customer_becomes_another_delivery_address(odoo, unique):
    # Given a known customer
    email = f"{unique}@marketplace.amazon.de"
    first = find_or_create_customer(odoo, CustomerData(name=f"Jane {unique}", email=email,
                                                       address=berlin_address(f"Jane {unique}")))
    # When the buyer ships to another address
    before = odoo.round_trips
    gift = find_or_create_customer(odoo, CustomerData(name=f"Jane {unique}", email=email, address=berlin_address(
        f"Grandma {unique}", street="Gartenweg 7", zip="10117")))
    # Then a second delivery address is added under the same contact (one search, one create)
    assert gift.partner_id == first.partner_id and gift.delivery_id != first.delivery_id and gift.delivery_created
    assert odoo.round_trips - before == 2
    delivery = read_partner(odoo, gift.delivery_id)
    assert (delivery["name"], delivery["street"], delivery["parent_id"][0]) == (
        f"Grandma {unique}", "Gartenweg 7", first.partner_id)


def test_an_existing_partner_is_never_overwritten(odoo, unique):
    # Given a contact someone keeps by hand in Odoo, with no address and no child
    email = f"{unique}@example.com"
    kept = odoo.create_one("res.partner", {"name": f"Jane Kept {unique}", "email": email, "phone": "+1 555 0100"})
    # When an Amazon order arrives for that e-mail with another name, phone and an address
    ref = find_or_create_customer(odoo, CustomerData(name=f"J. {unique}", email=email, phone="+49 170 0000",
                                                     address=berlin_address(f"J. {unique}")))
    # Then that contact is used as it is (Odoo's copy of a first child's address onto it does not happen)
    assert ref.partner_id == kept and not ref.partner_created and ref.delivery_created
    contact = read_partner(odoo, kept)
    assert (contact["name"], contact["phone"]) == (f"Jane Kept {unique}", "+1 555 0100")
    assert (contact["street"], contact["city"], contact["zip"], contact["country_id"], contact["state_id"]) == (
        False, False, False, False, False)
    # And the ship-to address is added, whole, as its delivery address, which the next order finds again
    delivery = read_partner(odoo, ref.delivery_id)
    assert (delivery["type"], delivery["parent_id"][0], delivery["street"], delivery["zip"]) == (
        "delivery", kept, "Hauptstrasse 1", "10115")
    assert delivery["country_id"] and delivery["state_id"]
    again = find_or_create_customer(odoo, CustomerData(name=f"J. {unique}", email=email,
                                                       address=berlin_address(f"J. {unique}")))
    assert (again.partner_id, again.delivery_id, again.delivery_created) == (kept, ref.delivery_id, False)


def test_an_existing_partner_with_an_address_gets_its_delivery_address_in_one_create(odoo, unique):
    # Given a contact kept by hand with its own address
    email = f"{unique}@example.com"
    kept = odoo.create_one("res.partner", {"name": f"Jane Kept {unique}", "email": email, "street": "Kept 1",
                                           "city": "Hamburg", "zip": "20095"})
    # When an Amazon order ships elsewhere (countries and states already cached)
    references.state_id(odoo, references.country_id(odoo, "DE"), "BE", country_code="DE")
    before = odoo.round_trips
    ref = find_or_create_customer(odoo, CustomerData(name=f"J. {unique}", email=email,
                                                     address=berlin_address(f"J. {unique}")))
    # Then one search and one create add the delivery address, and the contact keeps its own
    assert odoo.round_trips - before == 2 and ref.delivery_created
    assert (read_partner(odoo, kept)["street"], read_partner(odoo, kept)["city"]) == ("Kept 1", "Hamburg")


def test_unknown_country_and_state_codes_do_not_block(odoo, unique):
    # Given an address whose country and state Odoo does not know
    customer = CustomerData(name=f"Nemo {unique}", email=f"{unique}@marketplace.amazon.com",
                            address=AddressData(name=f"Nemo {unique}", street="1 Deep Sea", city="Atlantis",
                                                zip="00000", state_code="Nowhere", country_code="ZZ"))
    # When the customer is created
    ref = find_or_create_customer(odoo, customer)
    # Then the partners exist without country or state
    delivery = read_partner(odoo, ref.delivery_id)
    assert (delivery["city"], delivery["country_id"], delivery["state_id"]) == ("Atlantis", False, False)
    # And a state name instead of a code is recognised
    named = find_or_create_customer(odoo, CustomerData(name=f"Anna {unique}", address=berlin_address(
        f"Anna {unique}", state_code="Berlin")))
    assert read_partner(odoo, named.delivery_id)["state_id"] is not False


def test_a_buyer_without_a_name_is_named_after_the_address_or_generically(odoo, unique):
    # Given North-American FBA buyers without a name
    with_address = CustomerData(email=f"{unique}-a@marketplace.amazon.com",
                                address=AddressData(name=f"Recipient {unique}", city="Seattle", zip="98109",
                                                    state_code="WA", country_code="US"))
    anonymous = CustomerData(email=f"{unique}-b@marketplace.amazon.com")
    # When they are created
    named = find_or_create_customer(odoo, with_address)
    generic = find_or_create_customer(odoo, anonymous)
    # Then the contact takes the recipient's name, or a generic one, and a buyer without address has no child
    assert read_partner(odoo, named.partner_id)["name"] == f"Recipient {unique}"
    assert read_partner(odoo, generic.partner_id)["name"] == GENERIC_CUSTOMER_NAME
    assert generic.delivery_id == generic.partner_id


def test_a_business_buyer_keeps_its_company_on_the_contact(odoo, unique):
    # Given a business order's buyer
    customer = CustomerData(name=f"Max {unique}", email=f"{unique}@firma.example", company_name=f"Firma {unique} GmbH",
                            address=berlin_address(f"Max {unique}"))
    # When the customer is created
    ref = find_or_create_customer(odoo, customer)
    # Then the contact carries the company's name
    assert odoo.read("res.partner", [ref.partner_id], ["company_name"])[0]["company_name"] == f"Firma {unique} GmbH"
