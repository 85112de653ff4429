"""Helpers for the Odoo simulator's HTTP tests: a running simulator and a bare JSON-RPC/JSON-2
caller written with ``requests`` (deliberately not the project's Odoo client)."""

from __future__ import annotations

import itertools
import uuid

import pytest
import requests

from amzbus.simulators.odoo import start_in_thread

_ids = itertools.count(1)


def unique(prefix: str = "t") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


class Rpc:
    """Raw calls against a simulator: ``body`` gives Odoo's whole JSON answer, ``ok`` its result."""

    def __init__(self, server, *, db: str = "amzbus", login: str = "admin", password: str = "admin") -> None:
        self.server = server
        self.url = server.url
        self.db = db
        self.password = password
        self.uid = self.call("common", "authenticate", db, login, password, {})["result"]

    def call(self, service: str, method: str, *args) -> dict:
        payload = {"jsonrpc": "2.0", "method": "call", "id": next(_ids),
                   "params": {"service": service, "method": method, "args": list(args)}}
        response = requests.post(f"{self.url}/jsonrpc", json=payload, timeout=10)
        assert response.status_code == 200, response.text
        return response.json()

    def body(self, model: str, method: str, *args, **kwargs) -> dict:
        return self.call("object", "execute_kw", self.db, self.uid, self.password, model, method, list(args), kwargs)

    def ok(self, model: str, method: str, *args, **kwargs):
        body = self.body(model, method, *args, **kwargs)
        assert "error" not in body, body["error"]["data"]["message"] if "error" in body else body
        return body.get("result")

    def error(self, model: str, method: str, *args, **kwargs) -> dict:
        body = self.body(model, method, *args, **kwargs)
        assert "error" in body, f"expected an error, got {body}"
        return body["error"]

    def json2(self, model: str, method: str, payload: dict | None = None, *, key: str | None = None,
              headers: dict | None = None) -> requests.Response:
        all_headers = {"Authorization": f"bearer {key or self.server.state.api_key}", "X-Odoo-Database": self.db,
                       **(headers or {})}
        return requests.post(f"{self.url}/json/2/{model}/{method}", json=payload or {}, headers=all_headers, timeout=10)

    # -- fixtures of business data ------------------------------------------------------------

    def product(self, *, storable: bool = True, price: float = 10.0, taxes: list[int] | None = None, **values) -> int:
        vals = {"name": unique("Product"), "default_code": unique("SKU"), "is_storable": storable,
                "list_price": price, "taxes_id": [[6, 0, taxes or []]], **values}
        return self.ok("product.product", "create", vals)

    def stock_location(self) -> int:
        return self.ok("stock.warehouse", "search_read", [], fields=["lot_stock_id"])[0]["lot_stock_id"][0]

    def set_stock(self, product_id: int, quantity: float, location_id: int | None = None) -> None:
        vals = {"product_id": product_id, "location_id": location_id or self.stock_location(),
                "inventory_quantity_auto_apply": quantity}
        self.ok("stock.quant", "create", vals, context={"inventory_mode": True})

    def partner(self, **values) -> int:
        vals = {"name": unique("Buyer"), "street": "1 Main St", "city": "Austin", "zip": "78701",
                "country_id": self.ok("res.country", "search", [["code", "=", "US"]])[0], **values}
        return self.ok("res.partner", "create", vals)

    def confirmed_order(self, lines: list[tuple[int, float]], *, partner_id: int | None = None, **values) -> int:
        order_lines = [[0, 0, {"product_id": p, "product_uom_qty": q, "price_unit": 10.0, "tax_id": [[6, 0, []]]}]
                       for p, q in lines]
        order_id = self.ok("sale.order", "create", {"partner_id": partner_id or self.partner(),
                                                    "client_order_ref": unique("AMZ"), "order_line": order_lines,
                                                    **values})
        assert self.ok("sale.order", "action_confirm", [order_id]) is True
        return order_id

    def delivery_of(self, order_id: int) -> int:
        return self.ok("sale.order", "read", [order_id], ["picking_ids"])[0]["picking_ids"][-1]


@pytest.fixture(scope="module")
def simulator():
    server = start_in_thread(port=0)
    yield server
    server.shutdown()


@pytest.fixture(scope="module")
def rpc(simulator) -> Rpc:
    return Rpc(simulator)
