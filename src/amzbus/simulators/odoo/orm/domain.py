"""Search domains: prefix ``&``, ``|``, ``!`` over ``(path, operator, value)`` leaves.

A domain compiles to a predicate on rows, raising Odoo's errors for unknown fields and operators
before any row is looked at. Paths follow many2one and x2many fields (``partner_id.country_id.code``,
``order_line.product_id``) and match when any related record matches. Comparisons follow SQL:
``!=``, ``not in`` and ``not like`` also match empty values, ``<``/``>``/``like`` never do.
Datetime values compare at full precision: a record written at ``10:00:00.5`` is ``> '10:00:00'``
and not ``= '10:00:00'``, exactly as in PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable

from .matching import OPERATORS, match_value

Predicate = Callable[[dict], bool]
TRUE_LEAF, FALSE_LEAF = (1, "=", 1), (0, "=", 1)


def compile_domain(model, domain) -> Predicate:
    if not isinstance(domain, (list, tuple)):
        raise ValueError(f"Invalid domain: {domain!r}")
    items = list(domain)
    if not items:
        return lambda row: True
    nodes, position = [], 0
    while position < len(items):
        node, position = _parse(model, domain, items, position)
        nodes.append(node)
    return _all(nodes)


def _parse(model, domain, items, position) -> tuple[Predicate, int]:
    if position >= len(items):
        raise ValueError(f"Invalid domain: {list(domain)!r}")
    item = items[position]
    if item == "!":
        operand, position = _parse(model, domain, items, position + 1)
        return (lambda row: not operand(row)), position
    if item in ("&", "|"):
        left, position = _parse(model, domain, items, position + 1)
        right, position = _parse(model, domain, items, position)
        if item == "&":
            return (lambda row: left(row) and right(row)), position
        return (lambda row: left(row) or right(row)), position
    return compile_leaf(model, item), position + 1


def _all(nodes: list[Predicate]) -> Predicate:
    if len(nodes) == 1:
        return nodes[0]
    return lambda row: all(node(row) for node in nodes)


def compile_leaf(model, leaf) -> Predicate:
    if not isinstance(leaf, (list, tuple)) or len(leaf) != 3:
        raise ValueError(f"Invalid leaf {leaf!r}")
    path, operator, value = leaf
    if tuple(leaf) in (TRUE_LEAF, FALSE_LEAF):
        return (lambda row: True) if tuple(leaf) == TRUE_LEAF else (lambda row: False)
    if not isinstance(operator, str) or operator.lower() not in OPERATORS:
        raise ValueError(f"Invalid leaf {tuple(leaf)!r}")
    if not isinstance(path, str) or not path:
        raise ValueError(f"Invalid leaf {tuple(leaf)!r}")
    return _path_predicate(model, path.split("."), operator.lower(), value, tuple(leaf))


def _path_predicate(model, path, operator, value, leaf) -> Predicate:
    field = model.fields.get(path[0])
    if field is None or (len(path) > 1 and not field.relational):
        raise ValueError(f"Invalid field {model._name}.{path[0]} in leaf {leaf!r}")
    if len(path) > 1:
        comodel = model.env[field.comodel]
        inner = _path_predicate(comodel, path[1:], operator, value, leaf)
        return _through(model, comodel, path[0], inner)
    if operator in ("any", "not any"):
        inner = compile_domain(model.env[field.comodel], value)
        through = _through(model, model.env[field.comodel], path[0], inner)
        return through if operator == "any" else (lambda row: not through(row))
    if operator in ("child_of", "parent_of"):
        return _hierarchy_predicate(model, field, operator, value)
    return lambda row: match_value(model, field, model.value(row, field.name), operator, value)


def _through(model, comodel, name, inner: Predicate) -> Predicate:
    def predicate(row):
        value = model.value(row, name)
        related = value if isinstance(value, list) else ([value] if value else [])
        table = comodel.table
        return any(inner(table[i]) for i in related if i in table)

    return predicate


def _hierarchy_predicate(model, field, operator, value) -> Predicate:
    comodel = model if field.name == "id" else model.env[field.comodel]
    targets = set(value if isinstance(value, (list, tuple)) else [value])

    def predicate(row):
        value_ = model.value(row, field.name)
        ids = value_ if isinstance(value_, list) else ([value_] if value_ else [])
        if operator == "child_of":
            return any(targets & set(comodel.ancestor_ids(i)) for i in ids)
        return any(i in comodel.ancestor_ids(target) for target in targets for i in ids)

    return predicate
