"""Exceptions shaped like the ones a real Odoo 18 server reports, and their JSON serialisation.

Odoo serialises an exception as ``{"name", "message", "arguments", "context", "debug"}`` where
``name`` is the exception's ``module.ClassName``. The simulator's classes carry the name Odoo
would report in ``odoo_name`` (``odoo.exceptions.UserError``, ``psycopg2.errors.SerializationFailure``,
``werkzeug.exceptions.NotFound``...); Python's own exceptions keep theirs (``builtins.ValueError``).
``http_status`` is the status the External JSON-2 API answers with.
"""

from __future__ import annotations


class UserError(Exception):
    """A business rule refused the operation (Odoo's ``odoo.exceptions.UserError``)."""

    odoo_name = "odoo.exceptions.UserError"
    http_status = 422


class ValidationError(UserError):
    odoo_name = "odoo.exceptions.ValidationError"
    http_status = 422


class AccessError(UserError):
    odoo_name = "odoo.exceptions.AccessError"
    http_status = 403


class AccessDenied(UserError):
    """Wrong login, password or API key."""

    odoo_name = "odoo.exceptions.AccessDenied"
    http_status = 403

    def __init__(self, message: str = "Access Denied") -> None:
        super().__init__(message)


class MissingError(UserError):
    odoo_name = "odoo.exceptions.MissingError"
    http_status = 404


class DatabaseError(Exception):
    """An error raised by PostgreSQL through psycopg2; psycopg2 messages end with a newline."""

    odoo_name = "psycopg2.Error"
    http_status = 500
    pgcode = ""


class OperationalError(DatabaseError):
    odoo_name = "psycopg2.OperationalError"


class SerializationFailure(OperationalError):
    odoo_name = "psycopg2.errors.SerializationFailure"
    pgcode = "40001"
    default_message = "could not serialize access due to concurrent update\n"


class LockNotAvailable(OperationalError):
    odoo_name = "psycopg2.errors.LockNotAvailable"
    pgcode = "55P03"
    default_message = 'could not obtain lock on row in relation "{table}"\n'


class DeadlockDetected(OperationalError):
    odoo_name = "psycopg2.errors.DeadlockDetected"
    pgcode = "40P01"
    default_message = "deadlock detected\n"


class HttpError(Exception):
    """A werkzeug HTTP exception as the JSON-2 endpoint reports it."""

    descriptions = {
        400: ("BadRequest", "The browser (or proxy) sent a request that this server could not understand."),
        401: ("Unauthorized", "The server could not verify that you are authorized to access the URL requested."),
        404: ("NotFound", "The requested URL was not found on the server."),
        405: ("MethodNotAllowed", "The method is not allowed for the requested URL."),
        422: ("UnprocessableEntity", "The request was well-formed but was unable to be followed due to semantic errors."),
    }

    def __init__(self, code: int, description: str | None = None, *, headers: dict | None = None) -> None:
        class_name, default_description = self.descriptions[code]
        self.code = code
        self.description = description or default_description
        self.odoo_name = f"werkzeug.exceptions.{class_name}"
        self.http_status = code
        self.headers = headers or {}
        super().__init__(self.description)


def exception_name(exc: BaseException) -> str:
    """The ``module.ClassName`` Odoo reports for ``exc``."""
    odoo_name = getattr(exc, "odoo_name", None)
    if odoo_name:
        return odoo_name
    cls = type(exc)
    return f"{cls.__module__}.{cls.__name__}"


def serialize_exception(exc: BaseException, *, message: str | None = None, arguments: tuple | None = None) -> dict:
    """Odoo's ``odoo.http.serialize_exception`` for ``exc``."""
    name = exception_name(exc)
    text = str(exc) if message is None else message
    if isinstance(exc, KeyError) and message is None:
        text = repr(exc.args[0]) if exc.args else ""
    return {
        "name": name,
        "message": text,
        "arguments": list(exc.args if arguments is None else arguments),
        "context": {},
        "debug": f"Traceback (most recent call last):\n  (Odoo 18 simulator)\n{name}: {text}\n",
    }


def missing_records(model_name: str, ids: list[int], uid: int) -> MissingError:
    """The MissingError Odoo raises when a method touches records that do not exist."""
    return MissingError(
        "Record does not exist or has been deleted.\n"
        f"(Record: {model_name}({', '.join(str(i) for i in ids)}{',' if len(ids) == 1 else ''}), User: {uid})"
    )
