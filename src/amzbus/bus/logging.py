"""structlog set-up: JSON lines in production, readable lines on a terminal, redaction always on.

Redaction is a processor, so no log call can bypass it; stdlib loggers (Dramatiq's, urllib3's) go
through the same processors.
"""

from __future__ import annotations

import logging
import sys
from typing import Any, TextIO

import structlog
from dramatiq.broker import MessageProxy
from dramatiq.message import Message

from .errors import RetryableError
from .redaction import redact, redact_text


class DramatiqMessageFilter(logging.Filter):
    """Dramatiq formats whole messages (their payloads) into its log lines: show only actor and id.

    It also logs every failed attempt at error level, and every skipped message at warning level;
    the bus keeps error for dead letters, and a skipped duplicate is normal operation (info).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and any(isinstance(a, (Message, MessageProxy)) for a in record.args):
            record.args = tuple(f"{a.actor_name}[{a.message_id}]" if isinstance(a, (Message, MessageProxy)) else a
                                for a in record.args)
        if record.name.startswith("dramatiq") and str(record.msg).startswith("Message %s was skipped"):
            record.levelno, record.levelname = logging.INFO, "INFO"
        if record.name.startswith("dramatiq") and record.levelno == logging.ERROR \
                and str(record.msg).startswith("Failed to process message"):
            failure = record.exc_info[1] if record.exc_info else None
            if isinstance(failure, RetryableError):  # expected (busy, throttled): the bus logs the retry itself
                record.levelno, record.levelname, record.exc_info = logging.INFO, "INFO", None
                record.msg = f"{record.msg} {type(failure).__name__}: %s"
                record.args = (*record.args, failure)
            else:
                record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


def redact_event(logger: Any, method_name: str, event_dict: dict[str, Any]) -> dict[str, Any]:
    """structlog processor: mask secrets and personal data in the message and every field."""
    redacted = redact(event_dict)
    if isinstance(redacted.get("event"), str):
        redacted["event"] = redact_text(redacted["event"])
    if isinstance(redacted.get("exception"), str):
        redacted["exception"] = redact_text(redacted["exception"])
    return redacted


def configure_logging(*, format: str = "auto", level: str = "INFO", stream: TextIO | None = None) -> None:
    """Configure structlog and the stdlib root logger once, at an entry point.

    ``format``: ``json``, ``console`` or ``auto`` (console when ``stream`` is a terminal).
    """
    stream = stream or sys.stderr
    use_json = format == "json" or (format == "auto" and not stream.isatty())
    shared = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.format_exc_info,
        redact_event,
    ]
    renderer = structlog.processors.JSONRenderer() if use_json else structlog.dev.ConsoleRenderer(colors=False)
    handler = logging.StreamHandler(stream)
    handler.addFilter(DramatiqMessageFilter())
    handler.setFormatter(structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=[structlog.stdlib.ExtraAdder(), *shared],
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, renderer],
    ))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for chatty in ("httpx", "httpcore", "urllib3"):  # one line per HTTP request: only problems
        logging.getLogger(chatty).setLevel(max(logging.WARNING, logging.getLevelName(level)))
    structlog.configure(
        processors=[structlog.stdlib.filter_by_level, *shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=False,
    )
