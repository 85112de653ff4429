"""The customers' search: e-mails as Odoo normalizes them, and a domain whose cost per partner row does not grow
with the number of customers that have an e-mail."""

import pytest

from amzbus.connectors.odoo.email_addresses import normalized_email
from amzbus.connectors.odoo.partners import _Place, match_domain
from amzbus.connectors.odoo.values import AddressData, CustomerData


@pytest.mark.parametrize("text, normalized", [
    ("Buyer.42@Marketplace.Amazon.COM", "buyer.42@marketplace.amazon.com"),
    ("  spaced@example.com ", "spaced@example.com"),
    ("Jane Doe <JANE@Example.de>", "jane@example.de"),
    ("first@example.com, second@example.com", "first@example.com"),
    ("ÄRGER@Example.DE", "ÄRGER@example.de"),  # a non-ASCII local part keeps its case, as in Odoo
    ("no address here", None), ("", None), (None, None),
])
def test_an_email_is_normalized_as_odoo_normalizes_it(text, normalized):
    assert normalized_email(text) == normalized


def leaves(domain):
    return [term for term in domain if isinstance(term, tuple)]


def buyer(number, *, email=True):
    address = AddressData(name=f"Buyer {number}", street=f"{number} Main St", zip=f"{10000 + number}",
                          country_code="US")
    return (CustomerData(name=f"Buyer {number}", email=f"buyer{number}@Marketplace.Amazon.com" if email else None,
                         address=address), _Place(address, country_id=233, state_id=None))


def test_customers_with_an_email_cost_the_same_few_tests_per_partner_however_many_they_are():
    # Given a batch of 3 and a batch of 40 customers with an e-mail
    few, many = match_domain([buyer(n) for n in range(3)]), match_domain([buyer(n) for n in range(40)])
    # When their search domains are built
    # Then both have the same leaves, none of them a pattern match, with every e-mail in two `in` lists
    assert len(leaves(few)) == len(leaves(many))
    assert not [leaf for leaf in leaves(many) if leaf[1] == "=ilike"]
    contact_terms = dict((field, value) for field, operator, value in leaves(many) if operator == "in")
    assert len(contact_terms["email_normalized"]) == 40 and len(contact_terms["email"]) == 40
    assert "buyer7@marketplace.amazon.com" in contact_terms["email_normalized"]
    assert "buyer7@Marketplace.Amazon.com" in contact_terms["email"]
    # And their delivery addresses are the delivery children of those contacts
    delivery = [leaf for leaf in leaves(many) if leaf[1] == "any"]
    assert len(delivery) == 1 and delivery[0][0] == "parent_id"


def test_a_customer_without_an_email_is_searched_by_name_only_where_zip_and_country_match():
    # Given a customer without e-mail (an FBA order)
    domain = match_domain([buyer(1, email=False)])
    # When the search is built, Then its contact term tests parent, zip and country before the name's =ilike
    contact = leaves(domain)[:4]
    assert [leaf[0] for leaf in contact] == ["parent_id", "zip", "country_id", "name"]
    assert contact[3] == ("name", "=ilike", "Buyer 1")
