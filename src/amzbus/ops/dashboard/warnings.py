"""The warnings panel: things that were applied, but not as an operator would want.

Each source is a function ``source(runtime) -> list[Warning]``. The bus's own: order lines that fell back to
the generic product, and the SKUs behind them (unmapped). A flow adds its own with ``register_source``
(the shipments flow: deliveries validated in Odoo without a tracking number).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from ...consumers.fallback_products import FallbackProductLog


@dataclass(frozen=True)
class Warning:
    title: str
    count: int
    advice: str
    examples: list[str] = field(default_factory=list)


Source = Callable[[object], list[Warning]]
_SOURCES: list[Source] = []


def register_source(source: Source) -> Source:
    """Add a warnings source (usable as a decorator); registering the same function twice adds it once."""
    if source not in _SOURCES:
        _SOURCES.append(source)
    return source


def remove_source(source: Source) -> None:
    if source in _SOURCES:
        _SOURCES.remove(source)


def collect(runtime) -> list[Warning]:
    return [warning for source in _SOURCES for warning in source(runtime) if warning.count]


@register_source
def fallback_products(runtime) -> list[Warning]:
    log = FallbackProductLog(runtime.redis, namespace=runtime.namespace)
    recent = log.recent(limit=500)
    unmapped = sorted({(w.account, w.sku) for w in recent})
    return [
        Warning("Order lines sold as the fallback product (last 30 days)", log.count(),
                "Map their SKUs with `amzbus offers set` or `offers import`.",
                [f"{w.account} {w.amazon_order_id} {w.sku}" for w in recent[:10]]),
        Warning("Unmapped SKUs (in the latest fallback lines)", len(unmapped),
                "Each needs an offer-table row or an Odoo product with that internal reference.",
                [f"{account} {sku}" for account, sku in unmapped[:20]]),
    ]


from .. import flow_warnings  # noqa: E402,F401  (the Odoo -> Amazon flows register their own source)
