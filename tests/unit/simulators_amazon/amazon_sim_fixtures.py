"""Fixtures for the Amazon simulator's unit tests (imported by name: no conftest.py, so that no test relying
on ``from conftest import ...`` elsewhere is disturbed): a fresh state, an in-process HTTP client with a valid
access token, and validators built from Amazon's published models (read where they are found, never copied: tests
that need them are skipped, saying so, on a machine without them)."""

from __future__ import annotations

import copy
import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from werkzeug.test import Client

from amzbus.simulators.amazon.app import SimulatorApp
from amzbus.simulators.amazon.state import SimulatorState

REPO = Path(__file__).resolve().parents[3]


def models_dir() -> Path | None:
    """``AMZBUS_SPAPI_MODELS`` or ``<clone>/../shared/reference/spapi-models``; None when neither holds them."""
    configured = os.environ.get("AMZBUS_SPAPI_MODELS")
    path = Path(configured) if configured else REPO.parent / "shared" / "reference" / "spapi-models"
    return path if (path / "models").is_dir() else None


def models_missing_reason() -> str:
    return ("Amazon's published SP-API models are not on this machine: set AMZBUS_SPAPI_MODELS to a copy of "
            "https://github.com/amzn/selling-partner-api-models (the folder holding models/ and schemas/)")


FORMATS = jsonschema.FormatChecker()


@FORMATS.checks("date-time", raises=ValueError)
def _is_iso_date_time(value: object) -> bool:
    if not isinstance(value, str) or "T" not in value:
        raise ValueError(f"{value!r} is not an ISO 8601 date-time")
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        raise ValueError(f"{value!r} has no time zone")
    return True


def _closed(definitions: dict[str, Any]) -> dict[str, Any]:
    """Every object definition refuses properties the model does not list (catches misspelled fields)."""
    closed = copy.deepcopy(definitions)

    def close(node: Any) -> None:
        if isinstance(node, dict):
            if "properties" in node and "additionalProperties" not in node:
                node["additionalProperties"] = False
            for value in node.values():
                close(value)
        elif isinstance(node, list):
            for value in node:
                close(value)

    close(closed)
    return closed


class PublishedModels:
    def __init__(self, root: Path) -> None:
        self.root = root
        self._definitions: dict[str, dict[str, Any]] = {}

    def validate(self, model: str, definition: str, instance: Any) -> None:
        """Validate against ``#/definitions/<definition>`` of models/<model> (closed objects, date-times checked)."""
        if model not in self._definitions:
            swagger = json.loads((self.root / "models" / model).read_text(encoding="utf-8"))
            self._definitions[model] = _closed(swagger["definitions"])
        schema = {"$ref": f"#/definitions/{definition}", "definitions": self._definitions[model]}
        jsonschema.Draft4Validator(schema, format_checker=FORMATS).validate(instance)

    def validate_schema(self, schema_file: str, instance: Any) -> None:
        schema = json.loads((self.root / "schemas" / schema_file).read_text(encoding="utf-8"))
        jsonschema.Draft7Validator(schema, format_checker=FORMATS).validate(instance)


@pytest.fixture(scope="session")
def published_models() -> PublishedModels:
    return load_published_models()


def load_published_models() -> PublishedModels:
    """The published models, or a skip of the calling test that says why and how to provide them."""
    root = models_dir()
    if root is None:
        pytest.skip(models_missing_reason())
    return PublishedModels(root)


@pytest.fixture
def state() -> SimulatorState:
    return SimulatorState(seed=7, speed=1.0, base_url="http://127.0.0.1:9")


class SimHttp:
    """The simulator's WSGI app called in-process, as ``account`` (a valid LWA token is fetched first)."""

    def __init__(self, state: SimulatorState, account: str = "sim-na") -> None:
        self.state = state
        self.client = Client(SimulatorApp(state))
        self.account = state.accounts.find(account)
        self.token = self.lwa(self.account.lwa_client_id, self.account.lwa_client_secret,
                              self.account.refresh_token).json["access_token"]

    def lwa(self, client_id: str, secret: str, refresh_token: str):
        return self.client.post("/auth/o2/token", data={"grant_type": "refresh_token", "client_id": client_id,
                                                        "client_secret": secret, "refresh_token": refresh_token})

    def call(self, method: str, path: str, *, token: str | None = "default", **kwargs):
        headers = {"x-amz-access-token": self.token if token == "default" else token} if token else {}
        return self.client.open(path, method=method, headers=headers, environ_overrides={"RAW_URI": path}, **kwargs)


@pytest.fixture
def sim(state: SimulatorState) -> SimHttp:
    return SimHttp(state, "sim-na")


@pytest.fixture
def sim_eu(state: SimulatorState) -> SimHttp:
    return SimHttp(state, "sim-eu")


@pytest.fixture
def sim_factory():
    """``sim_factory(state, "sim-eu")``: an in-process client for another state or account."""
    return SimHttp
