"""The report as people see it: tables of figures with their definitions, suppressed where the
reader may only see aggregates. The page, the print view and both exports render this one
structure, so they always agree."""

import datetime
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.utils import formats
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import Project
from lotse.cases.models import Gender
from lotse.employers.models import ServiceKind
from lotse.reference.models import District
from lotse.reporting import published
from lotse.reporting.definitions import (
    BREAKDOWNS,
    CATALOGUE,
    COUNT_KEYS,
    DEFINITIONS,
    MEDIAN,
    QUARTER_KEYS,
    RATIO_KEYS,
    UNKNOWN,
)
from lotse.reporting.esf import DEFINITION as ESF_DEFINITION
from lotse.reporting.esf import INDICATORS, esf_figures
from lotse.reporting.figures import TOTAL, Activities, Figures, Scope, activities, compute
from lotse.reporting.selectors import ReportAccess, published_districts
from lotse.reporting.suppression import (
    EXACT_NOTE,
    HIDDEN_RATIO_TEXT,
    PRIMARY,
    PRIMARY_TEXT,
    SECONDARY,
    SECONDARY_TEXT,
    SHOWN,
    SUPPRESSION_NOTE,
)

QUARTER_COLUMNS = tuple(
    (key, CATALOGUE[key].short_label or CATALOGUE[key].label) for key in QUARTER_KEYS
)


@dataclass
class Cell:
    text: str
    value: Any = None  # the number, only where it may be shown
    state: str = SHOWN

    @property
    def hidden(self) -> bool:
        return self.state != SHOWN


@dataclass
class Row:
    key: str
    label: str
    cells: list[Cell]
    definition: str = ""
    is_total: bool = False


@dataclass
class Table:
    key: str
    title: str
    definition: str
    columns: list[str]
    rows: list[Row]
    first_heading: str = ""

    @property
    def body(self) -> list[tuple[Row, SafeString]]:
        """Rows with their cells as HTML, each labelled with its column heading for the
        responsive layout. Built here as plain strings (labels escaped once per table)
        rather than in a template loop or with format_html per cell: a report on 140
        projects has 7,000 cells."""
        last = len(self.columns) - 1
        labels = [escape(column) for column in self.columns]
        result = []
        for row in self.rows:
            parts = []
            for i, cell in enumerate(row.cells):
                cls = (
                    "num"
                    + (" suppressed" if cell.hidden else "")
                    + (" total-col" if i == last else "")
                )
                parts.append(f'<td class="{cls}" data-label="{labels[i]}">{escape(cell.text)}</td>')
            result.append((row, mark_safe("".join(parts))))  # noqa: S308 - escaped above
        return result


@dataclass
class Report:
    period_label: str
    scope_label: str
    suppressed: bool
    note: str
    tables: list[Table] = field(default_factory=list)
    computed_at: datetime.datetime | None = None
    #: False when the published set was suppressed without the audit (``LOTSE_REPORT_AUDIT``
    #: off, as in the demo): the page then says that its figures are not safe to publish.
    audited: bool = True
    district_values: list[dict[str, Any]] = field(default_factory=list)
    quarter_values: list[dict[str, Any]] = field(default_factory=list)
    type_values: list[dict[str, Any]] = field(default_factory=list)

    def table(self, key: str) -> Table | None:
        return next((t for t in self.tables if t.key == key), None)

    @property
    def definitions(self) -> list[tuple[str, str, str]]:
        return [(d.key, str(d.label), str(d.text)) for d in DEFINITIONS.values()]

    @property
    def headline(self) -> list[Row]:
        """The cards "at a glance": the last column of the key figures and the ratios."""
        key = self.table("key_project") or self.table("key_district")
        ratios = self.table("ratios")
        return [*(key.rows if key else []), *(ratios.rows if ratios else [])]


