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

A section may be ``deferred``: the page then does not call its panel but shows its heading and a
link "Show <heading>" to the section's own URL (``section_url``, given by the page's view), where
the section is rendered; with htmx the placeholder fetches the fragment itself when it is
scrolled into view (``hx-trigger="revealed"``) and is replaced by it. Without JavaScript the link
opens the whole page with that section rendered (the view passes its id in ``opened``). Defer
what costs most and what a mentor does not need first; which sections are deferred is decided
with ``benchmarks/mentee_sections.py``.
"""

from collections.abc import Callable, Collection
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
    deferred: bool = False  # shown on demand (see the module's docstring)


@dataclass(frozen=True)
class Page(Generic[T]):
    name: str  # what the section templates call the object
    sections: tuple[Section[T], ...]

    def __post_init__(self) -> None:
        ids = [section.id for section in self.sections]
        if len(set(ids)) != len(ids):
            raise ValueError(f"Two sections of the {self.name} page share an id: {ids}")

    def section(self, section_id: str) -> Section[T] | None:
        """The section with this id, or ``None``."""
        return next((s for s in self.sections if s.id == section_id), None)


@dataclass(frozen=True)
class ShownSection:
    section: Section[Any]
    html: SafeString
    deferred: bool = False  # the placeholder, not the panel


def render_sections(
    page: Page[T],
    request: HttpRequest,
    obj: T,
    *,
    section_url: Callable[[Section[T]], str] | None = None,
    opened: Collection[str] = (),
) -> list[ShownSection]:
    """The page's sections that have something to show, rendered, in order. With a
    ``section_url``, a deferred section (unless its id is in ``opened``) is shown as its
    placeholder, without calling its panel; without one every section is rendered."""
    shown = []
    for section in page.sections:
        if section.deferred and section_url is not None and section.id not in opened:
            shown.append(_placeholder(section, request, section_url(section)))
            continue
        html = render_section(page, request, obj, section, empty=section.id in opened)
        if html is not None:
            shown.append(ShownSection(section, html))
    return shown


def render_section(
    page: Page[T], request: HttpRequest, obj: T, section: Section[T], *, empty: bool = False
) -> SafeString | None:
    """One section's HTML, or ``None`` when its panel has nothing to show (with ``empty``, as
    for a section asked for by its URL, its heading and a note that there is nothing)."""
    panel = section.panel(request, obj)
    if panel is None:
        if not empty:
            return None
        html = render_to_string("sections/_empty.html", {"section": section}, request=request)
        return SafeString(html)
    context = {**panel.context, page.name: obj, "panel": panel, "section": section}
    return SafeString(render_to_string(panel.template_name, context, request=request))


def _placeholder(section: Section[Any], request: HttpRequest, url: str) -> ShownSection:
    query = request.GET.urlencode()  # e.g. the letter kind a link chose, or matching's filters
    url = f"{url}?{query}" if query else url
    html = render_to_string(
        "sections/_deferred.html", {"section": section, "url": url}, request=request
    )
    return ShownSection(section, SafeString(html), deferred=True)


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
