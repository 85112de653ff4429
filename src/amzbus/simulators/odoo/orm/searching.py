"""search, read and their companions, with Odoo 18's results: ids that no longer exist are left out
of ``read`` silently, many2one values read as ``[id, display_name]``, empty values as ``False``."""

from __future__ import annotations

from .domain import compile_domain
from .ordering import sort_rows
from .registry import rpc, rpc_model


class Searching:
    @rpc_model
    def search(self, domain, offset=0, limit=None, order=None):
        return self.search_ids(domain, offset=offset, limit=limit, order=order)

    @rpc_model
    def search_count(self, domain, limit=None):
        return len(self.search_ids(domain, limit=limit))

    @rpc_model
    def search_read(self, domain=None, fields=None, offset=0, limit=None, order=None, **read_kwargs):
        names = self.resolve_field_names(fields)
        ids = self.search_ids(domain or [], offset=offset, limit=limit, order=order)
        return self.read(ids, names, **read_kwargs)

    @rpc
    def read(self, ids, fields=None, load="_classic_read"):
        names = self.resolve_field_names(fields)
        return [self.read_row(self.table[i], names, load) for i in ids if i in self.table]

    @rpc_model
    def name_search(self, name="", domain=None, operator="ilike", limit=100):
        domain = list(domain or [])
        if name:
            domain = self.name_search_domain(name, operator) + domain
        ids = self.search_ids(domain, limit=limit)
        return [[i, self.display_name_of(i)] for i in ids]

    @rpc_model
    def fields_get(self, allfields=None, attributes=None):
        described = {}
        for name, field in self.fields.items():
            if allfields and name not in allfields:
                continue
            description = field.describe()
            if attributes:
                description = {key: value for key, value in description.items() if key in attributes}
            described[name] = description
        return described

    @rpc_model
    def default_get(self, fields_list):
        self.resolve_field_names(fields_list)
        defaults = self.default_values({})
        return {name: value for name, value in defaults.items() if name in fields_list}

    # -- helpers ------------------------------------------------------------------------------

    def name_search_domain(self, name: str, operator: str) -> list:
        return [("display_name", operator, name)]

    def search_ids(self, domain, *, offset=0, limit=None, order=None) -> list[int]:
        predicate = compile_domain(self, self._with_active_test(domain))
        rows = sort_rows(self, [row for row in self.table.values() if predicate(row)], order or self._order)
        rows = rows[int(offset or 0):]
        return [row["id"] for row in (rows[: int(limit)] if limit else rows)]

    def resolve_field_names(self, fields) -> list[str]:
        if not fields:
            return [name for name in self.fields if name != "id"]
        for name in fields:
            if name not in self.fields:
                raise ValueError(f"Invalid field {name!r} on model {self._name!r}")
        return [name for name in fields if name != "id"]

    def read_row(self, row: dict, names: list[str], load="_classic_read") -> dict:
        values = {"id": row["id"]}
        for name in names:
            field = self.fields[name]
            values[name] = field.to_read(self.value(row, name), self.env, load)
        return values

    def _with_active_test(self, domain) -> list:
        domain = list(domain) if isinstance(domain, (list, tuple)) else domain
        if "active" not in self.fields or not self.env.context.get("active_test", True):
            return domain
        mentions_active = any(isinstance(item, (list, tuple)) and item and item[0] == "active" for item in domain or [])
        return domain if mentions_active else [("active", "=", True)] + list(domain or [])