def _n(value: int | float | None, decimals: int = 0) -> str:
    """A number as the current language writes it, always grouped (German: 1.234,5).

    The separators are looked up once per language (``number_format`` per cell cost a fifth
    of a second for the 7,000 cells of a report on 140 projects)."""
    if value is None:
        return HIDDEN_RATIO_TEXT
    thousands, point = _separators(get_language() or "de")
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", point).replace("\0", thousands)


@lru_cache(maxsize=8)
def _separators(language: str) -> tuple[str, str]:
    return (
        str(formats.get_format("THOUSAND_SEPARATOR", lang=language)),
        str(formats.get_format("DECIMAL_SEPARATOR", lang=language)),
    )


def _percent(numerator: int, denominator: int) -> str:
    return _("%(value)s %%") % {"value": _n(100 * numerator / denominator)}


# --- Where the cells come from ----------------------------------------------------------------
#
# A report is built from a *source*: the exact figures of the reader's own projects, or the
# coordinator's published (suppressed) cells. ``group`` is a project id, an AGS, ``UNKNOWN`` or
# ``TOTAL`` (the total of what the report covers).


def _count_cell(value: Any) -> Cell:
    if value == published.PRIMARY_MARK:
        return Cell(PRIMARY_TEXT, None, PRIMARY)
    if value == published.SECONDARY_MARK:
        return Cell(SECONDARY_TEXT, None, SECONDARY)
    return Cell(_n(value or 0), value or 0)


def _ratio_cell(key: str, value: Any) -> Cell:
    if value is None:
        return Cell(HIDDEN_RATIO_TEXT)  # no base: nothing to show
    if value == published.HIDDEN_MARK:
        return Cell(HIDDEN_RATIO_TEXT, None, PRIMARY)
    if CATALOGUE[key].kind == MEDIAN:
        return Cell(_n(value), value)
    return Cell(_("%(value)s %%") % {"value": _n(100 * value)}, value)


class ExactSource:
    suppressed = False

    def __init__(self, figures: Figures, esf: dict[str, dict[str, int]] | None) -> None:
        self.figures = figures
        self.esf_values = esf

    def _at(self, dimension: str, group: Any) -> tuple[str, Any]:
        return (TOTAL, TOTAL) if group == TOTAL else (dimension, group)

    def count(self, key: str, dimension: str, group: Any) -> Cell:
        return _count_cell(self.figures.get(*self._at(dimension, group), key))

    def ratio(self, key: str, dimension: str, group: Any) -> Cell:
        dim, grp = self._at(dimension, group)
        if key == "median_days":
            n = self.figures.get(dim, grp, "median_n") or 0
            return _ratio_cell(key, self.figures.get(dim, grp, "median_days") if n else None)
        numerator, denominator = self.figures.share(dim, grp, key)
        return _ratio_cell(key, numerator / denominator if denominator else None)

    def quarters(self) -> list[tuple[str, dict[str, Cell]]]:
        return [
            (
                str(_("Q%(quarter)s %(year)s") % {"quarter": q["quarter"], "year": q["year"]}),
                {key: _count_cell(q[key]) for key in QUARTER_KEYS},
            )
            for q in self.figures.quarters
        ]

    def esf(self, key: str, gender: str) -> Cell:
        assert self.esf_values is not None
        key = key.removeprefix("esf:")
        if gender == TOTAL:
            return _count_cell(sum(row.get(key, 0) for row in self.esf_values.values()))
        return _count_cell(self.esf_values.get(gender, {}).get(key, 0))

    @property
    def has_esf(self) -> bool:
        return self.esf_values is not None


