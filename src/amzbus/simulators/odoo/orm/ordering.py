"""``order`` specifications (``"write_date asc, id asc"``) checked and applied as Odoo does.

NULLs sort last ascending and first descending (PostgreSQL's default); a many2one sorts by the
target's display name. Ties are broken by ascending id, which PostgreSQL does not promise.
"""

from __future__ import annotations

import re

from ..exceptions import UserError

ORDER_PATTERN = re.compile(
    r"^(\s*(?P<field>[a-z0-9_]+|\"[a-z0-9_]+\")(\s+(?P<direction>desc|asc))?"
    r"(\s+(?P<nulls>nulls first|nulls last))?\s*(,|$))+(?<!,)$",
    re.IGNORECASE,
)


def parse_order(model, order: str) -> list[tuple[str, bool]]:
    """``[(field_name, descending), ...]`` for ``order``, or the errors Odoo raises."""
    if not isinstance(order, str) or not ORDER_PATTERN.match(order):
        raise UserError(
            f'Invalid "order" specified ({order}). A valid "order" specification is a comma-separated '
            "list of valid field names (optionally followed by asc/desc for the direction)"
        )
    terms = []
    for term in order.split(","):
        words = term.split()
        name = words[0].strip('"')
        if name not in model.fields:
            raise ValueError(f"Invalid field {name!r} on model {model._name!r}")
        terms.append((name, len(words) > 1 and words[1].lower() == "desc"))
    return terms


def sort_rows(model, rows: list[dict], order: str) -> list[dict]:
    ordered = sorted(rows, key=lambda row: row["id"])
    for name, descending in reversed(parse_order(model, order)):
        ordered.sort(key=_sort_key(model, name), reverse=descending)
    return ordered


def _sort_key(model, name: str):
    field = model.fields[name]

    def key(row):
        value = model.value(row, name)
        if field.type == "many2one" and value:
            value = model.env[field.comodel].display_name_of(value).lower()
        elif field.type in ("one2many", "many2many"):
            value = None
        elif isinstance(value, str):
            value = value.lower()
        return (value is None or value is False and field.type != "boolean", _comparable(value))

    return key


def _comparable(value):
    if value is None or value is False:
        return 0
    return value
