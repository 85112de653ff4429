"""Dead letters on the dashboard: a filtered list, one letter's details, replay and purge after a confirmation.

Listing, showing, replaying and purging are ``bus/dead_letters.py``'s, exactly as ``amzbus dlq`` uses them;
this module only turns requests into its calls. A selection is either letter ids or a filter (queue, event
type, account, dead-lettered from/until a date); a filter is resolved again when the action runs, so the
confirmation shows what will be done and the action does what the filter matches then.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for

from ...bus.errors import BusError, NotFoundError
from ...schemas.envelope import PAYLOAD_SCHEMAS
from ..cli_values import parse_when
from .security import token_matches

dead_letters = Blueprint("dead_letters", __name__, url_prefix="/dead-letters")
FILTERS = ("queue", "event_type", "account", "since", "until")
ACTIONS = ("replay", "purge")
PAGE = 500  # rows listed; a filter narrows them, and acting on the filter reaches them all


def _letters():
    return g.amzbus["runtime"].dead_letters


def _filters(source) -> dict[str, str]:
    return {name: source[name] for name in FILTERS if source.get(name)}


def _matching(filters: dict[str, str]):
    until = parse_when(filters.get("until"), "until")
    if until is not None and len(filters["until"]) == 10:  # a date: the whole day
        until += timedelta(days=1)
    return _letters().list(queue=filters.get("queue"), event_type=filters.get("event_type"),
                           account=filters.get("account"), since=parse_when(filters.get("since"), "since"),
                           until=until)


@dead_letters.get("")
def index():
    filters = _filters(request.args)
    try:
        letters, error = _matching(filters), None
    except BusError as failure:
        letters, error = [], str(failure)
    return render_template("dead_letters.html", letters=[d.summary() for d in letters[:PAGE]], total=len(letters),
                           filters=filters, queues=_letters().queues(), event_types=sorted(PAYLOAD_SCHEMAS),
                           accounts=[a.name for a in g.amzbus["runtime"].settings.accounts], error=error)


@dead_letters.get("/<letter_id>")
def show(letter_id: str):
    try:
        details = _letters().show(letter_id).details()
    except NotFoundError:
        abort(404)
    return render_template("dead_letter.html", letter=details)


@dead_letters.get("/confirm")
def confirm():
    action, ids, filters = _selection(request.args)
    letters = [d.summary() for d in (_matching(filters) if not ids else _known(ids))]
    return render_template("confirm.html", action=action, ids=ids, filters=filters, letters=letters,
                           token_configured=bool(g.options.token))


@dead_letters.post("/<action>")
def act(action: str):
    action, ids, filters = _selection(request.form, action=action)
    if not token_matches(g.options.token, request.form.get("token")):
        why = ("the dashboard token is wrong" if g.options.token
               else "actions need AMZBUS_DASHBOARD_TOKEN set when the dashboard starts (or use `amzbus dlq`)")
        return render_template("confirm.html", action=action, ids=ids, filters=filters, error=why,
                               letters=[d.summary() for d in (_matching(filters) if not ids else _known(ids))],
                               token_configured=bool(g.options.token)), 403
    selected = ids or [d.id for d in _matching(filters)]
    if action == "replay":
        results = _letters().replay(selected)
        flash(f"{sum(r.replayed for r in results)} dead letter(s) replayed"
              + "".join(f"; {r.id}: {r.note}" for r in results if not r.replayed))
    else:
        flash(f"{_letters().purge(selected)} dead letter(s) purged")
    return redirect(url_for("dead_letters.index"))


def _selection(source, *, action: str | None = None) -> tuple[str, list[str], dict[str, str]]:
    action = action or source.get("action")
    if action not in ACTIONS:
        abort(404)
    ids = [i for i in source.getlist("ids") if i]
    filters = _filters(source)
    if not ids and source.get("scope") != "filter":
        abort(400, "select dead letters, or act on the filter")
    return action, ids, ({} if ids else filters)


def _known(ids: list[str]):
    found = []
    for letter_id in ids:
        try:
            found.append(_letters().show(letter_id))
        except NotFoundError:
            continue
    return found