class PublishedSource:
    """The coordinator's view of the published set for one grid period and one selection."""

    suppressed = True

    def __init__(
        self,
        period: published.GridPeriod,
        cells: dict[str, dict],
        selection: tuple[str, Any] | None,
    ) -> None:
        self.period = period
        self.cells = cells
        self.total = "total|total" if selection is None else "{}|{}".format(*selection)
        self.selection = selection

    def _g(self, dimension: str, group: Any) -> str:
        return self.total if group == TOTAL else f"{dimension}|{group}"

    def count(self, key: str, dimension: str, group: Any) -> Cell:
        return _count_cell(
            self.cells[self.period.key]["c"].get(self._g(dimension, group), {}).get(key)
        )

    def ratio(self, key: str, dimension: str, group: Any) -> Cell:
        return _ratio_cell(
            key, self.cells[self.period.key]["r"].get(self._g(dimension, group), {}).get(key)
        )

    def quarters(self) -> list[tuple[str, dict[str, Cell]]]:
        result = []
        for q in self.period.quarters():
            row = self.cells.get(q.key, {}).get("c", {}).get(self.total, {})
            result.append((q.label, {key: _count_cell(row.get(key)) for key in QUARTER_KEYS}))
        return result

    def esf(self, key: str, gender: str) -> Cell:
        g = "esf|total" if gender == TOTAL else f"gender|{gender}"
        return _count_cell(self.cells[self.period.key]["c"].get(g, {}).get(key))

    @property
    def has_esf(self) -> bool:
        return self.selection is None and "esf|total" in self.cells[self.period.key]["c"]


# --- Tables ----------------------------------------------------------------------------------


def _table(
    source: Any,
    key: str,
    title: Promise | str,
    definition: Promise | str,
    dimension: str,
    groups: list[tuple[Any, str]],
    rows: list[tuple[str, Promise | str]],
    *,
    total_row: str | None = None,
    ratio: bool = False,
    first_heading: Promise | str = "",
) -> Table:
    columns = [label for _g, label in groups] + [str(_("Total"))]
    make = source.ratio if ratio else source.count
    out = []
    for row_key, label in rows + ([(total_row, _("Total"))] if total_row else []):
        cells = [make(row_key, dimension, g) for g, _label in groups]
        cells.append(make(row_key, dimension, TOTAL))
        text = DEFINITIONS[row_key].text if row_key in DEFINITIONS else ""
        out.append(Row(row_key, str(label), cells, str(text), is_total=row_key == total_row))
    return Table(key, str(title), str(definition), columns, out, str(first_heading))


def build_report(
    source: Any,
    *,
    period_label: str,
    scope_label: str,
    groups: dict[str, list[tuple[Any, str]] | None],
    breakdown: str,
    computed_at: datetime.datetime | None = None,
    work: Activities | None = None,
    audited: bool = True,
) -> Report:
    """The tables of a report. ``groups`` gives the columns per dimension ("project",
    "district"); ``None`` leaves that dimension's key table out (a coordinator's selection of
    one project is not published by district, nor one district by project)."""
    by = {"project": _("by project"), "district": _("by district")}
    dim = (
        breakdown
        if groups.get(breakdown) is not None
        else next(d for d in ("project", "district") if groups.get(d) is not None)
    )
    key_rows = [(k, DEFINITIONS[k].label) for k in COUNT_KEYS]
    tables = []
    for dimension, title in (
        ("project", _("Key figures by project")),
        ("district", _("Key figures by district")),
    ):
        if groups.get(dimension) is not None:
            tables.append(
                _table(
                    source,
                    f"key_{dimension}",
                    title,
                    "",
                    dimension,
                    groups[dimension],
                    key_rows,
                    first_heading=_("Figure"),
                )
            )
    tables.append(
        _table(
            source,
            "ratios",
            _("Shares and durations %(by)s") % {"by": by[dim]},
            "",
            dim,
            groups[dim],
            [(k, DEFINITIONS[k].label) for k in RATIO_KEYS],
            ratio=True,
            first_heading=_("Figure"),
        )
    )
    for figure in BREAKDOWNS:
        table_key = "exits" if figure.key == "exit_reasons" else figure.key
        tables.append(
            _table(
                source,
                table_key,
                format_lazy("{} {}", figure.label, by[dim]),
                figure.text,
                dim,
                groups[dim],
                list(figure.rows),
                total_row=figure.total,
                first_heading=figure.short_label or figure.label,
            )
        )
    quarter_values = []
    quarter_rows = []
    for label, cells in source.quarters():
        row_cells = [cells[key] for key, _label in QUARTER_COLUMNS]
        quarter_rows.append(Row(label, label, row_cells))
        quarter_values.append({"label": label, "cells": row_cells})
    tables.append(
        Table(
            "quarters",
            str(DEFINITIONS["quarters"].label),
            str(DEFINITIONS["quarters"].text),
            [str(label) for _key, label in QUARTER_COLUMNS],
            quarter_rows,
            first_heading=str(_("Quarter")),
        )
    )
    if work is not None:
        tables += _activity_tables(work, groups.get("project"))
    if source.has_esf:
        genders = [(g.value, str(g.label)) for g in Gender]
        rows = []
        for ind in INDICATORS:
            key = f"esf:{ind.key}"
            cells = [source.esf(key, g) for g, _label in genders] + [source.esf(key, TOTAL)]
            rows.append(Row(key, str(ind.label), cells))
        tables.append(
            Table(
                "esf",
                str(_("ESF Plus indicators")),
                str(ESF_DEFINITION),
                [label for _g, label in genders] + [str(_("Total"))],
                rows,
                str(_("Indicator")),
            )
        )
    report = Report(
        period_label=period_label,
        scope_label=scope_label,
        suppressed=source.suppressed,
        note=str(SUPPRESSION_NOTE if source.suppressed else EXACT_NOTE),
        tables=tables,
        quarter_values=quarter_values,
        computed_at=computed_at,
        audited=audited,
    )
    key_district = report.table("key_district")
    if key_district is not None:
        supported_row = key_district.rows[0]
        report.district_values = [
            {"ags": ags, "label": label, "cell": supported_row.cells[i]}
            for i, (ags, label) in enumerate(groups["district"])
        ]
    types_table = report.table("placement_types")
    report.type_values = [{"label": row.label, "cell": row.cells[-1]} for row in types_table.rows]
    return report


