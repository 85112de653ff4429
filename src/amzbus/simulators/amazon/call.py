"""What a handler gets for one SP-API call: the request, the caller's account, the path arguments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from werkzeug.wrappers import Request

from .accounts import SellerAccount
from .faults import FaultDecision
from .responses import invalid_input

if TYPE_CHECKING:
    from .state import SimulatorState


@dataclass(frozen=True)
class Call:
    request: Request
    state: "SimulatorState"
    account: SellerAccount
    operation: str
    path_args: tuple[str, ...]
    faults: FaultDecision
    now: datetime

    def list_param(self, name: str) -> list[str]:
        """A list query parameter, sent as CSV (``a,b``) or repeated (``name=a&name=b``)."""
        return [value for raw in self.request.args.getlist(name) for value in raw.split(",") if value]

    def param(self, name: str) -> str | None:
        return self.request.args.get(name)

    def json_body(self) -> dict:
        data = self.request.get_json(silent=True, force=True)
        if not isinstance(data, dict):
            raise invalid_input("The request body must be a JSON object.")
        return data
