"""The base class of every simulated model."""

from __future__ import annotations

from .records import RecordAccess
from .searching import Searching
from .writing import Writing


class Model(RecordAccess, Writing, Searching):
    """An Odoo model: subclasses set ``_name``, ``_description``, their fields and hooks."""
