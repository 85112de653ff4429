"""Reading Prometheus expositions in tests, with prometheus-client's own parser."""

from __future__ import annotations

import requests
from prometheus_client import REGISTRY, generate_latest
from prometheus_client.parser import text_string_to_metric_families


class Exposition:
    """The samples of one exposition: ``value(name, **labels)`` sums the samples whose labels match."""

    def __init__(self, text: str) -> None:
        self.samples = [s for family in text_string_to_metric_families(text) for s in family.samples]

    @classmethod
    def scrape(cls, url: str, **request) -> "Exposition":
        response = requests.get(url, timeout=10, **request)
        assert response.status_code == 200, f"GET {url}: {response.status_code}"
        assert response.headers["Content-Type"].startswith("text/plain"), response.headers["Content-Type"]
        return cls(response.text)

    @classmethod
    def of_this_process(cls) -> "Exposition":
        return cls(generate_latest(REGISTRY).decode())

    def value(self, name: str, **labels) -> float:
        return sum(s.value for s in self.samples
                   if s.name == name and all(s.labels.get(k) == v for k, v in labels.items()))

    def names(self) -> set[str]:
        return {s.name for s in self.samples}