def _hours(minutes: int) -> Cell:
    return Cell(_n(minutes / 60, 1), round(minutes / 60, 1))


def _activity_tables(work: Activities, projects: list[tuple[Any, str]] | None) -> list[Table]:
    """The work done per project (contacts, services by kind, their hours) and the contacts
    per month. Events and hours, not people: not suppressed (docs/reporting.md)."""
    groups = projects or []
    columns = [label for _g, label in groups] + [str(_("Total"))]
    keys = [g for g, _label in groups]

    def row(key: str, label: Any, values: dict[Any, tuple[int, int]], hours: bool) -> Row:
        index = 1 if hours else 0
        cells = [values.get(k, (0, 0))[index] for k in keys]
        total = sum(v[index] for v in values.values())
        make = _hours if hours else (lambda v: Cell(_n(v), v))
        text = DEFINITIONS[key].text if key in DEFINITIONS else ""
        return Row(key, str(label), [make(v) for v in [*cells, total]], str(text))

    rows = [
        row("contacts", DEFINITIONS["contacts"].label, work.contacts, False),
        row("contact_hours", DEFINITIONS["contact_hours"].label, work.contacts, True),
        row("events_held", DEFINITIONS["events_held"].label, work.events, False),
        row("event_hours", DEFINITIONS["event_hours"].label, work.events, True),
    ]
    for kind in ServiceKind:
        per_project = {p: kinds.get(kind.value, (0, 0)) for p, kinds in work.services.items()}
        rows.append(
            row(
                f"services_{kind.value}",
                format_lazy("{}: {}", _("Services"), kind.label),
                per_project,
                False,
            )
        )
        rows.append(
            row(
                f"services_{kind.value}_hours",
                format_lazy("{}: {}", _("Hours of services"), kind.label),
                per_project,
                True,
            )
        )
    activity = Table(
        "activities",
        str(_("Mentoring contacts, group events and services to employers")),
        str(DEFINITIONS["services"].text),
        columns,
        rows,
        str(_("Figure")),
    )
    month_rows = []
    for (year, month), (n, minutes) in sorted(work.months.items()):
        label = formats.date_format(datetime.date(year, month, 1), "YEAR_MONTH_FORMAT")
        month_rows.append(Row(f"m{year}-{month}", str(label), [Cell(_n(n), n), _hours(minutes)]))
    months = Table(
        "contact_months",
        str(_("Mentoring contacts and hours by month")),
        str(DEFINITIONS["contacts"].text),
        [str(DEFINITIONS["contacts"].label), str(DEFINITIONS["contact_hours"].label)],
        month_rows,
        str(_("Month")),
    )
    return [activity, months]


