"""What the dashboard shows and does, over HTTP: dead letters filtered, shown masked, purged by a filter after a
confirmation; the overview's panels; the deployment's /metrics parsed by prometheus-client's parser."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
from bus_testing import wait_for, write_config
from dashboard_testing import Visitor, running_dashboard
from metrics_testing import Exposition
from private_redis import private_redis  # noqa: F401  (a fixture)

from amzbus.consumers.fallback_products import FallbackProductLog
from amzbus.ops.dashboard import warnings

TOKEN = "pages-token-1c9a"
PERSONAL = ("Jane Doe", "jane.doe@example.com", "Rivoli", "+33 6 12 34 56 78", "Bon anniversaire")


@pytest.fixture
def two_dead_letters(make_dead_letters):
    return make_dead_letters(orders=("302-7777777-0000009",))


def rows(page: str) -> list[str]:
    """The event types of the dead-letter rows of a page."""
    return re.findall(r'<tr data-id="[^"]+">.*?<td>[^<]*</td><td>[^<]*</td><td>([^<]*)</td>', page, re.S)


def test_dead_letters_are_filtered_and_shown_without_personal_data(config_file, two_dead_letters):
    order = next(d for d in two_dead_letters if d.event_type == "OrderPlaced")
    today = datetime.now(timezone.utc).date()
    with running_dashboard(config_file) as dashboard:
        visitor = Visitor(dashboard.url)
        # Filters by queue, event type, account and date
        assert rows(visitor.get("/dead-letters", queue="to_amazon").text) == ["StockChanged"]
        assert rows(visitor.get("/dead-letters", event_type="OrderPlaced", account="eu-main").text) == ["OrderPlaced"]
        assert "no dead letters match" in visitor.get("/dead-letters", account="nobody").text
        assert "no dead letters match" in visitor.get("/dead-letters", until=str(today - timedelta(days=1))).text
        assert len(rows(visitor.get("/dead-letters", since=str(today), until=str(today)).text)) == 2
        assert "not an ISO-8601 date" in visitor.get("/dead-letters", since="yesterday").text
        # The detail view: final error, attempts, traceback, payload masked
        page = visitor.get(f"/dead-letters/{order.id}").text
        assert "the country is missing" in page and "PermanentError" in page and "Traceback" in page
        assert "302-7777777-0000009" in page
        for text in (page, visitor.get("/dead-letters").text):
            assert not [p for p in PERSONAL if p in text]
        assert visitor.get("/dead-letters/no-such-id").status_code == 404


def test_purge_by_filter_asks_first_then_purges_what_the_filter_matches(config_file, two_dead_letters, runtime):
    with running_dashboard(config_file, token=TOKEN) as dashboard:
        visitor = Visitor(dashboard.url)
        # When the operator asks to purge every dead letter of the to_odoo queue
        confirm = visitor.get("/dead-letters/confirm", action="purge", scope="filter", queue="to_odoo")
        # Then the confirmation names what will go, and nothing went yet
        assert "Purge 1 dead letter(s)?" in confirm.text and "302-7777777-0000009" in confirm.text
        assert len(runtime.dead_letters.list()) == 2
        # When confirmed with the token
        done = visitor.post("/dead-letters/purge", {"scope": "filter", "queue": "to_odoo", "token": TOKEN})
        # Then only the letters the filter matched are purged
        assert done.status_code == 302 and "1 dead letter(s) purged" in visitor.get("/dead-letters").text
        assert [d.queue for d in runtime.dead_letters.list()] == ["to_amazon"]


def test_the_overview_shows_queues_streams_limits_workers_and_warnings(config_file, runtime, start_worker):
    # Given a live worker, a stream that succeeded 20 minutes behind, a limiter bucket and a fallback-product line
    start_worker(config_file)
    runtime.stream_health.succeeded("amazon:eu-main:orders", cursor=datetime.now(timezone.utc) - timedelta(minutes=20))
    runtime.rate_limiter.stats.throttled("eu-main:getOrder")
    FallbackProductLog(runtime.redis, namespace=runtime.namespace).record("eu-main", "302-7777777-0000010",
                                                                         ["MUG-BLUE"])
    with running_dashboard(config_file) as dashboard:
        visitor = Visitor(dashboard.url)
        page = wait_for(lambda: "alive" in (text := visitor.get("/panels").text) and text, message="a live worker")
        assert 'data-queue="to_odoo"' in page and "amazon:eu-main:orders" in page
        assert re.search(r"\b20\.\d min", page)  # the lag, read some seconds after it was set
        assert "getOrder" in page and "MUG-BLUE" in page and "Unmapped SKUs" in page
        assert 'hx-trigger="every 5s"' in visitor.get("/").text
        # And /metrics says the same in Prometheus' format
        metrics = Exposition.scrape(dashboard.url + "/metrics")
        assert metrics.value("amzbus_dead_letters", queue="to_odoo") == 0
        assert metrics.value("amzbus_queue_messages", queue="to_amazon", state="ready") == 0
        assert 1190 < metrics.value("amzbus_stream_lag_seconds", stream="amazon:eu-main:orders") < 1260
        assert metrics.value("amzbus_workers", state="alive") == 1
        assert metrics.value("amzbus_workers", state="missing") == 0


def test_metrics_count_dead_letters_and_a_worker_that_died(config_file, two_dead_letters, start_worker):
    # Given two dead letters, and a second worker killed without stopping
    victim = start_worker(config_file)
    with running_dashboard(config_file) as dashboard:
        wait_for(lambda: Exposition.scrape(dashboard.url + "/metrics").value("amzbus_workers", state="alive") == 2,
                 message="two live workers")
        victim.kill()
        # Then, after the heartbeat timeout, /metrics says one worker is missing
        metrics = wait_for(lambda: (m := Exposition.scrape(dashboard.url + "/metrics")).value(
            "amzbus_workers", state="missing") == 1 and m, timeout=20, interval=0.3, message="a missing worker")
        assert metrics.value("amzbus_workers", state="alive") == 1
        assert metrics.value("amzbus_dead_letters", queue="to_odoo") == 1
        assert metrics.value("amzbus_dead_letters", queue="to_amazon") == 1
        assert metrics.value("amzbus_dead_letters") == 2


def test_while_redis_is_down_the_panels_say_so_instead_of_showing_stale_numbers(private_redis, tmp_path, namespace):
    # Given a dashboard on a Redis that then stops
    config = write_config(tmp_path / "private.toml", broker_url=private_redis.url, namespace=namespace)
    with running_dashboard(config) as dashboard:
        visitor = Visitor(dashboard.url)
        assert visitor.get("/panels").status_code == 200
        private_redis.stop()
        # Then the panels answer 503 with the reason (htmx swaps it in), and so do the other pages
        down = visitor.get("/panels")
        assert down.status_code == 503 and "Redis is not reachable, so nothing here is current" in down.text
        assert visitor.get("/dead-letters").status_code == 503
        # And when Redis is back, so are the numbers
        private_redis.start()
        assert wait_for(lambda: visitor.get("/panels").status_code == 200, message="the panels back")


def test_a_flow_adds_its_own_warnings_to_the_panel(config_file, runtime):
    # Given the shipments flow's source of warnings (as that flow registers it)
    def deliveries_without_tracking(seen_runtime):
        if seen_runtime.namespace != runtime.namespace:
            return []
        return [warnings.Warning("Deliveries validated without a tracking number", 2,
                                 "Add the tracking number in Odoo; the shipment is confirmed to Amazon then.",
                                 ["WH/OUT/00042", "WH/OUT/00043"])]
    warnings.register_source(deliveries_without_tracking)
    try:
        with running_dashboard(config_file) as dashboard:
            page = Visitor(dashboard.url).get("/panels").text
    finally:
        warnings.remove_source(deliveries_without_tracking)
    # Then the panel shows it, with its advice and examples
    assert "Deliveries validated without a tracking number: <strong>2</strong>" in page
    assert "WH/OUT/00043" in page
