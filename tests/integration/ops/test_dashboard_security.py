"""Who may see and do what on the dashboard: loopback reads, token and CSRF on every action, no open network."""

from __future__ import annotations

import pytest
from bus_test_consumers import mode_key
from bus_testing import amzbus
from dashboard_testing import Visitor, running_dashboard

from amzbus.bus.errors import ConfigError
from amzbus.ops.dashboard.server import DashboardServer

TOKEN = "s3cret-dashboard-token-9d2e"


@pytest.fixture
def dead_letter(make_dead_letters):
    """One dead letter on to_amazon (a consumer refused its event), and the worker that refused it."""
    return make_dead_letters()[0]


def confirm_replay(visitor: Visitor, letter_id: str):
    page = visitor.get("/dead-letters/confirm", action="replay", ids=letter_id)
    assert page.status_code == 200
    return page


def test_binding_beyond_loopback_without_a_token_is_refused_with_a_clear_error(config_file):
    with pytest.raises(ConfigError, match="binding to 0.0.0.0 .* needs AMZBUS_DASHBOARD_TOKEN"):
        DashboardServer(object(), host="0.0.0.0", port=0, token=None)
    result = amzbus("dashboard", "--host", "0.0.0.0", "--port", "0", config=config_file)
    assert result.returncode == 1
    assert "amzbus: error: dashboard: binding to 0.0.0.0 (not a loopback address) needs AMZBUS_DASHBOARD_TOKEN" \
        in result.stderr


def test_on_loopback_pages_are_open_but_actions_without_a_configured_token_are_refused(
        config_file, dead_letter, runtime):
    with running_dashboard(config_file, token=None) as dashboard:
        visitor = Visitor(dashboard.url)
        assert visitor.get("/").status_code == 200
        assert dead_letter.event_id in visitor.get("/dead-letters").text
        page = confirm_replay(visitor, dead_letter.id)
        assert "Actions need AMZBUS_DASHBOARD_TOKEN" in page.text and 'name="token"' not in page.text
        visitor.get("/")  # a page with a form is needed for a CSRF token: the sign-in form is not shown here
        refused = visitor.post("/dead-letters/replay", {"ids": dead_letter.id, "token": ""}, csrf=False)
        assert refused.status_code == 400  # no CSRF token
    assert [d.id for d in runtime.dead_letters.list()] == [dead_letter.id]


def test_an_action_needs_both_the_csrf_token_and_the_dashboard_token(
        config_file, namespace, redis_client, dead_letter, runtime):
    letters = runtime.dead_letters
    with running_dashboard(config_file, token=TOKEN) as dashboard:
        visitor = Visitor(dashboard.url)
        confirm_replay(visitor, dead_letter.id)
        # Without the CSRF token (a forged cross-site form): refused
        forged = visitor.post("/dead-letters/replay", {"ids": dead_letter.id, "token": TOKEN}, csrf=False)
        assert forged.status_code == 400 and "CSRF" in forged.text
        # With a wrong dashboard token: refused, and said so
        wrong = visitor.post("/dead-letters/replay", {"ids": dead_letter.id, "token": "guess"})
        assert wrong.status_code == 403 and "the dashboard token is wrong" in wrong.text
        assert [d.id for d in letters.list()] == [dead_letter.id]
        # With both (and the cause fixed): replayed, and applied
        redis_client.set(mode_key(namespace, dead_letter.payload[0]["payload"]["sku"]), "ok")
        done = visitor.post("/dead-letters/replay", {"ids": dead_letter.id, "token": TOKEN})
        assert done.status_code == 302
        assert "1 dead letter(s) replayed" in visitor.get("/dead-letters").text
    assert letters.list() == []


def test_beyond_loopback_every_page_but_metrics_asks_for_the_token_once(config_file):
    with running_dashboard(config_file, host="0.0.0.0", token=TOKEN) as dashboard:
        visitor = Visitor(f"http://127.0.0.1:{dashboard.port}")
        assert visitor.get("/").status_code == 302
        assert visitor.get("/dead-letters").headers["Location"].startswith("/sign-in")
        assert visitor.get("/metrics").status_code == 200
        visitor.get("/sign-in")
        assert visitor.post("/sign-in", {"token": "guess"}).status_code == 401
        assert visitor.post("/sign-in?next=/dead-letters", {"token": TOKEN}).headers["Location"] == "/dead-letters"
        page = visitor.get("/")
        assert page.status_code == 200
        assert page.headers["X-Frame-Options"] == "DENY" and "default-src 'self'" in page.headers[
            "Content-Security-Policy"]
