"""A quant that changed between counting and applying: Odoo asks about the conflict, the counted quantity wins."""

from amzbus.connectors.odoo import OdooClient, references, stock
from amzbus.simulators.odoo.models.stock_reservation import add_quantity


class QuantChangedMeanwhile(OdooClient):
    """A client during whose inventory count someone else moves goods (a delivery validated at that moment)."""

    def __init__(self, *args, simulator, **kwargs):
        super().__init__(*args, **kwargs)
        self.simulator = simulator

    def create_one(self, model, vals, **options):
        created = super().create_one(model, vals, **options)
        if model == "stock.quant":
            self._one_unit_leaves(vals["product_id"], vals["location_id"])
        return created

    def write(self, model, ids, vals, **options):  # counting on a quant that is already there
        super().write(model, ids, vals, **options)
        if model == "stock.quant":
            (quant,) = self.read("stock.quant", ids, ["product_id", "location_id"])
            self._one_unit_leaves(quant["product_id"][0], quant["location_id"][0])

    def _one_unit_leaves(self, product_id, location_id):
        with self.simulator.state.transaction() as env:
            add_quantity(env, product_id, location_id, -1)


def test_the_counted_quantity_wins_an_inventory_conflict(simulator, settings_for):
    # Given 6 units on the FBA location, and one unit leaving between counting and applying
    client = QuantChangedMeanwhile(settings_for(simulator, "jsonrpc"), simulator.state.password, simulator=simulator)
    warehouse = references.find_warehouse(client)
    fba = stock.ensure_fba_location(client, name="Amazon FBA", warehouse=warehouse)
    product = client.create_one("product.product", {"name": "Mug", "default_code": "MUG", "is_storable": True})
    stock.set_location_quantity(client, product_id=product, location_id=fba, quantity=6)
    # When Amazon reports 4 units
    stock.set_location_quantity(client, product_id=product, location_id=fba, quantity=4)
    # Then Odoo's conflict wizard was answered by keeping the counted quantity: 4 units
    assert simulator.state.calls.count("stock.inventory.conflict", "action_keep_counted_quantity") == 2
    quants = client.search_read("stock.quant", [("product_id", "=", product), ("location_id", "=", fba)], ["quantity"])
    assert [quant["quantity"] for quant in quants] == [4]
