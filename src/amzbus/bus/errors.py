"""The one error tree of the bus.

Every failure is classified once, where it happens:

- ``RetryableError``: the world may heal (network, 5xx, 429, Odoo busy). Retried with exponential
  backoff; ``delay_seconds`` asks for a precise delay (for example after a 429).
- ``PermanentError``: retrying cannot help (validation, business rule). Dead-lettered at once with
  its reason.
- ``ConfigError``: the configuration is wrong; raised at start-up, names the key and the file.

Anything else raised by a consumer counts as retryable, with a bounded number of tries.
"""

from __future__ import annotations


class BusError(Exception):
    """Root of every error the bus raises on purpose."""

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self) -> str:
        return f"{self.code}: {self.message}" if self.code else self.message


class RetryableError(BusError):
    """A failure that may clear by itself; ``delay_seconds`` requests the next attempt's delay."""

    def __init__(self, message: str, *, code: str | None = None, delay_seconds: float | None = None) -> None:
        super().__init__(message, code=code)
        self.delay_seconds = delay_seconds


class PermanentError(BusError):
    """A failure that retrying cannot fix: the message goes to the dead letters with this reason."""


class ConfigError(BusError):
    """The configuration is missing, malformed, or names something that does not exist."""


class NotFoundError(BusError):
    """An operator asked for something (a dead letter, an account) that does not exist."""
