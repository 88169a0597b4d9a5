"""Panels: how one app adds a section to another app's page without either importing the other.

The mentee page shows the journal, applications, placements and matching vacancies; the vacancy
page shows matching mentees. Each app registers a panel function in its ``AppConfig.ready()``::

    from lotse.lib.panels import register_panel

    register_panel("mentee", order=30, panel=my_panel)

A panel function takes the request and the object (already fetched through a scoped selector)
and returns ``Panel(template_name, context)`` or ``None`` to show nothing. Panels must keep a
bounded number of queries, independent of how much data the object has.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class Panel:
    template_name: str
    context: dict[str, Any] = field(default_factory=dict)


PanelFunction = Callable[[HttpRequest, Any], Panel | None]

_registry: dict[str, list[tuple[int, str, PanelFunction]]] = {}


def register_panel(page: str, *, order: int, panel: PanelFunction) -> None:
    """Add ``panel`` to ``page`` ("mentee", "vacancy", "employer"); lower orders come first.
    Registering the same function twice has no effect."""
    entries = _registry.setdefault(page, [])
    key = f"{panel.__module__}.{panel.__qualname__}"
    if any(existing_key == key for _, existing_key, _ in entries):
        return
    entries.append((order, key, panel))
    entries.sort(key=lambda entry: (entry[0], entry[1]))


def panels_for(page: str, request: HttpRequest, obj: Any) -> list[Panel]:
    """The panels to render on ``page`` for ``obj``, in order."""
    result = []
    for _, _, function in _registry.get(page, []):
        panel = function(request, obj)
        if panel is not None:
            result.append(panel)
    return result
