"""The envelope every event travels in, and the only way to turn events into JSON and back.

``encode`` validates before anything leaves a producer; ``decode`` validates again in consumers,
upgrading older schema versions first. Both raise ``InvalidEventError`` naming the event id and field.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Callable

from marshmallow import Schema, ValidationError, fields, validate

from .errors import InvalidEventError, flatten_messages
from .orders import OrderCancelled, OrderCancelledSchema, OrderPlaced, OrderPlacedSchema
from .shipments import ShipmentConfirmed, ShipmentConfirmedSchema
from .stock import FbaInventoryReported, FbaInventoryReportedSchema, StockChanged, StockChangedSchema

SCHEMA_VERSION = 1

PAYLOAD_SCHEMAS: dict[str, type[Schema]] = {
    "OrderPlaced": OrderPlacedSchema,
    "OrderCancelled": OrderCancelledSchema,
    "ShipmentConfirmed": ShipmentConfirmedSchema,
    "StockChanged": StockChangedSchema,
    "FbaInventoryReported": FbaInventoryReportedSchema,
}
Event = OrderPlaced | OrderCancelled | ShipmentConfirmed | StockChanged | FbaInventoryReported


@dataclass(frozen=True)
class Envelope:
    event_id: str
    event_type: str
    schema_version: int
    occurred_at: datetime
    source: str
    account: str
    key: str
    payload: Event
    marketplace_id: str | None = None


def envelop(event: Event, *, account: str, marketplace_id: str | None = None,
            occurred_at: datetime | None = None) -> Envelope:
    """Wrap an event; its id is deterministic (re-polls and replays collapse onto it)."""
    return Envelope(
        event_id=event.identity(account),
        event_type=event.event_type,
        schema_version=SCHEMA_VERSION,
        occurred_at=occurred_at or datetime.now(timezone.utc),
        source=event.source,
        account=account,
        key=event.lock_key(account),
        payload=event,
        marketplace_id=marketplace_id,
    )


class EnvelopeSchema(Schema):
    event_id = fields.String(required=True, validate=validate.Length(min=1))
    event_type = fields.String(required=True, validate=validate.OneOf(PAYLOAD_SCHEMAS))
    schema_version = fields.Integer(required=True, strict=True, validate=validate.Equal(SCHEMA_VERSION))
    occurred_at = fields.AwareDateTime(required=True)
    source = fields.String(required=True, validate=validate.OneOf(("amazon", "odoo")))
    account = fields.String(required=True, validate=validate.Length(min=1))
    key = fields.String(required=True, validate=validate.Length(min=1))
    marketplace_id = fields.String(allow_none=True, load_default=None)
    payload = fields.Dict(required=True)


# Upgrade hooks: UPGRADES[n] turns a raw envelope of version n into version n + 1.
# Version 0 is the pre-release format, identical but without ``schema_version``.
UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    0: lambda raw: {**raw, "schema_version": 1},
}


# Schemas hold no per-call state, so one instance of each serves every thread (building one costs
# more than a load).
_ENVELOPE = EnvelopeSchema()
_PAYLOADS = {event_type: schema() for event_type, schema in PAYLOAD_SCHEMAS.items()}


def upgrade(raw: dict[str, Any]) -> dict[str, Any]:
    version = raw.get("schema_version", 0)
    if not isinstance(version, int) or version > SCHEMA_VERSION:
        raise InvalidEventError(raw.get("event_id"), {"schema_version": f"unsupported version {version!r}"})
    while version < SCHEMA_VERSION:
        raw = UPGRADES[version](raw)
        version = raw["schema_version"]
    return raw


def encode(envelope: Envelope) -> dict[str, Any]:
    """The envelope as JSON primitives, validated by loading it back."""
    payload = _PAYLOADS[envelope.event_type].dump(envelope.payload)
    raw = _ENVELOPE.dump({**envelope.__dict__, "payload": payload})
    decode(raw)
    return raw


def decode(raw: Any) -> Envelope:
    """A validated Envelope from JSON primitives (any older schema version is upgraded first)."""
    if not isinstance(raw, dict):
        raise InvalidEventError(None, {"_schema": f"an event must be a JSON object, not {type(raw).__name__}"})
    event_id = raw.get("event_id") if isinstance(raw.get("event_id"), str) else None
    raw = upgrade(raw)
    try:
        data = _ENVELOPE.load(raw)
        payload = _PAYLOADS[data["event_type"]].load(data["payload"])
    except ValidationError as error:
        prefix = "payload" if "data" in locals() else ""
        raise InvalidEventError(event_id, flatten_messages(error.messages, prefix)) from None
    return Envelope(**{**data, "payload": payload})
