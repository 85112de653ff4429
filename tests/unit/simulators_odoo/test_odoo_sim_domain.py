"""Domain operators of the simulated ORM, driven through the state without HTTP."""

from __future__ import annotations

from datetime import timedelta

import pytest

from amzbus.simulators.odoo.state import SimulatorState


@pytest.fixture(scope="module")
def state():
    return SimulatorState()


@pytest.fixture(scope="module")
def partners(state):
    """Three partners with a shared reference so searches only see them."""
    with state.transaction() as env:
        Partner = env["res.partner"]
        texas = env["res.country.state"].search_ids([("code", "=", "TX")])[0]
        company = Partner.create_records([{"name": "Acme Corp", "is_company": True, "ref": "dom", "customer_rank": 5,
                                           "city": "Austin"}])[0]  # an address: Alice's is not copied onto it
        alice = Partner.create_records([{"name": "Alice_Smith", "ref": "dom", "email": "alice@x.com", "customer_rank": 1,
                                         "parent_id": company, "type": "delivery", "state_id": texas}])[0]
        bob = Partner.create_records([{"name": "bob jones", "ref": "dom", "customer_rank": 3}])[0]
        archived = Partner.create_records([{"name": "Old", "ref": "dom", "active": False}])[0]
    return {"company": company, "alice": alice, "bob": bob, "archived": archived}


def search(state, domain, **options):
    with state.transaction(context=options.pop("context", None)) as env:
        return sorted(env["res.partner"].search_ids([("ref", "=", "dom")] + domain, **options))


def names(state, partners, *keys):
    return sorted(partners[key] for key in keys)


@pytest.mark.parametrize("domain, expected", [
    ([("name", "=", "bob jones")], ["bob"]),
    ([("name", "!=", "bob jones")], ["company", "alice"]),
    ([("email", "!=", "alice@x.com")], ["company", "bob"]),
    ([("email", "=", False)], ["company", "bob"]),
    ([("customer_rank", "in", [1, 3])], ["alice", "bob"]),
    ([("customer_rank", "not in", [1, 3])], ["company"]),
    ([("customer_rank", "<", 3)], ["alice"]),
    ([("customer_rank", "<=", 3)], ["alice", "bob"]),
    ([("customer_rank", ">", 3)], ["company"]),
    ([("customer_rank", ">=", 3)], ["company", "bob"]),
    ([("name", "like", "Smith")], ["alice"]),
    ([("name", "like", "smith")], []),
    ([("name", "ilike", "SMITH")], ["alice"]),
    ([("name", "not ilike", "smith")], ["company", "bob"]),
    ([("name", "=like", "Alice%")], ["alice"]),
    ([("name", "=ilike", "BOB%")], ["bob"]),
    ([("email", "=?", False)], ["company", "alice", "bob"]),
    (["|", ("name", "=", "bob jones"), ("customer_rank", "=", 5)], ["company", "bob"]),
    (["&", ("customer_rank", ">", 0), "!", ("name", "ilike", "bob")], ["company", "alice"]),
    ([("parent_id.name", "=", "Acme Corp")], ["alice"]),
    ([("state_id.code", "=", "TX")], ["alice"]),
    ([("parent_id", "=", "Acme Corp")], ["alice"]),
    ([("child_ids", "!=", False)], ["company"]),
    ([("is_company", "=", False)], ["alice", "bob"]),
])
def test_operator(state, partners, domain, expected):
    assert search(state, domain) == names(state, partners, *expected)


def test_child_of_includes_the_record_and_its_descendants(state, partners):
    assert search(state, [("id", "child_of", partners["company"])]) == names(state, partners, "company", "alice")


def test_archived_records_are_left_out_unless_asked(state, partners):
    assert partners["archived"] not in search(state, [])
    assert partners["archived"] in search(state, [("active", "=", False)])
    assert partners["archived"] in search(state, [], context={"active_test": False})


def test_an_unknown_operator_is_refused(state, partners):
    with pytest.raises(ValueError, match="Invalid leaf"):
        search(state, [("name", "~", "x")])


def test_write_date_compares_at_full_precision(state, partners):
    # Given a record written now, whose write_date is read back to the second
    with state.transaction() as env:
        row = env["res.partner"].row(partners["bob"])
        env["res.partner"].write([partners["bob"]], {"comment": "touched"})
        seconds = row["write_date"].replace(microsecond=0)
        text = seconds.strftime("%Y-%m-%d %H:%M:%S")
    exact = row["write_date"] == seconds
    # Then '>' the truncated text finds it and '=' does not (unless written on the second exactly)
    assert (partners["bob"] in search(state, [("write_date", ">", text)])) is not exact
    assert (partners["bob"] in search(state, [("write_date", "=", text)])) is exact
    later = (seconds + timedelta(seconds=1)).strftime("%Y-%m-%d %H:%M:%S")
    assert partners["bob"] not in search(state, [("write_date", ">=", later)])


def test_transactions_roll_back_on_error(state):
    with pytest.raises(RuntimeError):
        with state.transaction() as env:
            env["res.partner"].create_records([{"name": "ghost", "ref": "rollback"}])
            raise RuntimeError("boom")
    with state.transaction() as env:
        assert env["res.partner"].search_ids([("ref", "=", "rollback")]) == []
