"""Amazon pushing ORDER_CHANGE notifications to the subscribed sellers' SQS queues.

A background thread lets the simulated Amazon's time pass (``state.advance()``, so orders change even when
nobody calls the API) and notices every order whose status changed. For a subscribed seller it sends the
notification (Amazon's shape, ``order_change_message``) to the destination's queue, through boto3 at the SQS
endpoint it is given (a local stand-in; the queue is found from the destination's ARN), after a small delay;
some are sent twice (SQS is at-least-once) and, when asked (``drop_rate``), some never (delivery is best-effort).

It also records when each order became eligible (FBM Unshipped, FBA Shipped), wall-clock to the millisecond
(within one scan, 0.1 s, of the change), for latency reports; it scans only once pushing has started.
"""

from __future__ import annotations

import heapq
import json
import random
import threading
import time
from datetime import datetime, timezone
from dataclasses import dataclass, field
from typing import Any

import boto3
import structlog

from .order_change_message import order_change_message, summary_status

log = structlog.get_logger(__name__)


@dataclass
class PushSettings:
    sqs_endpoint: str | None = None
    delay_seconds: tuple[float, float] = (0.2, 1.5)
    duplicate_rate: float = 0.1
    drop_rate: float = 0.0

    def update(self, values: dict[str, Any]) -> None:
        if "sqs_endpoint" in values:
            self.sqs_endpoint = values["sqs_endpoint"] or None
        if "delay_seconds" in values:
            low, high = (float(v) for v in values["delay_seconds"])
            if not 0 <= low <= high:
                raise ValueError("delay_seconds must be [low, high] with 0 <= low <= high")
            self.delay_seconds = (low, high)
        for rate in ("duplicate_rate", "drop_rate"):
            if rate in values:
                value = float(values[rate])
                if not 0 <= value <= 1:
                    raise ValueError(f"{rate} must be between 0 and 1")
                setattr(self, rate, value)


@dataclass
class PushCounts:
    sent: int = 0
    duplicated: int = 0
    dropped: int = 0
    failed: int = 0
    eligible_at: dict[str, str] = field(default_factory=dict)


class NotificationPush:
    def __init__(self, state, *, seed: int = 1, interval_seconds: float = 0.1) -> None:
        self.state, self.settings, self.counts = state, PushSettings(), PushCounts()
        self._random = random.Random(seed)
        self._interval = interval_seconds
        self._seen: dict[str, tuple[str, Any]] = {}
        self._outbox: list[tuple[float, int, str, str]] = []  # (due, sequence, arn, body)
        self._sequence = 0
        self._clients: dict[str, Any] = {}
        self._queue_urls: dict[str, str] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            with self.state.lock:
                self._seen = {o.order_id: (o.status, o.last_updated) for o in self.state.orders.all()}
            self._thread = threading.Thread(target=self._run, name="amazon-simulator-push", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def report(self) -> dict[str, Any]:
        with self.state.lock:
            return {"sqs_endpoint": self.settings.sqs_endpoint, "sent": self.counts.sent,
                    "duplicated": self.counts.duplicated, "dropped": self.counts.dropped,
                    "failed": self.counts.failed, "waiting": len(self._outbox),
                    "eligible_at": dict(self.counts.eligible_at)}

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            try:
                self._scan()
                self._send_due()
            except Exception:  # a broken queue must not stop Amazon's time
                log.exception("simulator_push_failed")

    def _scan(self) -> None:
        with self.state.lock:
            self.state.advance()
            now = time.monotonic()
            for order in self.state.orders.all():
                mark = (order.status, order.last_updated)
                if self._seen.get(order.order_id) == mark:
                    continue
                self._seen[order.order_id] = mark
                self._note_eligibility(order)
                self._plan(order, now)

    def _note_eligibility(self, order) -> None:
        eligible = summary_status(order) in (("Shipped",) if order.is_fba else ("Unshipped", "PartiallyShipped", "Shipped"))
        if eligible and order.order_id not in self.counts.eligible_at:  # seen within one scan of the change
            self.counts.eligible_at[order.order_id] = datetime.now(timezone.utc).isoformat(timespec="milliseconds")

    def _plan(self, order, now: float) -> None:
        subscribed = self.state.notifications.subscribed(order.seller_id)
        if subscribed is None or not self.settings.sqs_endpoint:
            return
        subscription, destination = subscribed
        if self._random.random() < self.settings.drop_rate:
            self.counts.dropped += 1
            return
        body = json.dumps(order_change_message(order, subscription_id=subscription["subscriptionId"],
                                               application_id=self._application(order), at=self.state.clock.now()))
        copies = 2 if self._random.random() < self.settings.duplicate_rate else 1
        self.counts.duplicated += copies - 1
        for _ in range(copies):
            self._sequence += 1
            heapq.heappush(self._outbox, (now + self._random.uniform(*self.settings.delay_seconds),
                                          self._sequence, destination["arn"], body))

    def _application(self, order) -> str:
        return self.state.accounts.by_seller(order.seller_id).lwa_client_id

    def _send_due(self) -> None:
        while True:
            with self.state.lock:
                if not self._outbox or self._outbox[0][0] > time.monotonic():
                    return
                _, _, arn, body = heapq.heappop(self._outbox)
                endpoint = self.settings.sqs_endpoint
            try:
                self._send(endpoint, arn, body)
                with self.state.lock:
                    self.counts.sent += 1
            except Exception as error:
                with self.state.lock:
                    self.counts.failed += 1
                log.warning("simulator_push_not_delivered", arn=arn, error=str(error)[:200])

    def _send(self, endpoint: str, arn: str, body: str) -> None:
        _, _, _, region, owner, name = arn.split(":", 5)
        client = self._clients.get(region)
        if client is None:
            client = self._clients[region] = boto3.client(
                "sqs", region_name=region, endpoint_url=endpoint, aws_access_key_id="amazon-simulator",
                aws_secret_access_key="amazon-simulator")
        if arn not in self._queue_urls:
            self._queue_urls[arn] = client.get_queue_url(QueueName=name, QueueOwnerAWSAccountId=owner)["QueueUrl"]
        client.send_message(QueueUrl=self._queue_urls[arn], MessageBody=body)
