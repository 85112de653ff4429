"""How one stored value matches one domain operator, with SQL's treatment of empty values."""

from __future__ import annotations

import re
from datetime import date

from .fields import parse_datetime

OPERATORS = {
    "=", "!=", "<", "<=", ">", ">=", "=?", "like", "not like", "ilike", "not ilike", "=like", "=ilike",
    "in", "not in", "child_of", "parent_of", "any", "not any",
}
NEGATIVE = {"!=": "=", "not in": "in", "not like": "like", "not ilike": "ilike"}
NUMERIC = ("integer", "float", "monetary")


def match_value(model, field, stored, operator: str, value) -> bool:
    if field.type in ("one2many", "many2many"):
        return _match_x2many(model, field, list(stored or []), operator, value)
    if field.type == "many2one" and _is_name_query(operator, value):
        stored = model.env[field.comodel].display_name_of(stored) if stored else None
    elif field.type == "boolean":
        return _match_boolean(bool(stored), operator, value)
    else:
        value = _coerce(field, value, operator)
    return match_scalar(stored, operator, value)


def _is_name_query(operator, value) -> bool:
    if operator in ("in", "not in") and isinstance(value, (list, tuple)):
        return any(isinstance(item, str) for item in value)
    return isinstance(value, str)


def _coerce(field, value, operator):
    if isinstance(value, (list, tuple)):
        return [_coerce(field, item, "=") for item in value]
    if value is None or value is False or operator.endswith("like"):
        return value
    if field.type in NUMERIC and isinstance(value, str):
        return float(value)
    if field.type == "date" and isinstance(value, str):
        return date.fromisoformat(value[:10])
    if field.type == "datetime":
        return parse_datetime(value)
    return value


def _is_unset(value) -> bool:
    return value is None or value is False


def _match_boolean(stored: bool, operator: str, value) -> bool:
    if operator == "=?" and _is_unset(value):
        return True
    if operator in ("in", "not in"):
        hit = stored in {bool(item) for item in (value if isinstance(value, (list, tuple)) else [value])}
        return hit if operator == "in" else not hit
    if operator in ("=", "=?"):
        return stored == bool(value)
    if operator == "!=":
        return stored != bool(value)
    return match_scalar(stored, operator, value)


def _match_x2many(model, field, ids: list[int], operator: str, value) -> bool:
    if value is False or value is None:
        return {"=": not ids, "!=": bool(ids)}.get(operator, False)
    candidates = ids
    if _is_name_query(operator, value):
        comodel = model.env[field.comodel]
        candidates = [comodel.display_name_of(i) for i in ids]
    positive = NEGATIVE.get(operator, operator)
    hit = any(match_scalar(candidate, positive, value) for candidate in candidates)
    return not hit if operator in NEGATIVE else hit


def match_scalar(stored, operator: str, value) -> bool:
    empty = stored is None or stored is False
    if operator == "=?":
        return True if _is_unset(value) else match_scalar(stored, "=", value)
    if operator == "=":
        return empty if value is None or value is False else (not empty and stored == value)
    if operator == "!=":
        return not empty if value is None or value is False else (empty or stored != value)
    if operator in ("in", "not in"):
        values = list(value) if isinstance(value, (list, tuple)) else [value]
        wants_empty = any(item is None or item is False for item in values)
        hit = wants_empty if empty else stored in [item for item in values if item is not False]
        return hit if operator == "in" else not hit
    if operator in ("<", "<=", ">", ">="):
        return not empty and not _is_unset(value) and _compare(stored, operator, value)
    if empty:
        return operator in ("not like", "not ilike")
    matched = _like(str(stored), operator.replace("not ", ""), value)
    return not matched if operator.startswith("not ") else matched


def _compare(stored, operator: str, value) -> bool:
    try:
        return {"<": stored < value, "<=": stored <= value, ">": stored > value, ">=": stored >= value}[operator]
    except TypeError:
        return False


def _like(text: str, operator: str, value) -> bool:
    pattern = str(value if value is not None else "")
    if not operator.startswith("="):
        pattern = f"%{pattern}%"
    regex = "".join(".*" if char == "%" else "." if char == "_" else re.escape(char) for char in pattern)
    flags = re.IGNORECASE | re.DOTALL if "ilike" in operator else re.DOTALL
    return re.fullmatch(regex, text, flags) is not None
