"""The ORM methods over JSON-RPC, and the errors Odoo 18 raises for bad fields and values."""

from __future__ import annotations

from odoo_sim_http import rpc, simulator, unique  # noqa: F401  (fixtures)


def test_create_with_one_dict_answers_an_id_and_with_a_list_answers_ids(rpc):
    assert isinstance(rpc.ok("res.partner", "create", {"name": unique()}), int)
    ids = rpc.ok("res.partner", "create", [{"name": unique()}, {"name": unique()}])
    assert isinstance(ids, list) and len(ids) == 2


def test_read_shows_many2one_as_id_and_name_and_empty_values_as_false(rpc):
    # Given a partner in Texas
    texas = rpc.ok("res.country.state", "search", [["code", "=", "TX"], ["country_id.code", "=", "US"]])[0]
    partner_id = rpc.partner(state_id=texas)
    # When it is read
    record = rpc.ok("res.partner", "read", [partner_id], ["state_id", "email", "child_ids", "is_company"])[0]
    # Then
    assert record == {"id": partner_id, "state_id": [texas, "Texas (US)"], "email": False, "child_ids": [],
                      "is_company": False}


def test_read_leaves_out_ids_that_do_not_exist(rpc):
    partner_id = rpc.partner()
    assert [r["id"] for r in rpc.ok("res.partner", "read", [partner_id, 999999], ["name"])] == [partner_id]


def test_write_then_read_back(rpc):
    partner_id = rpc.partner()
    assert rpc.ok("res.partner", "write", [partner_id], {"email": "a@example.com", "phone": "+1 555"}) is True
    assert rpc.ok("res.partner", "read", [partner_id], ["email", "phone"])[0]["email"] == "a@example.com"


def test_write_on_a_missing_record_is_a_missing_error(rpc):
    error = rpc.error("res.partner", "write", [999999], {"name": "x"})
    assert error["data"]["name"] == "odoo.exceptions.MissingError"
    assert error["data"]["message"] == ("Record does not exist or has been deleted.\n"
                                        "(Record: res.partner(999999,), User: 2)")


def test_unlink_removes_the_record(rpc):
    partner_id = rpc.partner()
    assert rpc.ok("res.partner", "unlink", [partner_id]) is True
    assert rpc.ok("res.partner", "search_count", [["id", "=", partner_id]]) == 0


def test_search_with_offset_limit_and_order(rpc):
    # Given three partners sharing a tag in their reference
    tag = unique("ref")
    ids = [rpc.partner(ref=tag, name=name) for name in ("Charlie", "Alpha", "Bravo")]
    # When searched by name, skipping the first
    found = rpc.ok("res.partner", "search", [["ref", "=", tag]], offset=1, limit=1, order="name asc")
    # Then only Bravo comes back
    assert found == [ids[2]]
    assert rpc.ok("res.partner", "search", [["ref", "=", tag]], order="name desc") == [ids[0], ids[2], ids[1]]


def test_search_read_and_search_count(rpc):
    tag = unique("ref")
    rpc.partner(ref=tag)
    rpc.partner(ref=tag)
    assert rpc.ok("res.partner", "search_count", [["ref", "=", tag]]) == 2
    records = rpc.ok("res.partner", "search_read", [["ref", "=", tag]], fields=["ref"], limit=1)
    assert len(records) == 1 and set(records[0]) == {"id", "ref"}


def test_name_search_finds_products_by_reference(rpc):
    code = unique("SKU")
    product_id = rpc.product(default_code=code, name="Blue Mug")
    assert rpc.ok("product.product", "name_search", code) == [[product_id, f"[{code}] Blue Mug"]]


def test_fields_get_describes_fields(rpc):
    described = rpc.ok("sale.order", "fields_get", ["partner_id", "state"], attributes=["type", "relation"])
    assert described["partner_id"] == {"type": "many2one", "relation": "res.partner"}
    assert described["state"] == {"type": "selection"}


def test_x2many_commands_create_link_and_replace(rpc):
    # Given a company with a contact created inline
    company_id = rpc.ok("res.partner", "create", {"name": unique(), "is_company": True,
                                                   "child_ids": [[0, 0, {"name": "Inline"}]]})
    loose_id = rpc.partner()
    # When another contact is linked, then the list replaced
    rpc.ok("res.partner", "write", [company_id], {"child_ids": [[4, loose_id]]})
    assert len(rpc.ok("res.partner", "read", [company_id], ["child_ids"])[0]["child_ids"]) == 2
    rpc.ok("res.partner", "write", [company_id], {"child_ids": [[6, 0, [loose_id]]]})
    # Then only the linked one remains
    assert rpc.ok("res.partner", "read", [company_id], ["child_ids"])[0]["child_ids"] == [loose_id]


