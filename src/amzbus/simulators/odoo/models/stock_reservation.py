"""Quant bookkeeping shared by moves, pickings and inventory adjustments.

Quants exist only in internal and transit locations. A move reserves from the free quantity of the
quants under its source location, oldest first, and remembers what it took in its row under
``reserved_alloc`` (``{quant_id: quantity}``, not a readable field), so that unreserving and
validating give back or consume exactly that. Quantity encoded beyond the reservation is "forced":
validation takes it from the source location's quant, which may go negative, as Odoo allows.
"""

from __future__ import annotations

QUANT_USAGES = ("internal", "transit")


def location_holds_quants(env, location_id: int) -> bool:
    return env["stock.location"].get(location_id, "usage") in QUANT_USAGES


def quant_at(env, product_id: int, location_id: int) -> int:
    """The quant of ``product_id`` in exactly ``location_id`` (without lot, package or owner), created if needed."""
    quants = env["stock.quant"]
    for quant_id in sorted(env.db.referencing("stock.quant", "product_id", product_id)):
        row = quants.table[quant_id]
        if row["location_id"] == location_id and not (row.get("lot_id") or row.get("package_id") or row.get("owner_id")):
            return quant_id
    return quants.insert_row({"product_id": product_id, "location_id": location_id, "quantity": 0.0,
                              "reserved_quantity": 0.0, "in_date": env.now, "inventory_quantity": 0.0,
                              "inventory_diff_quantity": 0.0, "inventory_quantity_set": False, "company_id": 1})


def add_quantity(env, product_id: int, location_id: int, delta: float) -> None:
    if not delta or not location_holds_quants(env, location_id):
        return
    quants = env["stock.quant"]
    quant_id = quant_at(env, product_id, location_id)
    quants.update_row(quant_id, {"quantity": quants.table[quant_id]["quantity"] + delta})


def reserve(env, move: dict, wanted: float) -> float:
    """Reserve up to ``wanted`` for ``move`` from free quants; return what was reserved."""
    quants = env["stock.quant"]
    scope = env["stock.location"].descendant_ids([move["location_id"]])
    candidates = sorted((quants.table[i] for i in env.db.referencing("stock.quant", "product_id", move["product_id"])),
                        key=lambda q: (q.get("in_date") is None, q.get("in_date") or 0, q["id"]))
    allocations, reserved = dict(move.get("reserved_alloc") or {}), 0.0
    for quant in candidates:
        free = quant["quantity"] - quant["reserved_quantity"]
        if reserved >= wanted or quant["location_id"] not in scope or free <= 0:
            continue
        taken = min(free, wanted - reserved)
        quants.update_row(quant["id"], {"reserved_quantity": quant["reserved_quantity"] + taken})
        allocations[quant["id"]] = allocations.get(quant["id"], 0.0) + taken
        reserved += taken
    env["stock.move"].update_row(move["id"], {"reserved_alloc": allocations})
    return reserved


def release(env, move: dict, amount: float | None = None) -> None:
    """Give back ``amount`` (all when None) of ``move``'s reservation, newest quants first."""
    quants = env["stock.quant"]
    allocations = dict(move.get("reserved_alloc") or {})
    remaining = sum(allocations.values()) if amount is None else amount
    for quant_id in sorted(allocations, reverse=True):
        if remaining <= 0:
            break
        given = min(allocations[quant_id], remaining)
        if quant_id in quants.table:
            quant = quants.table[quant_id]
            quants.update_row(quant_id, {"reserved_quantity": max(0.0, quant["reserved_quantity"] - given)})
        allocations[quant_id] -= given
        remaining -= given
    env["stock.move"].update_row(move["id"], {"reserved_alloc": {k: v for k, v in allocations.items() if v > 0}})


def consume(env, move: dict, quantity: float) -> None:
    """Move ``quantity`` of the move's product from its source to its destination."""
    quants = env["stock.quant"]
    allocations = dict(move.get("reserved_alloc") or {})
    left = quantity
    for quant_id, allocated in sorted(allocations.items()):
        if quant_id not in quants.table:
            continue
        used = min(allocated, max(left, 0.0))
        quant = quants.table[quant_id]
        quants.update_row(quant_id, {"quantity": quant["quantity"] - used,
                                     "reserved_quantity": max(0.0, quant["reserved_quantity"] - allocated)})
        left -= used
    add_quantity(env, move["product_id"], move["location_id"], -left)
    add_quantity(env, move["product_id"], move["location_dest_id"], quantity)
    env["stock.move"].update_row(move["id"], {"reserved_alloc": {}})
