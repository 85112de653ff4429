"""Writing a different value on each of many records in one call: Odoo's ``load`` (its import) with a ``.id``
column, where ``write`` would need one call per distinct value.

``load`` answers ``{"ids": [...], "messages": [...]}``; an error on any row is a message, ``ids`` is then False
and nothing is written (one transaction, with a savepoint per row). Such an answer is a PermanentError here,
naming the records and carrying Odoo's messages. Datetimes are read in UTC (``context={"tz": "UTC"}``): ``load``
would otherwise read them in the user's time zone.
"""

from __future__ import annotations

from typing import Any, Mapping

from .client import OdooClient
from .errors import OdooPermanentError

UTC_INPUT = {"tz": "UTC"}


def write_each(client: OdooClient, model: str, field: str, values: Mapping[int, Any]) -> list[int]:
    """Write ``values[id]`` into ``field`` of each record ``id``, in one call; the ids written."""
    if not values:
        return []
    rows = [[str(record_id), value] for record_id, value in values.items()]
    result = client.execute(model, "load", fields=[".id", field], data=rows, context=UTC_INPUT) or {}
    errors = [message.get("message", "") for message in result.get("messages") or [] if message.get("type") == "error"]
    if errors or not result.get("ids"):
        raise OdooPermanentError(f"writing {field} of {model} {sorted(values)}: "
                                 f"{'; '.join(errors) or 'Odoo wrote nothing'}", code="odoo_load_refused",
                                 model=model, method="load")
    return list(values)
