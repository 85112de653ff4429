"""Countries, currencies and states the simulator starts with (ISO 3166 codes; the states are Odoo 18.0's own)."""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources

# code, name, symbol, position, active
CURRENCIES = [
    ("EUR", "Euro", "€", "after", True),
    ("USD", "United States dollar", "$", "before", True),
    ("CAD", "Canadian dollar", "$", "before", True),
    ("MXN", "Mexican peso", "$", "before", True),
    ("GBP", "Pound sterling", "£", "before", True),
    ("JPY", "Japanese yen", "¥", "before", False),
]

# code, name, currency, phone code
COUNTRIES = [
    ("US", "United States", "USD", 1), ("CA", "Canada", "CAD", 1), ("MX", "Mexico", "MXN", 52),
    ("DE", "Germany", "EUR", 49), ("ES", "Spain", "EUR", 34), ("FR", "France", "EUR", 33),
    ("GB", "United Kingdom", "GBP", 44), ("IT", "Italy", "EUR", 39), ("NL", "Netherlands", "EUR", 31),
    ("BE", "Belgium", "EUR", 32), ("AT", "Austria", "EUR", 43), ("IE", "Ireland", "EUR", 353),
    ("LU", "Luxembourg", "EUR", 352), ("PT", "Portugal", "EUR", 351), ("JP", "Japan", "JPY", 81),
]

STATES_FILE = "res.country.state.csv"  # in data/: Odoo 18.0's states of these countries (FR has none there)


def states_of(country_code: str) -> list[tuple[str, str]]:
    """``[(state_code, state_name), ...]`` for ``country_code``, as a fresh Odoo 18.0 database has them."""
    return _all_states().get(country_code, [])


@lru_cache(maxsize=1)
def _all_states() -> dict[str, list[tuple[str, str]]]:
    text = resources.files(__package__).joinpath("data", STATES_FILE).read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    states: dict[str, list[tuple[str, str]]] = {}
    for row in rows:
        states.setdefault(row["country"], []).append((row["code"], row["name"]))
    return states
