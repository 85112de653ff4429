"""Odoo search domains in prefix ("Polish") notation, built from plain lists of terms.

A term is either one condition ``(field, operator, value)`` or a whole sub-domain (a list).
"""

from __future__ import annotations

from typing import Any, Sequence, Union

Condition = tuple[str, str, Any]
Term = Union[Condition, Sequence[Any]]


def all_of(terms: Sequence[Term]) -> list[Any]:
    """``A and B and C`` as ``['&', '&', A, B, C]``."""
    return _join("&", terms)


def any_of(terms: Sequence[Term]) -> list[Any]:
    """``A or B or C`` as ``['|', '|', A, B, C]``."""
    return _join("|", terms)


def equals_or_unset(field_name: str, value: Any) -> Condition:
    """``field = value``, where an empty value matches an unset field (Odoo stores those as False)."""
    return (field_name, "=", value if value not in (None, "") else False)


def _join(operator: str, terms: Sequence[Term]) -> list[Any]:
    if not terms:
        raise ValueError(f"joining with {operator!r} needs at least one term")
    joined: list[Any] = [operator] * (len(terms) - 1)
    for term in terms:
        if isinstance(term, tuple):
            joined.append(term)
        else:
            joined.extend(term)
    return joined
