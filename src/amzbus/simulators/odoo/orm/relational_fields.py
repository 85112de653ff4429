"""Relational fields: many2one (an id, read as ``[id, display_name]``), one2many and many2many
(lists of ids, written with x2many commands)."""

from __future__ import annotations

from .commands import normalize_commands
from .fields import Field


class Many2one(Field):
    type = "many2one"
    relational = True

    def __init__(self, comodel: str, string: str | None = None, *, ondelete: str | None = None,
                 **options) -> None:
        super().__init__(string, **options)
        self.comodel = comodel
        self.ondelete = ondelete or ("restrict" if self.required else "set null")

    def to_store(self, value):
        if value is None or value is False:
            return None
        if isinstance(value, (list, tuple)) and value:
            value = value[0]
        if type(value) is not int:
            raise self.wrong_value(value)
        return value

    def to_read(self, value, env, load):
        if not value:
            return False
        if load != "_classic_read":
            return value
        return [value, env[self.comodel].display_name_of(value)]

    def describe(self) -> dict:
        return {**super().describe(), "relation": self.comodel}


class One2many(Field):
    type = "one2many"
    relational = True

    def __init__(self, comodel: str, inverse_name: str, string: str | None = None, **options) -> None:
        super().__init__(string, **options)
        self.comodel = comodel
        self.inverse_name = inverse_name

    def to_store(self, value):
        return normalize_commands(self, value)

    def to_read(self, value, env, load):
        return list(value or [])

    def describe(self) -> dict:
        return {**super().describe(), "relation": self.comodel, "relation_field": self.inverse_name}


class Many2many(One2many):
    type = "many2many"

    def __init__(self, comodel: str, string: str | None = None, **options) -> None:
        super().__init__(comodel, "", string, **options)

    def describe(self) -> dict:
        described = super().describe()
        described.pop("relation_field")
        return described
