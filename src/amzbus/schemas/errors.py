"""The one error the schemas raise. The bus classifies it as permanent (it cannot heal by retrying)."""

from __future__ import annotations


class InvalidEventError(ValueError):
    """An event that does not match its schema; the message names the event id and every bad field."""

    def __init__(self, event_id: str | None, problems: dict[str, str]) -> None:
        self.event_id = event_id
        self.problems = problems
        fields = "; ".join(f"{name}: {problem}" for name, problem in sorted(problems.items()))
        super().__init__(f"invalid event {event_id or '<no id>'}: {fields}")


def flatten_messages(messages, prefix: str = "") -> dict[str, str]:
    """marshmallow's nested error dict -> {"payload.items.0.quantity": "Not a valid integer."}."""
    flat: dict[str, str] = {}
    if isinstance(messages, dict):
        for key, value in messages.items():
            flat.update(flatten_messages(value, f"{prefix}.{key}" if prefix else str(key)))
    elif isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        flat[prefix or "_schema"] = " ".join(messages)
    elif isinstance(messages, list):
        for index, value in enumerate(messages):
            flat.update(flatten_messages(value, f"{prefix}.{index}"))
    else:
        flat[prefix or "_schema"] = str(messages)
    return flat
