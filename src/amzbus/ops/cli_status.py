"""``amzbus status``: per queue ready / delayed / in flight / dead / oldest age; per stream cursor; the
backlog of each window being read (pages read, published, left) and its catch-up ETA."""

from __future__ import annotations

import json
import time

import click

from ..bus.app import ALL_QUEUES
from ..bus.queue_stats import queue_stats
from ..consumers.fallback_products import FallbackProductLog
from ..producers.catch_up import format_seconds
from .flow_warnings import deliveries_not_confirmed, fba_unmapped_skus


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output (with --watch: one line per refresh).")
@click.option("--watch", is_flag=True, help="Refresh until interrupted (Ctrl-C).")
@click.option("--interval", default=3.0, show_default=True, help="Seconds between two refreshes with --watch.")
@click.pass_obj
def status(lazy, as_json: bool, watch: bool, interval: float) -> None:
    """Show queue depths, dead letters and stream cursors."""
    runtime = lazy.get()
    runtime.require_redis_broker("status")
    if not watch:
        _show(runtime, as_json)
        return
    try:
        while True:
            if not as_json:
                click.clear()
                click.echo(f"amzbus status, every {interval:g} s (Ctrl-C to stop) - {time.strftime('%H:%M:%S')}")
            _show(runtime, as_json, indent=None if as_json else 2)
            time.sleep(interval)
    except KeyboardInterrupt:
        return


def _show(runtime, as_json: bool, *, indent: int | None = 2) -> None:
    queues = sorted(set(ALL_QUEUES) | set(runtime.dead_letters.queues()))
    stats = [s.as_dict() for s in queue_stats(runtime.redis, namespace=runtime.namespace, queues=queues)]
    cursors = runtime.cursors.streams()
    streams = runtime.stream_health.report()
    fallbacks = FallbackProductLog(runtime.redis, namespace=runtime.namespace)
    warnings = {"fallback_product_lines": fallbacks.count(),
                "recent_fallback_products": [{"account": w.account, "amazon_order_id": w.amazon_order_id,
                                              "sku": w.sku} for w in fallbacks.recent(limit=10)]}
    backlogs = _backlogs(runtime)
    warnings["deliveries_not_confirmed"] = deliveries_not_confirmed(runtime)
    warnings["fba_unmapped_skus"] = fba_unmapped_skus(runtime)
    if as_json:
        click.echo(json.dumps({"queues": stats, "cursors": cursors, "streams": streams, "warnings": warnings,
                               "backlogs": backlogs}, indent=indent))
        return
    click.echo(f"{'queue':<12}{'ready':>8}{'delayed':>9}{'in flight':>11}{'dead':>7}{'oldest ready':>14}")
    for s in stats:
        age = f"{s['oldest_ready_age_seconds']:.0f}s" if s["oldest_ready_age_seconds"] is not None else "-"
        click.echo(f"{s['queue']:<12}{s['ready']:>8}{s['delayed']:>9}{s['in_flight']:>11}{s['dead']:>7}{age:>14}")
    for stream in sorted(set(cursors) | set(streams)):
        health = streams.get(stream, {})
        click.echo(f"stream {stream}: cursor {cursors.get(stream, '-')}, lag {health.get('lag_seconds', '-')}s, "
                   f"last success {health.get('last_success_at') or '-'}, last error {health.get('last_error') or '-'}")
    for name, backlog in backlogs.items():
        left = "?" if backlog["pages_left"] is None else backlog["pages_left"]
        click.echo(f"backlog {name}: window {backlog['window_start']} .. {backlog['window_end'] or '?'}, "
                   f"{backlog['pages_read']} page(s) read, {backlog['events_published']} event(s) published, "
                   f"~{left} page(s) left, catch-up ETA {format_seconds(backlog['eta_seconds'])}")
    if warnings["fallback_product_lines"]:
        click.echo(f"warning: {warnings['fallback_product_lines']} order line(s) in the last 30 days used the fallback "
                   "product (map their SKUs with `amzbus offers set`):")
        for w in warnings["recent_fallback_products"]:
            click.echo(f"  {w['account']} {w['amazon_order_id']} {w['sku']}")
    for account, skus in sorted(warnings["fba_unmapped_skus"].items()):
        click.echo(f"note: {len(skus)} FBA SKU(s) of {account} have no Odoo product to mirror their stock on "
                   f"(map them with `amzbus offers set`): {', '.join(skus[:10])}")
    for w in warnings["deliveries_not_confirmed"]:
        click.echo(f"warning: delivery {w['delivery']} of Amazon order {w['amazon_order_id']} ({w['account']}) is "
                   f"not confirmed to Amazon: {w['reason']}")


def _backlogs(runtime) -> dict[str, dict]:
    """Each window being read (a poll catching up, a resync): pages read, published, left, and the ETA."""
    from ..connectors.amazon.rate_limits import PUBLISHED_RATE_LIMITS
    from .window_display import describe

    seconds_per_token = 1 / PUBLISHED_RATE_LIMITS["searchOrders"].rate  # when no ETA was recorded yet
    return {name: describe(window, seconds_per_token=seconds_per_token)
            for name, window in sorted(runtime.windows.windows().items())}

