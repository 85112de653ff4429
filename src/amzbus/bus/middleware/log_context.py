"""Binds the message and event ids to every log line written while a message is processed."""

from __future__ import annotations

import structlog
from dramatiq import Middleware


class LogContext(Middleware):
    def before_process_message(self, broker, message):
        envelope = message.args[0] if message.args and isinstance(message.args[0], dict) else {}
        structlog.contextvars.bind_contextvars(
            message_id=message.message_id,
            actor=message.actor_name,
            event_id=envelope.get("event_id"),
            account=envelope.get("account"),
        )

    def after_process_message(self, broker, message, *, result=None, exception=None):
        structlog.contextvars.clear_contextvars()

    after_skip_message = after_process_message
