"""The long-running reader of the SQS queue Amazon pushes ORDER_CHANGE notifications to (``amzbus notifications
listen``, the ``notifications`` service of a deployment; any number may read one queue).

Each round long-polls SQS (``wait_seconds`` 20, up to ``max_messages`` 10, hiding what it received for
``visibility_timeout_seconds``) and handles the messages one by one (``NotificationHandler``). A message is
deleted only once its outcome is durable: its event held by the broker, its order handed over, or its raw body
dead-lettered on the bus. Otherwise it stays in SQS:

- a retryable failure (Amazon throttled or down, the bus's Redis unreachable): the message becomes visible again
  after the requested delay (or the visibility timeout) and is read again; the reader backs off and goes on;
- the reader dies (kill -9) mid-batch: what it had not deleted reappears after the visibility timeout;
- an unforeseen failure (a bug): kept, and dead-lettered with its raw body at its fifth delivery.

So a notification is never lost, and a copy handled twice publishes the same event id twice (harmless). The
reader never exits on a transient error, however long it lasts. Progress is kept in Redis (``NotificationStats``)
for ``amzbus notifications status`` and the demo.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import redis
import structlog

from ..bus.broker_outage import BROKER_UNREACHABLE
from ..bus.errors import BusError, ConfigError, PermanentError, RetryableError
from ..bus.failures import describe
from ..connectors.amazon.sqs_queue import SqsMessage, SqsQueue
from .amazon_notifications import DEAD_LETTER_TASK, STREAM, NotificationHandler
from .notification_stats import NotificationStats

log = structlog.get_logger(__name__)
TRANSIENT = (RetryableError, redis.RedisError, *BROKER_UNREACHABLE, OSError)
POISON_RECEIVES = 5  # an unforeseen failure this many times in a row dead-letters the message


@dataclass
class RoundResult:
    received: int = 0
    deleted: int = 0
    kept: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)


class NotificationReader:
    """Parameters (keyword-only):
      queue: the ``SqsQueue``; handler: the ``NotificationHandler``.
      dead_letter: called with (raw body, reason) to put a notification in the bus's dead letters.
      stats: ``NotificationStats``.
      health: the ``StreamHealth`` where each round's success or failure is noted (``amzbus status`` shows the
        ``amazon:notifications`` stream); ``None`` notes nothing.
      wait_seconds, max_messages, visibility_timeout_seconds: the SQS receive (defaults 20, 10, 60).
      max_backoff_seconds: the longest pause after consecutive failures (default 30).
    """

    def __init__(self, *, queue: SqsQueue, handler: NotificationHandler, dead_letter, stats: NotificationStats,
                 wait_seconds: int = 20, max_messages: int = 10, visibility_timeout_seconds: int = 60,
                 max_backoff_seconds: float = 30.0, health=None) -> None:
        self.queue, self.handler, self._dead_letter, self.stats = queue, handler, dead_letter, stats
        self._health = health
        self._receive = dict(wait_seconds=wait_seconds, max_messages=max_messages,
                             visibility_timeout_seconds=visibility_timeout_seconds)
        self._max_backoff = max_backoff_seconds

    def run(self, stop: threading.Event) -> None:
        """Read until ``stop`` is set; transient failures back off (1 s doubling to ``max_backoff_seconds``)."""
        log.info("notification_reader_started", queue=self.queue.queue_url, **self._receive)
        failures = 0
        while not stop.is_set():
            try:
                result = self.read_once(stop)
            except (BusError, *TRANSIENT) as error:  # ConfigError too: an operator may fix the queue meanwhile
                self._note(error)
                failures = self._back_off(stop, failures, f"{type(error).__name__}: {error}")
                continue
            self._note(None)
            if result.received and not result.deleted and result.outcomes.get("retry_later"):
                failures = self._back_off(stop, failures, "every message of the round had to be kept")
            else:
                failures = 0
        log.info("notification_reader_stopped")

    def _note(self, error: BaseException | None) -> None:
        if self._health is None:
            return
        try:
            if error is None:
                self._health.succeeded(STREAM, cursor=None)
            else:
                self._health.failed(STREAM, error)
        except redis.RedisError:  # bookkeeping only
            pass

    def _back_off(self, stop: threading.Event, failures: int, reason: str) -> int:
        failures += 1
        pause = min(self._max_backoff, 2.0 ** min(failures - 1, 10))
        log.warning("notification_reader_backing_off", reason=reason[:300], seconds=pause, failures=failures)
        stop.wait(pause)
        return failures

    def read_once(self, stop: threading.Event | None = None) -> RoundResult:
        """One long poll and the messages it brought."""
        result = RoundResult()
        messages = self.queue.receive(**self._receive)
        result.received = len(messages)
        for message in messages:
            if stop is not None and stop.is_set():
                result.kept += 1  # not deleted: visible again after the visibility timeout
                continue
            if self._handle(message, result):
                self.queue.delete(message)
                result.deleted += 1
            else:
                result.kept += 1
        if messages:
            self._record(result)
        return result

    def _handle(self, message: SqsMessage, result: RoundResult) -> bool:
        """Whether the message may be deleted (its outcome is durable)."""
        try:
            outcome = self.handler.handle(message.body)
        except PermanentError as refused:  # malformed, or Amazon refused the getOrder (an unknown order)
            kind = self._give_up(message, str(refused))
        except TRANSIENT as error:
            delay = getattr(error, "delay_seconds", None)
            self._count(result, "retry_later")
            log.warning("notification_kept", message_id=message.message_id, receive_count=message.receive_count,
                        error=f"{type(error).__name__}: {error}"[:300], retry_in_seconds=delay)
            if delay is not None:
                self._retry_later(message, delay)
            return False
        except Exception as bug:  # unforeseen: kept for another try; after POISON_RECEIVES, dead-lettered
            if message.receive_count < POISON_RECEIVES:
                self._count(result, "retry_later")
                log.exception("notification_handling_failed", message_id=message.message_id,
                              receive_count=message.receive_count)
                return False
            kind = self._give_up(message, f"handling failed {message.receive_count} times: "
                                          f"{type(bug).__name__}: {describe(bug)[1]}")
        else:
            kind = outcome.kind
            log.info("notification_handled", message_id=message.message_id, outcome=kind, account=outcome.account,
                     order_id=outcome.order_id, reason=outcome.reason or None)
            if kind == "published":
                self.stats.order_published(outcome.order_id)
        self._count(result, kind)
        return True

    def _give_up(self, message: SqsMessage, reason: str) -> str:
        """Hand the raw message to the bus's dead letters with ``reason`` (raises if the bus cannot take it)."""
        self._dead_letter(message.body, f"SQS message {message.message_id}: {reason}")
        log.error("notification_dead_lettered", message_id=message.message_id, reason=reason[:300])
        return "dead_lettered"

    def _retry_later(self, message: SqsMessage, delay: float) -> None:
        try:
            self.queue.retry_later(message, delay)
        except (RetryableError, ConfigError) as error:  # the visibility timeout brings it back anyway
            log.warning("notification_visibility_not_changed", message_id=message.message_id, error=str(error)[:200])

    @staticmethod
    def _count(result: RoundResult, kind: str) -> None:
        result.outcomes[kind] = result.outcomes.get(kind, 0) + 1

    def _record(self, result: RoundResult) -> None:
        try:
            self.stats.round_done(received=result.received, outcomes=result.outcomes)
        except redis.RedisError as error:  # statistics only: never a reason to stop or to keep a message
            log.warning("notification_stats_not_recorded", error=str(error)[:200])


def reader_queue(runtime) -> SqsQueue:
    """The configured queue (fails with the key to set when none is configured)."""
    config = runtime.settings.notifications
    if not config.queue_url:
        raise ConfigError(f"{runtime.settings.source}: notifications.queue_url is not set: name the SQS queue "
                          "Amazon pushes ORDER_CHANGE notifications to")
    return SqsQueue(config.queue_url, region=config.region, endpoint_url=config.endpoint_url)


def build_reader(runtime, *, queue: SqsQueue | None = None) -> NotificationReader:
    """The reader of the configured queue, wired from the runtime."""
    from .amazon_notifications import notification_handler

    config = runtime.settings.notifications
    return NotificationReader(
        queue=queue or reader_queue(runtime), handler=notification_handler(runtime),
        dead_letter=lambda body, reason: runtime.bus.send_task(DEAD_LETTER_TASK, body, reason),
        stats=NotificationStats(runtime.redis, namespace=runtime.namespace),
        wait_seconds=config.wait_seconds, max_messages=config.max_messages,
        visibility_timeout_seconds=config.visibility_timeout_seconds, health=runtime.stream_health)
