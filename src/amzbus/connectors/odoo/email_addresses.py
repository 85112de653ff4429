"""E-mail addresses as Odoo 18 normalizes them (``tools.email_normalize``), to match its ``email_normalized``.

Odoo keeps, on every partner, the first address found in ``email`` with its domain in lower case and its local
part in lower case too when it is ASCII (a non-ASCII local part is kept as it is). Its own ``find_or_create``
matches partners on that field. Amazon's buyer e-mails are plain addresses, for which this gives what Odoo
computes; the connector also matches the e-mail exactly as stored, so a text Odoo would read differently is
still found.
"""

from __future__ import annotations

from email.utils import getaddresses


def normalized_email(text: str | None) -> str | None:
    """The first address in ``text``, normalized as Odoo does; None when ``text`` holds none."""
    address = next((address for _, address in getaddresses([text or ""]) if "@" in address), None)
    if address is None:
        return None
    local_part, _, domain = address.rpartition("@")
    if local_part.isascii():
        local_part = local_part.lower()
    return f"{local_part}@{domain.lower()}"
