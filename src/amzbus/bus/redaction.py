"""Masking of secrets and buyers' personal data, for logs and for showing dead letters.

Values are masked by key (anything that names a secret or a person's data) wherever they sit in
nested dicts and lists, and by shape inside free text (LWA tokens, bearer tokens, e-mail addresses).
"""

from __future__ import annotations

import re
from typing import Any

MASK = "***"

SECRET_KEY = re.compile(r"(token|password|passwd|secret|api_?key|authorization|credential|cookie|session_id)", re.I)
PERSONAL_KEY = re.compile(
    r"^(name|buyer|buyer_?name|buyer_?email|email|.*_email|phone|.*_phone|mobile|ship_?to|shipping_?address|"
    r"address|.*_address|address_?lines?|address_?line_?\d|street\d?|street_?\d|city|district|county|"
    r"postal_?code|zip|state_or_region|recipient|company_name|buyer_?company_?name|gift_?message|vat_?number)$",
    re.I,
)
# Keys that look personal but only hold ids or codes.
SAFE_KEYS = {"event_type", "actor_name", "queue_name", "marketplace_id", "country_code", "currency"}

TEXT_PATTERNS = (
    re.compile(r"Atz[ar]\|[\w\-|=+/.]+"),
    re.compile(r"(?i)bearer\s+[\w\-.=+/]+"),
    re.compile(r"[\w.+\-]+@[\w\-]+\.[\w.\-]+"),
    re.compile(r"(?i)(refresh_token|client_secret|password|api_key)=([^&\s]+)"),
)


def is_sensitive_key(key: Any) -> bool:
    if not isinstance(key, str) or key in SAFE_KEYS:
        return False
    return bool(SECRET_KEY.search(key) or PERSONAL_KEY.match(key))


def redact_text(text: str) -> str:
    for pattern in TEXT_PATTERNS:
        text = pattern.sub(MASK, text)
    return text


def redact(value: Any) -> Any:
    """A copy of ``value`` with every sensitive field masked (``None`` and empty values stay as they are)."""
    if isinstance(value, dict):
        return {key: _mask(item) if is_sensitive_key(key) else redact(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [redact(item) for item in value]
    if isinstance(value, str):
        return redact_text(value)
    return value


def _mask(value: Any) -> Any:
    if value in (None, "", [], {}, ()):
        return value
    return MASK
