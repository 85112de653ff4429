"""x2many commands: ``(0, 0, vals)`` create, ``(1, id, vals)`` update, ``(2, id)`` delete,
``(3, id)`` unlink, ``(4, id)`` link, ``(5,)`` clear, ``(6, 0, ids)`` replace; a plain list of ids
means replace, and ``False`` means clear, as in Odoo."""

from __future__ import annotations

CREATE, UPDATE, DELETE, UNLINK, LINK, CLEAR, SET = range(7)


def normalize_commands(field, value) -> list[tuple]:
    """Check the shape of an x2many value and return it as a list of command tuples."""
    if value is None or value is False:
        return [(CLEAR,)]
    if not isinstance(value, (list, tuple)):
        raise field.wrong_value(value)
    if all(type(item) is int for item in value):
        return [(SET, 0, list(value))]
    return [_normalize_command(field, value, command) for command in value]


def _normalize_command(field, value, command) -> tuple:
    if not isinstance(command, (list, tuple)) or not command or type(command[0]) is not int:
        raise field.wrong_value(value)
    code = command[0]
    if code in (CREATE, UPDATE) and len(command) == 3 and isinstance(command[2], dict):
        return (code, command[1], command[2])
    if code in (DELETE, UNLINK, LINK) and len(command) >= 2 and type(command[1]) is int:
        return (code, command[1])
    if code == CLEAR:
        return (CLEAR,)
    if code == SET and len(command) == 3 and isinstance(command[2], (list, tuple)):
        return (SET, 0, [int(i) for i in command[2]])
    raise field.wrong_value(value)


def apply_commands(model, record_id: int, field, commands: list[tuple]) -> None:
    """Apply ``commands`` to the x2many ``field`` of ``model``'s record ``record_id``."""
    if field.type == "one2many":
        _apply_one2many(model, record_id, field, commands)
    else:
        _apply_many2many(model, record_id, field, commands)


def _apply_one2many(model, record_id, field, commands) -> None:
    comodel = model.env[field.comodel]
    inverse = field.inverse_name
    for command in commands:
        code = command[0]
        if code == CREATE:
            comodel.create_records([{**command[2], inverse: record_id}])
        elif code == UPDATE:
            comodel.write([command[1]], command[2])
        elif code == DELETE:
            comodel.unlink([command[1]])
        elif code == UNLINK:
            _detach(comodel, inverse, [command[1]])
        elif code == LINK:
            comodel.write([command[1]], {inverse: record_id})
        elif code == CLEAR:
            _detach(comodel, inverse, model.children_ids(field, record_id))
        elif code == SET:
            current = model.children_ids(field, record_id)
            _detach(comodel, inverse, [i for i in current if i not in command[2]])
            comodel.write([i for i in command[2] if i not in current], {inverse: record_id})


def _detach(comodel, inverse: str, ids: list[int]) -> None:
    """Odoo deletes children whose link to the parent is required, and clears the link otherwise."""
    if not ids:
        return
    if comodel.fields[inverse].required:
        comodel.unlink(ids)
    else:
        comodel.write(ids, {inverse: False})


def _apply_many2many(model, record_id, field, commands) -> None:
    comodel = model.env[field.comodel]
    linked = list(model.row(record_id).get(field.name) or [])
    for command in commands:
        code = command[0]
        if code == CREATE:
            linked += comodel.create_records([command[2]])
        elif code == UPDATE:
            comodel.write([command[1]], command[2])
        elif code == DELETE:
            comodel.unlink([command[1]])
            linked = [i for i in linked if i != command[1]]
        elif code == UNLINK:
            linked = [i for i in linked if i != command[1]]
        elif code == LINK and command[1] not in linked:
            comodel.check_exist([command[1]])
            linked.append(command[1])
        elif code == CLEAR:
            linked = []
        elif code == SET:
            comodel.check_exist(command[2])
            linked = list(dict.fromkeys(command[2]))
    model.update_row(record_id, {field.name: linked})
