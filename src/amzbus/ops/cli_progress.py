"""Progress bars of long commands (rich), on stderr: stdout stays clean for ``--json`` and pipes.

Shown only when stderr is a terminal (rich decides; ``TTY_COMPATIBLE=1`` forces it) and the command was not
asked for ``--json``; otherwise the command prints exactly what it printed before.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterable, Iterator, TypeVar

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

T = TypeVar("T")


@contextmanager
def progress(*, enabled: bool = True) -> Iterator[Progress]:
    """A rich ``Progress`` on stderr (add tasks with ``bar.add_task(description, total=N)``)."""
    console = Console(stderr=True)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               TimeRemainingColumn())
    with Progress(*columns, console=console, disable=not (enabled and console.is_terminal)) as bar:
        yield bar


def track(items: Iterable[T], description: str, *, total: int | None = None, enabled: bool = True) -> Iterator[T]:
    """Iterate over ``items`` with a progress bar."""
    items = list(items) if total is None else items
    with progress(enabled=enabled) as bar:
        yield from bar.track(items, total=total if total is not None else len(items), description=description)
