"""Logs never carry secrets or buyers' personal data, whatever the log call passes."""

from __future__ import annotations

import io
import logging

import structlog
from dramatiq.message import Message

from amzbus.bus.logging import configure_logging
from amzbus.schemas import encode
from order_events import order_placed_envelope

REFRESH_TOKEN = "Atzr|IwEBIA-very-secret-refresh-token"


def captured_logs(log_call) -> str:
    stream = io.StringIO()
    configure_logging(format="json", stream=stream)
    log_call()
    return stream.getvalue()


def test_an_event_with_a_refresh_token_and_a_buyer_address_logs_neither():
    # Given an order event with a buyer's name, e-mail and address, and a refresh token
    raw = encode(order_placed_envelope())
    # When both are logged, as fields, nested, and inside the message text
    output = captured_logs(lambda: structlog.get_logger("test").info(
        "order_received", envelope=raw, refresh_token=REFRESH_TOKEN,
        credentials={"lwa_client_secret": "amzn1.secret"}, note=f"retrying with {REFRESH_TOKEN}"))
    # Then none of the secret or personal values appear, and the ids do
    for secret in (REFRESH_TOKEN, "amzn1.secret", "Jane Doe", "jane.doe@example.com", "12 Rue de Rivoli",
                   "75001", "+33 6 12 34 56 78", "Bon anniversaire"):
        assert secret not in output
    assert raw["event_id"] in output


def test_dramatiq_log_lines_show_the_actor_and_message_id_but_not_the_payload():
    # Given a Dramatiq message carrying an order event
    raw = encode(order_placed_envelope())
    message = Message(queue_name="to_odoo", actor_name="apply_order_placed", args=(raw,), kwargs={}, options={})
    # When Dramatiq logs it the way its worker does
    output = captured_logs(lambda: logging.getLogger("dramatiq.worker.WorkerThread").error(
        "Failed to process message %s with unhandled exception.", message))
    # Then the payload is not in the log, the actor and id are, and the level is a warning
    assert "Jane Doe" not in output and "Rivoli" not in output
    assert f"apply_order_placed[{message.message_id}]" in output
    assert '"level": "warning"' in output