def test_unknown_field_on_create_write_and_read(rpc):
    error = rpc.error("product.template", "create", {"name": "x", "detailed_type": "product"})
    assert error["data"]["name"] == "builtins.ValueError"
    assert error["data"]["message"] == "Invalid field 'detailed_type' on model 'product.template'"
    partner_id = rpc.partner()
    assert rpc.error("res.partner", "write", [partner_id], {"nope": 1})["data"]["message"] == \
        "Invalid field 'nope' on model 'res.partner'"
    assert rpc.error("res.partner", "read", [partner_id], ["nope"])["data"]["message"] == \
        "Invalid field 'nope' on model 'res.partner'"


def test_unknown_field_in_a_domain(rpc):
    error = rpc.error("res.partner", "search", [["nope", "=", 1]])
    assert error["data"]["message"] == "Invalid field res.partner.nope in leaf ('nope', '=', 1)"


def test_product_type_product_is_refused_as_in_odoo_18(rpc):
    error = rpc.error("product.product", "create", {"name": "x", "type": "product"})
    assert error["data"]["name"] == "builtins.ValueError"
    assert error["data"]["message"] == "Wrong value for product.template.type: 'product'"


def test_values_of_the_wrong_type_are_refused(rpc):
    many2one = rpc.error("res.partner", "create", {"name": "x", "country_id": "US"})
    assert many2one["data"]["message"] == "Wrong value for res.partner.country_id: 'US'"
    number = rpc.error("product.product", "create", {"name": "x", "list_price": "cheap"})
    assert number["data"]["message"] == "could not convert string to float: 'cheap'"
    iso = rpc.error("sale.order", "create", {"partner_id": rpc.partner(), "date_order": "2025-01-02T10:00:00Z"})
    assert iso["data"]["message"] == "time data '2025-01-02T10:00:00' does not match format '%Y-%m-%d %H:%M:%S'"


def test_stock_move_quantity_done_no_longer_exists(rpc):
    error = rpc.error("stock.move", "search_read", [], fields=["quantity_done"])
    assert error["data"]["message"] == "Invalid field 'quantity_done' on model 'stock.move'"


def test_a_missing_required_field_is_a_validation_error(rpc):
    error = rpc.error("sale.order", "create", {"client_order_ref": unique()})
    assert error["data"]["name"] == "odoo.exceptions.ValidationError"
    assert error["data"]["message"] == (
        "The operation cannot be completed:\n- Create/update: a mandatory field is not set.\n"
        "- Delete: another model requires the record being deleted. If possible, archive it instead.\n\n"
        "Model: Sales Order (sale.order)\nField: Customer (partner_id)\n")


def test_a_failed_batch_create_leaves_nothing_behind(rpc):
    # Given a batch whose last record is invalid
    tag = unique("ref")
    error = rpc.error("res.partner", "create", [{"name": "ok", "ref": tag}, {"name": "bad", "ref": tag, "x": 1}])
    # Then the whole call is rolled back
    assert error["data"]["name"] == "builtins.ValueError"
    assert rpc.ok("res.partner", "search_count", [["ref", "=", tag]]) == 0


def test_message_post_adds_a_chatter_message(rpc):
    partner_id = rpc.partner()
    message_id = rpc.ok("res.partner", "message_post", [partner_id], body="Synced <from> Amazon")
    message = rpc.ok("mail.message", "read", [message_id], ["body", "model", "res_id"])[0]
    assert message == {"id": message_id, "body": "<p>Synced &lt;from&gt; Amazon</p>", "model": "res.partner",
                       "res_id": partner_id}


def test_contact_child_takes_its_company_address(rpc):
    # Given a company with an address
    company_id = rpc.partner(is_company=True, street="9 Company Rd")
    # When a contact with another address is created under it, and a delivery address too
    contact_id = rpc.partner(parent_id=company_id, street="1 Own St")
    delivery_id = rpc.partner(parent_id=company_id, type="delivery", street="2 Dock St", name=False)
    # Then the contact's address is the company's, the delivery address keeps its own
    streets = {r["id"]: r["street"] for r in rpc.ok("res.partner", "read", [contact_id, delivery_id], ["street"])}
    assert streets == {contact_id: "9 Company Rd", delivery_id: "2 Dock St"}
    company_name = rpc.ok("res.partner", "read", [company_id], ["name"])[0]["name"]
    assert rpc.ok("res.partner", "read", [delivery_id], ["display_name"])[0]["display_name"] == \
        f"{company_name}, Delivery Address"
