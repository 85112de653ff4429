"""create, write and unlink, with Odoo 18's checks and error wording.

Models customise them through hooks rather than overrides: ``prepare_create(vals)`` (fill
computed defaults such as a sequence name), ``after_create(record_id, vals)``,
``before_write(ids, vals)``, ``after_write(ids, vals)`` and ``before_unlink(ids)``.
"""

from __future__ import annotations

from ..exceptions import ValidationError
from .commands import apply_commands
from .registry import rpc, rpc_model


class Writing:
    # -- hooks --------------------------------------------------------------------------------

    def prepare_create(self, vals: dict) -> dict:
        return vals

    def after_create(self, record_id: int, vals: dict) -> None:
        pass

    def before_write(self, ids: list[int], vals: dict) -> None:
        pass

    def after_write(self, ids: list[int], vals: dict) -> None:
        pass

    def before_unlink(self, ids: list[int]) -> None:
        pass

    # -- create -------------------------------------------------------------------------------

    @rpc_model
    def create(self, vals_list):
        """One dict or a list of dicts; the RPC layer answers an id for a dict, ids for a list."""
        return self.create_records([vals_list] if isinstance(vals_list, dict) else list(vals_list))

    def create_records(self, vals_list: list[dict]) -> list[int]:
        return [self._create_one(vals) for vals in vals_list]

    def _create_one(self, vals: dict) -> int:
        if not isinstance(vals, dict):
            raise ValueError(f"Invalid values for {self._name}: {vals!r}")
        self.check_field_names(vals)
        vals = self.prepare_create({**self.default_values(vals), **vals})
        stored, x2many, inherited, inverses = self.convert_values(vals)
        for parent, link in self._inherits.items():
            stored[link] = self._delegate_create(parent, stored.get(link), inherited.get(parent, {}))
        self.check_required(stored)
        self.check_references(stored)
        record_id = self.insert_row(stored)
        for field, commands in x2many:
            apply_commands(self, record_id, field, commands)
        for field, value in inverses:
            getattr(self, field.inverse)([record_id], value)
        self.after_create(record_id, vals)
        return record_id

    def _delegate_create(self, parent: str, parent_id, values: dict) -> int:
        parent_model = self.env.with_context(create_from_child=True)[parent]
        if parent_id:
            if values:
                parent_model.write([parent_id], values)
            return parent_id
        return parent_model.create_records([values])[0]

    def default_values(self, vals: dict) -> dict:
        defaults = {}
        for name, field in self.fields.items():
            if name in vals or field.inherited_from or (field.compute and not field.inverse):
                continue
            if f"default_{name}" in self.env.context:
                defaults[name] = self.env.context[f"default_{name}"]
            elif field.default is not None:
                defaults[name] = field.default(self) if callable(field.default) else field.default
        return defaults

    # -- write --------------------------------------------------------------------------------

    @rpc
    def write(self, ids: list[int], vals: dict):
        if not isinstance(vals, dict):
            raise ValueError(f"Invalid values for {self._name}: {vals!r}")
        self.check_field_names(vals)
        self.rows(ids)
        self.before_write(ids, vals)
        stored, x2many, inherited, inverses = self.convert_values(vals)
        self.check_references(stored)
        self.check_required(stored, only_given=True)
        for record_id in ids:
            self.update_row(record_id, stored)
            for field, commands in x2many:
                apply_commands(self, record_id, field, commands)
        for parent, link in self._inherits.items():
            if inherited.get(parent):
                parent_ids = list(dict.fromkeys(self.table[i][link] for i in ids))
                self.env[parent].write(parent_ids, inherited[parent])
        for field, value in inverses:
            getattr(self, field.inverse)(ids, value)
        self.after_write(ids, vals)
        return True

    # -- load (import) --------------------------------------------------------------------------

    @rpc_model
    def load(self, fields: list[str], data: list[list]):
        """Odoo's import: here only updates, rows identified by a ``.id`` column (database id), of plain fields.
        Every row or none: an error is a message and ``ids`` is False, as Odoo answers."""
        if ".id" not in fields:
            return {"ids": False, "messages": [_load_error("the simulator only loads rows with a .id column")]}
        try:
            with self.db.savepoint():
                ids = []
                for row in data:
                    values = dict(zip(fields, row))
                    record_id = int(values.pop(".id"))
                    self.write([record_id], values)
                    ids.append(record_id)
        except Exception as error:  # noqa: BLE001 (Odoo reports any row's error as a message)
            return {"ids": False, "messages": [_load_error(str(error))]}
        return {"ids": ids, "messages": [], "nextrow": 0}

    # -- unlink -------------------------------------------------------------------------------

    @rpc
    def unlink(self, ids: list[int]):
        ids = self.existing_ids(list(dict.fromkeys(ids)))
        self.before_unlink(ids)
        for record_id in ids:
            if record_id in self.table:
                self._cascade(record_id)
                self.db.delete(self._name, record_id)
        return True

    def _cascade(self, record_id: int) -> None:
        for model_name, field in self.env.registry.inbound[self._name]:
            referrers = sorted(self.db.referencing(model_name, field.name, record_id))
            if not referrers:
                continue
            referrer = self.env[model_name]
            if field.ondelete == "cascade":
                referrer.unlink(referrers)
            elif field.ondelete == "restrict":
                self.check_exist([0], referrer=referrer, column=field.name)
            else:
                for referrer_id in referrers:
                    referrer.update_row(referrer_id, {field.name: None})

    # -- checks and conversions ---------------------------------------------------------------

    def check_field_names(self, vals: dict) -> None:
        for name in vals:
            if name not in self.fields:
                raise ValueError(f"Invalid field {name!r} on model {self._name!r}")

    def convert_values(self, vals: dict):
        stored, x2many, inverses, inherited = {}, [], [], {}
        for name, value in vals.items():
            field = self.fields[name]
            if field.inherited_from:
                inherited.setdefault(field.inherited_from[0], {})[name] = value
            elif field.inverse:
                inverses.append((field, value))
            elif field.compute or name in ("id", "create_date", "write_date", "create_uid", "write_uid"):
                continue
            elif field.type in ("one2many", "many2many"):
                x2many.append((field, field.to_store(value)))
            else:
                stored[name] = field.to_store(value)
        return stored, x2many, inherited, inverses

    def check_required(self, stored: dict, *, only_given: bool = False) -> None:
        for name, field in self.fields.items():
            if not field.required or field.compute or field.inherited_from or field.type.endswith("2many"):
                continue
            if (only_given and name not in stored) or stored.get(name) is not None:
                continue
            raise ValidationError(
                "The operation cannot be completed:\n"
                "- Create/update: a mandatory field is not set.\n"
                "- Delete: another model requires the record being deleted. If possible, archive it instead.\n\n"
                f"Model: {self._description} ({self._name})\n"
                f"Field: {field.string} ({field.name})\n"
            )

    def check_references(self, stored: dict) -> None:
        for name, value in stored.items():
            field = self.fields[name]
            if field.type == "many2one" and value:
                self.env[field.comodel].check_exist([value], referrer=self, column=name)


def _load_error(message: str) -> dict:
    return {"type": "error", "message": message, "record": 0, "rows": {"from": 0, "to": 0}}
