"""Wiring from the configuration to the bus's parts, done once at the entry point and passed down."""

from __future__ import annotations

import importlib
import os
import threading
from functools import cached_property

from ..bus.app import QUEUES, Bus
from ..bus.broker import BrokerParts, check_reachable, make_broker, state_redis
from ..bus.broker_outage import BROKER_UNREACHABLE
from ..bus.cursors import Cursors
from ..bus.dead_letters import DeadLetters
from ..bus.errors import ConfigError
from ..bus.failures import FailureStore
from ..bus.idempotency import IdempotencyStore
from ..bus.locks import Locks
from ..bus.rate_limiter import RateLimiter
from ..bus.stream_health import StreamHealth
from ..bus.offer_table import OfferTable
from ..bus.settings import Settings
from ..bus.stranded import StrandedMessages
from ..bus.window_progress import WindowProgressStore



class Runtime:
    def __init__(self, settings: Settings, *, environ=os.environ) -> None:
        self.settings = settings
        self.environ = environ
        self._producers: dict[str, object] = {}
        self._producers_lock = threading.Lock()

    @property
    def namespace(self) -> str:
        return self.settings.bus.namespace

    @property
    def ttl_seconds(self) -> int:
        return self.settings.bus.dead_letter_ttl_days * 86_400

    @cached_property
    def parts(self) -> BrokerParts:
        """The broker and the bus state's Redis, checked once (a command fails fast when Redis is down)."""
        check_reachable(self._unchecked_parts)
        return self._unchecked_parts

    @cached_property
    def _unchecked_parts(self) -> BrokerParts:
        return make_broker(self.settings.bus)

    def wait_for_broker(self, stop: threading.Event) -> bool:
        """For the long-running processes: wait until the bus state's Redis answers (logged once);
        False if ``stop`` was set first."""
        parts = self._unchecked_parts
        try:
            parts.outage.until_recorded("reach Redis at start", parts.redis.ping, stop=stop)
        except BROKER_UNREACHABLE:
            return False
        return True

    @cached_property
    def redis(self):
        """The bus state's Redis, without creating a broker (ops commands must not heartbeat).

        With the embedded (stub) broker the state lives in this process, next to the broker.
        """
        if self.settings.bus.broker_url.startswith("stub://"):
            return self.parts.redis
        redis = state_redis(self.settings.bus)
        check_reachable(BrokerParts(broker=None, redis=redis, kind="redis"))
        return redis

    def require_redis_broker(self, what: str) -> None:
        if not self.settings.bus.broker_url.startswith(("redis://", "rediss://")):
            scheme = self.settings.bus.broker_url.split("://")[0]
            raise ConfigError(f"{what} works on the Redis broker; this configuration uses {scheme}://")

    @cached_property
    def bus(self) -> Bus:
        return Bus(self.parts)

    @cached_property
    def failures(self) -> FailureStore:
        return FailureStore(self.redis, namespace=self.namespace, ttl_seconds=self.ttl_seconds)

    @cached_property
    def dead_letters(self) -> DeadLetters:
        self.require_redis_broker("the dead-letter commands")
        return DeadLetters(self.redis, namespace=self.namespace, failures=self.failures, ttl_seconds=self.ttl_seconds,
                           claims=IdempotencyStore(self.redis, namespace=self.namespace,
                                                   done_ttl_seconds=self.ttl_seconds))

    @cached_property
    def stranded(self) -> StrandedMessages:
        self.require_redis_broker("rescue")
        return StrandedMessages(self.redis, namespace=self.namespace,
                                heartbeat_timeout_ms=self.settings.bus.heartbeat_timeout_ms)

    @cached_property
    def offer_table(self) -> OfferTable:
        return OfferTable(self.redis, namespace=self.namespace)

    @cached_property
    def cursors(self) -> Cursors:
        return Cursors(self.redis, namespace=self.namespace)

    @cached_property
    def locks(self) -> Locks:
        return Locks(self.redis, namespace=self.namespace)

    @cached_property
    def stream_health(self) -> StreamHealth:
        return StreamHealth(self.redis, namespace=self.namespace)

    @cached_property
    def windows(self) -> WindowProgressStore:
        return WindowProgressStore(self.redis, namespace=self.namespace)

    def _continue_orders_poll(self, account: str, continuation: str, delay_seconds: float) -> None:
        from ..producers.tasks import continue_orders_poll

        continue_orders_poll(self.bus, account, continuation, delay_seconds,
                             max_age_seconds=2 * self.settings.scheduler.orders_seconds)

    @cached_property
    def rate_limiter(self) -> RateLimiter:
        return RateLimiter(self.redis, namespace=self.namespace)

    @cached_property
    def amazon_clients(self) -> dict:
        from ..connectors.amazon import amazon_clients

        return amazon_clients(self.settings, self.environ, limiter=self.rate_limiter)

    @cached_property
    def odoo_client(self):
        """The Odoo client (the secret is read from the environment variable the configuration names)."""
        from ..connectors.odoo import OdooClient

        if self.settings.odoo is None:
            raise ConfigError(f"{self.settings.source}: no [odoo] section: the bus cannot reach Odoo")
        odoo = self.settings.odoo
        return OdooClient(odoo, lambda: odoo.secret(self.environ))

    def orders_producer(self, account: str):
        """The orders stream of one account (built once per process)."""
        from ..producers.amazon_orders import AmazonOrdersProducer

        with self._producers_lock:
            if account not in self._producers:
                self.settings.account(account)
                self._producers[account] = AmazonOrdersProducer(
                    client=self.amazon_clients[account], publish=self.bus.publish, cursors=self.cursors,
                    locks=self.locks, health=self.stream_health, marketplaces=self.settings.marketplaces,
                    windows=self.windows,
                    hand_over_unmappable=lambda name, order: self.bus.send_task("map_amazon_order", name, order),
                    continue_later=self._continue_orders_poll)
            return self._producers[account]

    def shipments_producer(self, account: str):
        """The Odoo shipments stream of one account (built once per process)."""
        from ..bus.fbm_orders import FbmOrders
        from ..bus.shipment_state import ConfirmedPackages, DeliveryWarnings
        from ..producers.odoo_shipments import OdooShipmentsProducer

        with self._producers_lock:
            key = f"shipments:{account}"
            if key not in self._producers:
                self._producers[key] = OdooShipmentsProducer(
                    odoo=self.odoo_client, account=self.settings.account(account), publish=self.bus.publish,
                    cursors=self.cursors, locks=self.locks, health=self.stream_health,
                    fbm_orders=FbmOrders(self.redis, namespace=self.namespace),
                    confirmed=ConfirmedPackages(self.redis, namespace=self.namespace),
                    warnings=DeliveryWarnings(self.redis, namespace=self.namespace))
            return self._producers[key]

    def stock_producer(self, account: str):
        """The Odoo stock stream of one account (built once per process)."""
        from ..bus.stock_state import FbaSkus, StockVersions
        from ..producers.odoo_stock import OdooStockProducer

        with self._producers_lock:
            key = f"stock:{account}"
            if key not in self._producers:
                self._producers[key] = OdooStockProducer(
                    odoo=self.odoo_client, account=self.settings.account(account), publish=self.bus.publish,
                    cursors=self.cursors, locks=self.locks, health=self.stream_health, offer_table=self.offer_table,
                    versions=StockVersions(self.redis, namespace=self.namespace),
                    fba_skus=FbaSkus(self.redis, namespace=self.namespace))
            return self._producers[key]

    def fba_inventory_producer(self, account: str):
        """The Amazon FBA inventory stream of one account (built once per process)."""
        from datetime import timedelta

        from ..bus.stock_state import FbaSkus
        from ..producers.amazon_fba_inventory import AmazonFbaInventoryProducer

        with self._producers_lock:
            key = f"fba_inventory:{account}"
            if key not in self._producers:
                self.settings.account(account)
                self._producers[key] = AmazonFbaInventoryProducer(
                    client=self.amazon_clients[account], publish=self.bus.publish, cursors=self.cursors,
                    locks=self.locks, health=self.stream_health, fba_skus=FbaSkus(self.redis, namespace=self.namespace),
                    full_every=timedelta(seconds=self.settings.scheduler.fba_inventory_full_seconds))
            return self._producers[key]

    def register_consumers(self, specs: tuple[str, ...] = ()) -> list[str]:
        """Subscribe the bus's consumers and tasks, and those named by ``module:function`` specs
        (each called with the bus and the settings)."""
        from .. import consumers
        from ..producers import tasks

        tasks.register(self.bus, self)
        consumers.register(self.bus, self)
        for spec in specs:
            module_name, _, function_name = spec.partition(":")
            try:
                register = getattr(importlib.import_module(module_name), function_name or "register")
            except (ImportError, AttributeError) as error:
                raise ConfigError(f"cannot load consumers {spec!r}: {error}") from None
            register(self.bus, self.settings)
        return sorted(self.bus.broker.actors)


__all__ = ["Runtime", "QUEUES"]
