"""``amzbus notifications setup|status|teardown|listen``: Amazon's ORDER_CHANGE push notifications over SQS.

The queue (``[notifications] queue_url``, ``queue_arn``) comes from the configuration; AWS credentials from
the standard AWS variables, never from the file.
"""

from __future__ import annotations

import json

import click

from ..bus.errors import BusError, ConfigError
from .stop_signals import stop_on_signals


@click.group()
def notifications() -> None:
    """Amazon ORDER_CHANGE push notifications (SQS): set up, inspect, remove, read."""


def _accounts(runtime, account: str | None, every: bool):
    if account and every:
        raise BusError("give --account A or --all, not both")
    if every:
        return [a.name for a in runtime.settings.accounts]
    if not account:
        raise BusError("give --account A (or --all)")
    runtime.settings.account(account)
    return [account]


@notifications.command()
@click.option("--account", help="The seller account to subscribe.")
@click.option("--all", "every", is_flag=True, help="Every configured account.")
@click.option("--queue-arn", help="The SQS queue's ARN (default: notifications.queue_arn).")
@click.pass_obj
def setup(lazy, account, every, queue_arn) -> None:
    """Create (or find) the application's SQS destination and subscribe the account to ORDER_CHANGE (1.0)."""
    runtime = lazy.get()
    config = runtime.settings.notifications
    arn = queue_arn or config.queue_arn
    if not arn or not arn.startswith("arn:aws:sqs:"):
        raise ConfigError("give --queue-arn arn:aws:sqs:REGION:ACCOUNT:NAME (or set notifications.queue_arn)")
    for name in _accounts(runtime, account, every):
        result = runtime.amazon_clients[name].notifications.setup(name=config.destination_name, arn=arn)
        click.echo(f"{name}: destination {result.destination.destination_id} "
                   f"({'created' if result.created_destination else 'already there'}), ORDER_CHANGE subscription "
                   f"{result.subscription.subscription_id} "
                   f"({'created' if result.created_subscription else 'already there'})")


@notifications.command()
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def status(lazy, as_json) -> None:
    """The accounts' subscriptions, the queue's depth and the age of the last notification read."""
    from ..connectors.amazon.sqs_queue import SqsQueue
    from ..producers.notification_stats import NotificationStats

    runtime = lazy.get()
    config = runtime.settings.notifications
    report: dict = {"subscriptions": {}, "queue": None}
    for account in runtime.settings.accounts:
        subscription = runtime.amazon_clients[account.name].notifications.subscription()
        report["subscriptions"][account.name] = subscription and {
            "subscription_id": subscription.subscription_id, "destination_id": subscription.destination_id,
            "payload_version": subscription.payload_version}
    if config.queue_url:
        depth = SqsQueue(config.queue_url, region=config.region, endpoint_url=config.endpoint_url).depth()
        report["queue"] = {"url": config.queue_url, **depth}
    report["readers"] = NotificationStats(runtime.redis, namespace=runtime.namespace).report()
    if as_json:
        click.echo(json.dumps(report, indent=2))
        return
    for name, subscription in report["subscriptions"].items():
        click.echo(f"{name}: " + (f"ORDER_CHANGE subscription {subscription['subscription_id']} -> destination "
                                  f"{subscription['destination_id']}" if subscription else "not subscribed"))
    queue = report["queue"]
    click.echo("queue: " + (f"{queue['url']}: {queue['visible']} waiting, {queue['in_flight']} in flight, "
                            f"{queue['delayed']} delayed" if queue else "notifications.queue_url not set"))
    readers = report["readers"]
    age = readers["last_notification_age_seconds"]
    click.echo(f"last notification: {'never' if age is None else f'{age} s ago'}; orders published from "
               f"notifications: {readers['orders_published']}; " +
               ", ".join(f"{k} {v}" for k, v in readers["counts"].items()))


@notifications.command()
@click.option("--account", help="The seller account to unsubscribe.")
@click.option("--all", "every", is_flag=True, help="Every configured account.")
@click.option("--destination", "with_destination", is_flag=True,
              help="Also delete the application's destination (every account of the application stops).")
@click.pass_obj
def teardown(lazy, account, every, with_destination) -> None:
    """Delete the account's ORDER_CHANGE subscription (and, with --destination, the destination)."""
    runtime = lazy.get()
    for name in _accounts(runtime, account, every):
        section = runtime.amazon_clients[name].notifications
        subscription = section.subscription()
        if subscription is None:
            click.echo(f"{name}: not subscribed")
        else:
            section.delete_subscription(subscription)
            click.echo(f"{name}: subscription {subscription.subscription_id} deleted")
        if with_destination:
            arn = runtime.settings.notifications.queue_arn
            for destination in section.destinations():
                if arn is None or destination.arn == arn:
                    section.delete_destination(destination.destination_id)
                    click.echo(f"{name}: destination {destination.destination_id} deleted")


@notifications.command()
@click.pass_obj
def listen(lazy) -> None:
    """Read the notifications queue until SIGTERM (the deployment's `notifications` service)."""
    from ..producers.notification_reader import build_reader, reader_queue

    runtime = lazy.get()
    queue = reader_queue(runtime)
    queue.depth()  # a wrong queue or missing AWS credentials is reported now, not looped on
    stop = stop_on_signals()
    if runtime.wait_for_broker(stop):  # Redis down at start: wait for it, like the worker
        runtime.register_consumers()
        build_reader(runtime, queue=queue).run(stop)