def _district_groups(keys: list[str]) -> list[tuple[str, str]]:
    names = dict(District.objects.filter(pk__in=keys).values_list("ags", "name"))
    groups = sorted(((k, names.get(k, k)) for k in keys if k != UNKNOWN), key=lambda g: g[1])
    if UNKNOWN in keys:
        groups.append((UNKNOWN, str(_("no district recorded"))))
    return groups


def report_for(
    access: ReportAccess,
    *,
    period: published.GridPeriod,
    project: Project | None,
    district: District | None,
    breakdown: str,
) -> Report:
    """The report a user with ``access`` may see.

    Coordinators (``access.suppressed``) get a view of the published set: the period must be
    a grid period, and at most one of ``project`` and ``district`` is chosen (the form sees to
    both). Mentors and leads get the exact figures of their projects. A chosen project must be
    one of ``access.projects`` (the form only offers those)."""
    if project is not None:
        covers = project.name
    elif access.all_projects:
        covers = str(_("all projects"))
    else:
        covers = ", ".join(p.name for p in access.projects)
    if district is not None:
        covers = f"{covers} · {district.name}"
    if access.suppressed:
        return _published_report(access, period, project, district, breakdown, covers)
    projects = [project] if project is not None else list(access.projects)
    project_ids = frozenset(p.pk for p in projects)
    scope = Scope(
        start=period.start,
        end=period.end,
        project_ids=project_ids,
        district=district.pk if district else None,
    )
    figures = compute(scope)
    esf_ids = frozenset(p.pk for p in projects if p.esf_indicators)
    esf = esf_figures(scope, esf_ids) if esf_ids else None
    district_keys = list(figures.values.get("district", {}))
    return build_report(
        ExactSource(figures, esf),
        work=activities(scope),
        period_label=period.label,
        scope_label=covers,
        groups={
            "project": [(p.pk, p.name) for p in projects],
            "district": _district_groups(district_keys),
        },
        breakdown=breakdown,
    )


def _published_report(
    access: ReportAccess,
    period: published.GridPeriod,
    project: Project | None,
    district: District | None,
    breakdown: str,
    covers: str,
) -> Report:
    if project is not None:
        selection: tuple[str, Any] | None = ("project", project.pk)
        groups: dict[str, Any] = {"project": [(project.pk, project.name)], "district": None}
    elif district is not None:
        selection = ("district", district.pk)
        groups = {"project": None, "district": [(district.pk, district.name)]}
    else:
        selection = None
        groups = {"project": [(p.pk, p.name) for p in access.projects], "district": []}
    cells, computed_at = published.cells_for(period, selection)
    if selection is None:
        # The districts of the published set itself (every district a project covers or a
        # mentee lived in when it was computed), so that the columns match its cells.
        keys = cells.get(period.key, {}).get("c", {})
        groups["district"] = _district_groups(
            [g.split("|", 1)[1] for g in keys if g.startswith("district|")]
            if keys
            else [*published_districts(), UNKNOWN]
        )
    if published.CROSS_REPORT:
        work = published.activities_for(period, selection)
    else:
        work = activities(
            Scope(
                period.start,
                period.end,
                frozenset({project.pk}) if project is not None else None,
                district.pk if district is not None else None,
            )
        )
    return build_report(
        PublishedSource(period, cells, selection),
        work=work,
        period_label=period.label,
        scope_label=covers,
        groups=groups,
        breakdown=breakdown,
        computed_at=computed_at,
        audited=published.audited() if published.CROSS_REPORT else False,
    )
