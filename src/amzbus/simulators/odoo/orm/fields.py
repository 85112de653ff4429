"""Field types of the simulated ORM: how a value is checked on write and shown on read.

Conversions follow Odoo 18's ``convert_to_cache``: ``Integer`` is ``int(value or 0)``, ``Float``
``float(value or 0.0)``, ``Selection`` refuses unknown keys with ``Wrong value for model.field: 'x'``,
``Many2one`` refuses anything but an id, ``Datetime`` parses ``value[:19]`` with
``%Y-%m-%d %H:%M:%S`` (an ISO ``T`` string fails as it does in Odoo). Python's own ``ValueError`` and
``TypeError`` messages surface unchanged, as they do from a real server.
"""

from __future__ import annotations

from datetime import date, datetime

DATE_FORMAT = "%Y-%m-%d"
DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"


class Field:
    type = "char"
    relational = False

    def __init__(self, string: str | None = None, *, required: bool = False, readonly: bool = False,
                 default=None, compute: str | None = None, inverse: str | None = None,
                 store: bool = True, help: str = "") -> None:
        self.string = string
        self.required = required
        self.readonly = readonly or (compute is not None and inverse is None)
        self.default = default
        self.compute = compute
        self.inverse = inverse
        self.store = store
        self.help = help
        self.name = ""
        self.model_name = ""
        self.inherited_from: tuple[str, str] | None = None

    def __str__(self) -> str:
        return f"{self.model_name}.{self.name}"

    def bind(self, model_name: str, name: str) -> "Field":
        self.model_name, self.name = model_name, name
        self.string = self.string or name.replace("_", " ").title().replace(" Id", "")
        return self

    def wrong_value(self, value) -> ValueError:
        return ValueError(f"Wrong value for {self}: {value!r}")

    def to_store(self, value):
        if value is None or value is False:
            return None
        return str(value)

    def to_read(self, value, env, load: str | None):
        return False if value is None else value

    def describe(self) -> dict:
        return {
            "type": self.type, "string": self.string, "help": self.help, "required": self.required,
            "readonly": self.readonly, "store": self.store, "searchable": True, "sortable": self.store,
            "name": self.name,
        }


class Char(Field):
    type = "char"


class Text(Field):
    type = "text"


class Html(Field):
    type = "html"


class Selection(Field):
    type = "selection"

    def __init__(self, selection: list[tuple[str, str]], string: str | None = None, **options) -> None:
        super().__init__(string, **options)
        self.selection = selection

    def to_store(self, value):
        if value is None or value is False:
            return None
        if value not in {key for key, _label in self.selection}:
            raise self.wrong_value(value)
        return value

    def describe(self) -> dict:
        return {**super().describe(), "selection": [list(item) for item in self.selection]}


class Integer(Field):
    type = "integer"

    def to_store(self, value):
        return int(value or 0)

    def to_read(self, value, env, load):
        return value or 0


class Float(Field):
    type = "float"

    def to_store(self, value):
        return float(value or 0.0)

    def to_read(self, value, env, load):
        return float(value or 0.0)


class Monetary(Float):
    type = "monetary"

    def describe(self) -> dict:
        return {**super().describe(), "currency_field": "currency_id"}


class Boolean(Field):
    type = "boolean"

    def to_store(self, value):
        return bool(value)

    def to_read(self, value, env, load):
        return bool(value)


class Date(Field):
    type = "date"

    def to_store(self, value):
        if value is None or value is False:
            return None
        if isinstance(value, date):
            return value if not isinstance(value, datetime) else value.date()
        return datetime.strptime(str(value)[:10], DATE_FORMAT).date()

    def to_read(self, value, env, load):
        return value.strftime(DATE_FORMAT) if value else False


class Datetime(Field):
    type = "datetime"

    def to_store(self, value):
        return parse_datetime(value)

    def to_read(self, value, env, load):
        return value.strftime(DATETIME_FORMAT) if value else False


def parse_datetime(value) -> datetime | None:
    """Odoo's ``Datetime.to_datetime``: a date-only string means midnight."""
    if value is None or value is False:
        return None
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    text = str(value)
    if len(text) > 10:
        return datetime.strptime(text[:19], DATETIME_FORMAT)
    return datetime.strptime(text, DATE_FORMAT)


# Relational fields live in their own module; they are part of this namespace.
from .relational_fields import Many2many, Many2one, One2many  # noqa: E402,F401
