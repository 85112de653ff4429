"""Reading and writing rows of one model: values (stored, computed, delegated), display names,
hierarchies, and the low-level writes that keep create/write dates and users up to date."""

from __future__ import annotations

from ..exceptions import ValidationError, missing_records
from .ordering import sort_rows


class RecordAccess:
    _name = ""
    _description = ""
    _order = "id"
    _rec_name = "name"
    _parent_name = "parent_id"
    _inherits: dict[str, str] = {}
    fields: dict = {}

    def __init__(self, env) -> None:
        self.env = env
        self.db = env.db

    def __repr__(self) -> str:
        return f"{self._name}()"

    def with_context(self, **overrides):
        return self.env.with_context(**overrides)[self._name]

    @property
    def table(self) -> dict[int, dict]:
        return self.db.tables[self._name]

    def row(self, record_id: int) -> dict:
        try:
            return self.table[record_id]
        except (KeyError, TypeError):
            raise missing_records(self._name, [record_id], self.env.uid) from None

    def rows(self, ids: list[int]) -> list[dict]:
        missing = [i for i in ids if i not in self.table]
        if missing:
            raise missing_records(self._name, missing, self.env.uid)
        return [self.table[i] for i in ids]

    def existing_ids(self, ids: list[int]) -> list[int]:
        return [i for i in ids if i in self.table]

    def check_exist(self, ids: list[int], *, referrer=None, column: str = "") -> None:
        """The foreign-key violation PostgreSQL reports, as Odoo 18 words it."""
        missing = [i for i in ids if i not in self.table]
        if missing:
            model = referrer or self
            table = model._name.replace(".", "_")
            raise ValidationError(
                "The operation cannot be completed: another model requires the record being deleted. "
                "If possible, archive it instead.\n\n"
                f"Model: {model._description} ({model._name})\n"
                f"Constraint: {table}_{column or 'id'}_fkey\n"
            )

    # -- values -------------------------------------------------------------------------------

    def value(self, row: dict, name: str):
        field = self.fields[name]
        if field.inherited_from:
            parent, link = field.inherited_from
            parent_model = self.env[parent]
            return parent_model.value(parent_model.row(row[link]), name)
        if field.compute:
            return getattr(self, field.compute)(row)
        if field.type == "one2many":
            return self.children_ids(field, row["id"])
        if field.type == "many2many":
            comodel_table = self.db.tables[field.comodel]
            return [i for i in row.get(name) or [] if i in comodel_table]
        return row.get(name)

    def get(self, record_id: int, name: str):
        return self.value(self.row(record_id), name)

    def children_ids(self, field, record_id: int) -> list[int]:
        comodel = self.env[field.comodel]
        ids = self.db.referencing(field.comodel, field.inverse_name, record_id)
        rows = [comodel.table[i] for i in ids]
        if "active" in comodel.fields and self.env.context.get("active_test", True):
            rows = [row for row in rows if comodel.value(row, "active")]
        return [row["id"] for row in sort_rows(comodel, rows, comodel._order)]

    def compute_display_name(self, row: dict) -> str:
        field = self.fields.get(self._rec_name)
        name = self.value(row, self._rec_name) if field else None
        if field is not None and field.type == "many2one" and name:
            name = self.env[field.comodel].display_name_of(name)
        return name or f"{self._name},{row['id']}"

    def display_name_of(self, record_id: int) -> str:
        row = self.table.get(record_id)
        return self.compute_display_name(row) if row else ""

    def ancestor_ids(self, record_id: int) -> list[int]:
        """``record_id`` and its parents up the ``_parent_name`` chain."""
        chain, current = [], record_id
        while current and current in self.table and current not in chain:
            chain.append(current)
            current = self.table[current].get(self._parent_name)
        return chain

    # -- low-level writes ---------------------------------------------------------------------

    def insert_row(self, values: dict) -> int:
        stamp = {"create_date": self.env.now, "write_date": self.env.now,
                 "create_uid": self.env.uid, "write_uid": self.env.uid}
        return self.db.insert(self._name, {**values, **stamp})

    def update_row(self, record_id: int, changes: dict) -> None:
        self.db.update(self._name, record_id,
                       {**changes, "write_date": self.env.now, "write_uid": self.env.uid})

    def touch(self, ids: list[int]) -> None:
        """Bump ``write_date``, as Odoo does when a stored computed field of the record changes."""
        for record_id in ids:
            if record_id in self.table:
                self.update_row(record_id, {})
