"""A Dramatiq broker from a URL, with the bus's middleware stack.

``redis://`` (default), ``amqp://`` (RabbitMQ), ``stub://`` (in-process: unit tests and the embedded
demo). Redis also keeps the bus's own state (idempotency claims, failure records, cursors, locks,
rate limits); with ``amqp://`` that state still lives in Redis, and with ``stub://`` in an
in-process Redis (fakeredis).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import dramatiq
import redis as redis_lib
from dramatiq.brokers.rabbitmq import RabbitmqBroker
from dramatiq.brokers.stub import StubBroker
from dramatiq.middleware import AgeLimit, CurrentMessage, ShutdownNotifications, TimeLimit

from .broker_outage import BrokerOutage
from .errors import ConfigError, RetryableError
from .failures import FailureStore
from .idempotency import IdempotencyStore
from .middleware.failure_recorder import FailureRecorder
from .middleware.idempotency import Idempotency
from .middleware.log_context import LogContext
from .middleware.metrics import Metrics
from .middleware.retries import Retries
from .redis_broker import RedisBroker
from .settings import BusSettings

DAY_MS = 86_400_000


@dataclass(frozen=True)
class BrokerParts:
    broker: dramatiq.Broker
    redis: redis_lib.Redis
    kind: str
    outage: BrokerOutage = field(default_factory=BrokerOutage)


def state_redis(settings: BusSettings) -> redis_lib.Redis:
    """The Redis that holds the bus's own state (in-process for ``stub://``)."""
    url = settings.state_redis_url
    if url.startswith("stub://"):
        import fakeredis

        return fakeredis.FakeRedis(server=fakeredis.FakeServer())
    if not url.startswith(("redis://", "rediss://")):
        raise ConfigError(f"bus state needs a Redis URL (redis://...), got {url.split('://')[0]}://")
    return redis_lib.Redis.from_url(url, socket_connect_timeout=5, socket_keepalive=True)


def make_broker(settings: BusSettings) -> BrokerParts:
    """Build the broker named by ``settings.broker_url`` and install the middleware stack."""
    url = settings.broker_url
    scheme = url.split("://", 1)[0]
    redis = state_redis(settings)
    outage = BrokerOutage()
    middleware = _middleware(settings, redis, outage)
    if scheme in ("redis", "rediss"):
        broker = RedisBroker(client=redis, namespace=settings.namespace, middleware=middleware,
                             dead_message_ttl=settings.dead_letter_ttl_days * DAY_MS,
                             heartbeat_timeout=settings.heartbeat_timeout_ms)
    elif scheme in ("amqp", "amqps"):
        broker = RabbitmqBroker(url=url, middleware=middleware, confirm_delivery=True)
    elif scheme == "stub":
        broker = StubBroker(middleware=middleware)
    else:
        raise ConfigError(f"bus.broker_url: unsupported scheme {scheme}:// (use redis://, amqp:// or stub://)")
    for queue in ("to_odoo", "to_amazon", "polls"):
        broker.declare_queue(queue)
    return BrokerParts(broker=broker, redis=redis, kind={"rediss": "redis", "amqps": "amqp"}.get(scheme, scheme),
                       outage=outage)


def _middleware(settings: BusSettings, redis, outage: BrokerOutage) -> list:
    """Dramatiq calls the ``after_*`` hooks in reverse order: ``TimeLimit`` comes last so that its
    deadline is lifted before the bus's middleware waits out a broker outage (an exception raised into
    that wait would be swallowed by Dramatiq, and the message acknowledged)."""
    ttl_seconds = settings.dead_letter_ttl_days * 86_400
    return [
        Metrics(),  # first: its after_* hooks run last (Dramatiq calls them in reverse), once outcomes are decided
        AgeLimit(),
        ShutdownNotifications(),
        CurrentMessage(),
        LogContext(),
        Idempotency(store=IdempotencyStore(redis, namespace=settings.namespace, done_ttl_seconds=ttl_seconds),
                    outage=outage),
        FailureRecorder(store=FailureStore(redis, namespace=settings.namespace, ttl_seconds=ttl_seconds),
                        outage=outage),
        Retries(max_retries=settings.max_retries, min_backoff=settings.min_backoff_ms,
                max_backoff=settings.max_backoff_ms, outage=outage),
        TimeLimit(time_limit=15 * 60_000),
    ]


def check_reachable(parts: BrokerParts) -> None:
    """Fail fast, in one line, when the broker's Redis does not answer."""
    try:
        parts.redis.ping()
    except redis_lib.RedisError as error:
        raise RetryableError(f"Redis is not reachable: {error}", code="BrokerUnreachable") from None
