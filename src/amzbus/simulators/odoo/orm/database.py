"""In-memory tables with an undo journal, so that a failed call leaves nothing behind.

One RPC call is one transaction, as in Odoo: ``begin`` starts a journal, every insert, update and
delete records how to undo itself, ``rollback`` replays the journal backwards. Record ids and
sequence numbers are not given back on rollback (PostgreSQL sequences are not either). Rows are
plain dicts; callers never mutate a stored value in place (they write a new list or dict), so the
journal's copies stay valid. Each many2one column is indexed by target id for one2many reads.
"""

from __future__ import annotations

from collections import defaultdict
from contextlib import contextmanager
from typing import Iterator


class Database:
    def __init__(self, many2one_columns: dict[str, list[str]]) -> None:
        self.tables: dict[str, dict[int, dict]] = {model: {} for model in many2one_columns}
        self._next_ids = {model: 1 for model in many2one_columns}
        self._many2one = many2one_columns
        self._index = {(model, column): defaultdict(set)
                       for model, columns in many2one_columns.items() for column in columns}
        self._sequences: dict[str, int] = defaultdict(int)
        self._journal: list[tuple] | None = None

    # -- transactions -------------------------------------------------------------------------

    def begin(self) -> None:
        self._journal = []

    def commit(self) -> None:
        self._journal = None

    def rollback(self) -> None:
        journal, self._journal = self._journal or [], None
        for action, model, record_id, values in reversed(journal):
            self._undo(action, model, record_id, values)

    def _undo(self, action: str, model: str, record_id: int, values) -> None:
        if action == "insert":
            self._raw_delete(model, record_id)
        elif action == "update":
            self._raw_update(model, record_id, values)
        else:
            self._raw_insert(model, record_id, values)

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """Undo what the block did when it raises (the transaction goes on), as a PostgreSQL savepoint does."""
        mark = len(self._journal) if self._journal is not None else 0
        try:
            yield
        except BaseException:
            journal = self._journal or []
            undone, journal[mark:] = journal[mark:], []
            for action, model, record_id, values in reversed(undone):
                self._undo(action, model, record_id, values)
            raise

    # -- rows ---------------------------------------------------------------------------------

    def insert(self, model: str, values: dict) -> int:
        record_id = self._next_ids[model]
        self._next_ids[model] = record_id + 1
        self._raw_insert(model, record_id, {**values, "id": record_id})
        self._log(("insert", model, record_id, None))
        return record_id

    def update(self, model: str, record_id: int, changes: dict) -> None:
        row = self.tables[model][record_id]
        previous = {key: row.get(key) for key in changes}
        self._raw_update(model, record_id, changes)
        self._log(("update", model, record_id, previous))

    def delete(self, model: str, record_id: int) -> None:
        row = self.tables[model][record_id]
        self._raw_delete(model, record_id)
        self._log(("delete", model, record_id, row))

    def referencing(self, model: str, column: str, target_id: int) -> set[int]:
        """Ids of ``model`` rows whose many2one ``column`` points at ``target_id``."""
        return set(self._index[(model, column)].get(target_id, ()))

    def next_sequence(self, code: str) -> int:
        self._sequences[code] += 1
        return self._sequences[code]

    # -- internals ----------------------------------------------------------------------------

    def _log(self, entry: tuple) -> None:
        if self._journal is not None:
            self._journal.append(entry)

    def _raw_insert(self, model: str, record_id: int, row: dict) -> None:
        self.tables[model][record_id] = row
        for column in self._many2one[model]:
            if row.get(column):
                self._index[(model, column)][row[column]].add(record_id)

    def _raw_update(self, model: str, record_id: int, changes: dict) -> None:
        row = self.tables[model][record_id]
        for column in self._many2one[model]:
            if column in changes and changes[column] != row.get(column):
                self._unindex(model, column, row.get(column), record_id)
                if changes[column]:
                    self._index[(model, column)][changes[column]].add(record_id)
        row.update(changes)

    def _raw_delete(self, model: str, record_id: int) -> None:
        row = self.tables[model].pop(record_id)
        for column in self._many2one[model]:
            self._unindex(model, column, row.get(column), record_id)

    def _unindex(self, model: str, column: str, target_id, record_id: int) -> None:
        if target_id:
            self._index[(model, column)][target_id].discard(record_id)
