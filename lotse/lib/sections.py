"""Sections: the parts of a page (mentee, vacancy, employer) that different apps own.

A section names its anchor, its heading and the function of the owning app that returns the
template and its context (a :class:`Panel`, or ``None`` to show nothing); a section of the
mentee page may also name the part of the data-subject access export it contributes and the
models that part covers. Which sections a page has, and in which order, is written down in one
place, ``lotse/pages.py``; this module only describes and renders them.

A panel function takes the request and the object (already fetched through the page's scoped
selector) and must keep a bounded number of queries, independent of how much data the object
has. Its template gets the panel's context, the object under the page's name (``mentee``,
``vacancy``, ``employer``), ``panel`` and ``section``.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.db import models
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.functional import Promise
from django.utils.safestring import SafeString

T = TypeVar("T", bound=models.Model)


@dataclass(frozen=True)
class Panel:
    template_name: str
    context: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Export(Generic[T]):
    """A part of the access export: ``data(user, obj)`` returns JSON-safe data (put under
    ``key``, or, without a key, a mapping merged into the top level) for the rows of
    ``models`` that belong to the object."""

    data: Callable[[Any, T], Any]
    models: tuple[type[models.Model], ...]
    key: str | None = None


@dataclass(frozen=True)
class Section(Generic[T]):
    id: str  # the anchor of the jump link; unique on the page
    heading: str | Promise
    panel: Callable[[HttpRequest, T], Panel | None]
    export: Export[T] | None = None


@dataclass(frozen=True)
class Page(Generic[T]):
    name: str  # what the section templates call the object
    sections: tuple[Section[T], ...]

    def __post_init__(self) -> None:
        ids = [section.id for section in self.sections]
        if len(set(ids)) != len(ids):
            raise ValueError(f"Two sections of the {self.name} page share an id: {ids}")


@dataclass(frozen=True)
class ShownSection:
    section: Section[Any]
    html: SafeString


def render_sections(page: Page[T], request: HttpRequest, obj: T) -> list[ShownSection]:
    """The page's sections that have something to show, rendered, in order."""
    shown = []
    for section in page.sections:
        panel = section.panel(request, obj)
        if panel is None:
            continue
        context = {**panel.context, page.name: obj, "panel": panel, "section": section}
        html = render_to_string(panel.template_name, context, request=request)
        shown.append(ShownSection(section, SafeString(html)))
    return shown


def export_sections(page: Page[T], user: Any, obj: T) -> dict[str, Any]:
    """The parts of the access export, in the page's order; keys never collide."""
    data: dict[str, Any] = {}
    for section in page.sections:
        if section.export is None:
            continue
        value = section.export.data(user, obj)
        part = {section.export.key: value} if section.export.key else dict(value)
        if clash := set(part) & set(data):
            raise ValueError(f"Export keys {sorted(clash)} are used by two sections.")
        data.update(part)
    return data
