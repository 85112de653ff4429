"""Validating pickings: ``button_validate`` and the wizards it may open, answered in a loop.

``button_validate`` returns True or an action. Known actions (Odoo 18):

- ``stock.backorder.confirmation`` (quantities below demand): created with the action's context,
  then ``process`` (keep a backorder) or ``process_cancel_backorder``;
- ``confirm.stock.sms`` (first validation per company with a phone on the partner; avoided by the
  ``skip_sms`` context): ``dont_send_sms`` on the action's ``res_id``;
- ``ir.actions.client`` / ``ir.actions.report`` (auto-print, reception report): validation is done.

Any other wizard is a PermanentError naming it. The pickings are read back at the end: one that is
not ``done`` is a PermanentError too, so success is never assumed.
"""

from __future__ import annotations

import ast
from typing import Any, Mapping, Sequence

import structlog

from .client import OdooClient
from .errors import OdooPermanentError
from .values import ValidationOutcome

log = structlog.get_logger(__name__)

BACKORDER_WIZARD = "stock.backorder.confirmation"
SMS_WIZARD = "confirm.stock.sms"
FINISHED_ACTION_TYPES = ("ir.actions.client", "ir.actions.report", "ir.actions.act_window_close")
MAX_WIZARDS = 5


def validate_pickings(client: OdooClient, picking_ids: Sequence[int], *, create_backorder: bool = True,
                      skip_sms: bool = True, context: Mapping[str, Any] | None = None) -> ValidationOutcome:
    """Validate with the quantities already on the moves; ``create_backorder`` (True) keeps the rest to deliver
    later, False cancels it; ``skip_sms`` (True) asks Odoo not to text the customer; ``context``: more keys for
    the validation call."""
    ids = list(picking_ids)
    context = {**(context or {}), **({"skip_sms": True} if skip_sms else {})}
    result = client.execute("stock.picking", "button_validate", ids, context=context)
    answered: list[str] = []
    while _is_wizard(result):
        if len(answered) >= MAX_WIZARDS:
            raise _refused(ids, f"more than {MAX_WIZARDS} wizards in a row ({', '.join(answered)})")
        answered.append(result["res_model"])
        result = _answer(client, ids, result, create_backorder=create_backorder)
    return _check_done(client, ids, tuple(answered))


def _is_wizard(result: Any) -> bool:
    return isinstance(result, Mapping) and result.get("type") not in FINISHED_ACTION_TYPES and "res_model" in result


def _answer(client: OdooClient, ids: list[int], action: Mapping[str, Any], *, create_backorder: bool) -> Any:
    model, context = action["res_model"], action_context(action)
    if model == BACKORDER_WIZARD:
        wizard_id = client.create_one(model, {}, context=context)
        method = "process" if create_backorder else "process_cancel_backorder"
        return client.execute(model, method, [wizard_id], context=context)
    if model == SMS_WIZARD:
        wizard_id = action.get("res_id") or client.create_one(model, {}, context=context)
        return client.execute(model, "dont_send_sms", [wizard_id], context=context)
    raise _refused(ids, f"Odoo opened the wizard {model!r}, which the bus does not answer")


def action_context(action: Mapping[str, Any]) -> dict[str, Any]:
    """An action's context: a dict, or (in some actions) its Python literal text."""
    context = action.get("context") or {}
    if isinstance(context, str):
        try:
            context = ast.literal_eval(context)
        except (ValueError, SyntaxError):
            return {}
    return dict(context) if isinstance(context, Mapping) else {}


def _check_done(client: OdooClient, ids: list[int], answered: tuple[str, ...]) -> ValidationOutcome:
    rows = client.read("stock.picking", ids, ["name", "state", "backorder_ids"])
    not_done = [f"{row['name']} ({row['state']})" for row in rows if row["state"] != "done"]
    if not_done:
        raise _refused(ids, f"still not done after validation: {', '.join(not_done)}")
    backorders = tuple(sorted({backorder for row in rows for backorder in row.get("backorder_ids") or []}))
    log.info("odoo_pickings_validated", picking_ids=ids, wizards=list(answered), backorder_ids=list(backorders))
    return ValidationOutcome(tuple(ids), answered, backorders)


def _refused(ids: list[int], reason: str) -> OdooPermanentError:
    return OdooPermanentError(f"validating picking(s) {ids}: {reason}", code="odoo_validation_incomplete",
                              model="stock.picking", method="button_validate")
