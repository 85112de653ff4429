"""The dashboard's web application: the overview (refreshed by htmx), dead letters, ``/metrics``.

Built from a ``Runtime`` and the settings read at the entry point (``create_app``); every request reads
Redis afresh, so any number of workers and dashboards see the same state.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass

import redis
from flask import Flask, Response, g, redirect, render_template, request, session, url_for
from flask_wtf.csrf import CSRFProtect
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from ...bus.errors import BusError
from .collector import deployment_registry
from .dead_letter_views import dead_letters
from .history import QueueHistory, sparkline
from .overview import read_overview
from .security import SECURITY_HEADERS, needs_sign_in, token_matches


@dataclass(frozen=True)
class DashboardOptions:
    """Parameters:
      token: ``AMZBUS_DASHBOARD_TOKEN`` (None: actions are refused).
      public: bound to a non-loopback address (every page then asks for the token).
      refresh_seconds: how often the overview refreshes itself (default 5).
    """

    token: str | None = None
    public: bool = False
    refresh_seconds: float = 5.0


def create_app(runtime, options: DashboardOptions) -> Flask:
    app = Flask(__name__)
    app.config.update(SECRET_KEY=secrets.token_hex(32), SESSION_COOKIE_SAMESITE="Strict",
                      SESSION_COOKIE_HTTPONLY=True, WTF_CSRF_TIME_LIMIT=None)
    CSRFProtect(app)
    app.extensions["amzbus"] = {"runtime": runtime, "options": options,
                                "history": QueueHistory(runtime.redis, namespace=runtime.namespace),
                                "metrics": deployment_registry(runtime)}
    app.jinja_env.globals.update(sparkline=sparkline, age=_age, now=_now)
    app.register_blueprint(dead_letters)
    _routes(app)
    return app


def _routes(app: Flask) -> None:
    @app.before_request
    def guard():
        g.amzbus = app.extensions["amzbus"]
        g.options = g.amzbus["options"]
        if needs_sign_in(request.path, public=g.options.public, signed_in=session.get("signed_in", False)):
            return redirect(url_for("sign_in", next=request.full_path))

    @app.errorhandler(BusError)
    def bus_error(error):
        return render_template("error.html", message=str(error)), 400

    @app.errorhandler(redis.RedisError)
    def redis_down(error):
        """Shown in place of the panels too (htmx swaps 5xx answers in): stale numbers never pass for live."""
        message = f"Redis is not reachable, so nothing here is current: {error}"
        return render_template("_error_panel.html" if request.path == "/panels" else "error.html",
                               message=message), 503

    @app.after_request
    def headers(response):
        response.headers.update(SECURITY_HEADERS)
        return response

    @app.get("/")
    def overview():
        return render_template("overview.html", data=_overview(), options=g.options)

    @app.get("/panels")
    def panels():
        return render_template("_panels.html", data=_overview(), options=g.options)

    @app.get("/metrics")
    def metrics():
        return Response(generate_latest(g.amzbus["metrics"]), content_type=CONTENT_TYPE_LATEST)

    @app.get("/healthz")
    def healthz():
        g.amzbus["runtime"].redis.ping()
        return {"ok": True}

    @app.route("/sign-in", methods=["GET", "POST"])
    def sign_in():
        error = None
        if request.method == "POST":
            if token_matches(g.options.token, request.form.get("token")):
                session["signed_in"] = True
                target = request.args.get("next", "/")
                return redirect(target if target.startswith("/") and not target.startswith("//") else "/")
            error = "That is not the dashboard token."
        return render_template("sign_in.html", error=error), 401 if error else 200


def _overview():
    return read_overview(g.amzbus["runtime"], g.amzbus["history"])


def _age(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    for unit, size in (("d", 86_400), ("h", 3_600), ("min", 60)):
        if seconds >= size:
            return f"{seconds / size:.1f} {unit}"
    return f"{seconds:.0f} s"


def _now() -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())
