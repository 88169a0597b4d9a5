"""The report as people see it: tables of figures with their definitions, suppressed where the
reader may only see aggregates. The page, the print view and both exports render this one
structure, so they always agree."""

import datetime
from collections.abc import Hashable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.utils import formats
from django.utils.functional import Promise
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import Project
from lotse.cases.models import ExitReason, Gender
from lotse.placements.models import PlacementType
from lotse.reference.models import District, Region
from lotse.reporting.definitions import AGE_BANDS, DEFINITIONS, JOB_TYPES, TRAINING_TYPES
from lotse.reporting.esf import DEFINITION as ESF_DEFINITION
from lotse.reporting.esf import INDICATORS, esf_figures
from lotse.reporting.esf import PARTITIONS as ESF_PARTITIONS
from lotse.reporting.figures import TOTAL, UNKNOWN, Figures, Scope, compute
from lotse.reporting.selectors import ReportAccess
from lotse.reporting.suppression import PRIMARY, SECONDARY, SHOWN, share_visible, suppress

COUNT_KEYS = (
    "supported",
    "entries",
    "exits",
    "employers",
    "into_job",
    "into_apprenticeship",
    "into_training",
)
RATIO_KEYS = (
    "adequate_share",
    "adequate_share_effective",
    "women_share",
    "still_employed_share",
    "median_days",
)
QUARTER_COLUMNS = (
    ("entries", _("New entries")),
    ("into_job", _("Into a job")),
    ("into_apprenticeship", _("Into an apprenticeship")),
    ("into_training", _("Into EQ or qualification")),
)
#: Placement types whose people make up a key figure (for secondary suppression).
TYPE_GROUPS = {
    "into_job": JOB_TYPES,
    "into_apprenticeship": (PlacementType.APPRENTICESHIP,),
    "into_training": TRAINING_TYPES,
}
PRIMARY_TEXT = "< 5"
SECONDARY_TEXT = "×"
HIDDEN_RATIO_TEXT = "–"

SUPPRESSION_NOTE = _(
    "Small counts are suppressed: '< 5' stands for 1 to 4 people; '×' marks a count withheld so "
    "that totals cannot reveal a small count; '–' marks a share or median left out because it "
    "would rest on, or reveal, fewer than 5 people."
)
EXACT_NOTE = _(
    "Exact figures for your own projects, without suppression. Before passing them on outside "
    "the project, use the coordinator's suppressed report or check for counts below 5."
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
        responsive layout. Built here rather than in a template loop: a report on 140
        projects has 7,000 cells, and the template loop took a third of a second."""
        last = len(self.columns) - 1
        return [
            (
                row,
                format_html_join(
                    "",
                    '<td class="num{}" data-label="{}">{}</td>',
                    (
                        (
                            (" suppressed" if cell.hidden else "")
                            + (" total-col" if i == last else ""),
                            column,
                            cell.text,
                        )
                        for i, (column, cell) in enumerate(
                            zip(self.columns, row.cells, strict=True)
                        )
                    ),
                ),
            )
            for row in self.rows
        ]


@dataclass
class Report:
    period_label: str
    scope_label: str
    suppressed: bool
    note: str
    tables: list[Table] = field(default_factory=list)
    district_values: list[dict[str, Any]] = field(default_factory=list)
    quarter_values: list[dict[str, Any]] = field(default_factory=list)
    type_values: list[dict[str, Any]] = field(default_factory=list)

    def table(self, key: str) -> Table | None:
        return next((t for t in self.tables if t.key == key), None)

    @property
    def definitions(self) -> list[tuple[str, str, str]]:
        return [(d.key, str(d.label), str(d.text)) for d in DEFINITIONS.values()]


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


class _Builder:
    def __init__(
        self,
        figures: Figures,
        groups: dict[str, list[tuple[Any, str]]],
        suppressed: bool,
    ) -> None:
        self.figures = figures
        self.groups = groups  # dimension -> [(group key, label)]
        self.suppressed = suppressed
        self.values: dict[Hashable, int] = {}
        self.lines: list[list[Hashable]] = []
        self.state: dict[Hashable, str] = {}

    # Cells are identified by (figure key, group); group is TOTAL or (dimension, key).
    def cell_id(self, key: str, dimension: str, group: Any) -> Hashable:
        return (key, TOTAL) if group == TOTAL else (key, (dimension, group))

    def register_rows(self, keys: list[str], dimension: str) -> None:
        for key in keys:
            line = []
            for group, _label in self.groups[dimension]:
                cell = self.cell_id(key, dimension, group)
                self.values[cell] = self.figures.get(dimension, group, key) or 0
                line.append(cell)
            total = self.cell_id(key, dimension, TOTAL)
            self.values[total] = self.figures.get(TOTAL, TOTAL, key) or 0
            line.append(total)
            self.lines.append(line)

    def register_columns(self, keys: list[str], total_key: str, dimension: str) -> None:
        for group in [g for g, _label in self.groups[dimension]] + [TOTAL]:
            self.lines.append(
                [self.cell_id(k, dimension, group) for k in keys]
                + [self.cell_id(total_key, dimension, group)]
            )

    def solve(self) -> None:
        if self.suppressed:
            self.state = suppress(self.values, self.lines)

    def count_cell(self, key: str, dimension: str, group: Any) -> Cell:
        cell = self.cell_id(key, dimension, group)
        value = self.values.get(cell, 0)
        state = self.state.get(cell, SHOWN)
        if state == PRIMARY:
            return Cell(PRIMARY_TEXT, None, PRIMARY)
        if state == SECONDARY:
            return Cell(SECONDARY_TEXT, None, SECONDARY)
        return Cell(_n(value), value)

    def ratio_cell(self, key: str, dimension: str, group: Any) -> Cell:
        dim, grp = (TOTAL, TOTAL) if group == TOTAL else (dimension, group)
        if key == "median_days":
            n = self.figures.get(dim, grp, "median_n") or 0
            value = self.figures.get(dim, grp, "median_days") if n else None
            if value is None:
                return Cell(HIDDEN_RATIO_TEXT)  # nobody placed: no median
            if self.suppressed and n < 5:
                return Cell(HIDDEN_RATIO_TEXT, None, PRIMARY)
            return Cell(_n(value), value)
        numerator, denominator = self.figures.share(dim, grp, key)
        if not denominator:
            return Cell(HIDDEN_RATIO_TEXT)
        if self.suppressed and not share_visible(numerator, denominator):
            return Cell(HIDDEN_RATIO_TEXT, None, PRIMARY)
        return Cell(_percent(numerator, denominator), numerator / denominator)

    def table(
        self,
        key: str,
        title: Promise | str,
        definition: Promise | str,
        dimension: str,
        rows: list[tuple[str, Promise | str]],
        total_row: str | None = None,
        ratio: bool = False,
        first_heading: Promise | str = "",
    ) -> Table:
        columns = [label for _g, label in self.groups[dimension]] + [str(_("Total"))]
        out = []
        make = self.ratio_cell if ratio else self.count_cell
        for row_key, label in rows + ([(total_row, _("Total"))] if total_row else []):
            cells = [make(row_key, dimension, g) for g, _label in self.groups[dimension]]
            cells.append(make(row_key, dimension, TOTAL))
            definition_text = DEFINITIONS[row_key].text if row_key in DEFINITIONS else ""
            out.append(
                Row(
                    row_key,
                    str(label),
                    cells,
                    str(definition_text),
                    is_total=row_key == total_row,
                )
            )
        return Table(key, str(title), str(definition), columns, out, str(first_heading))


def build_report(
    figures: Figures,
    *,
    period_label: str,
    scope_label: str,
    projects: list[tuple[int, str]],
    district_names: dict[str, str],
    breakdown: str,
    suppressed: bool,
    esf: dict[str, dict[str, int]] | None = None,
) -> Report:
    """Assemble the tables of a report from raw figures, suppressing if ``suppressed``."""
    districts = sorted(
        (k for k in figures.values.get("district", {}) if k != UNKNOWN),
        key=lambda ags: district_names.get(ags, ags),
    )
    district_groups = [(ags, district_names.get(ags, ags)) for ags in districts]
    if UNKNOWN in figures.values.get("district", {}):
        district_groups.append((UNKNOWN, str(_("no district recorded"))))
    groups = {"project": list(projects), "district": district_groups}
    b = _Builder(figures, groups, suppressed)

    exit_rows = [(f"exit_{r.value}", r.label) for r in ExitReason] + [
        (f"exit_{UNKNOWN}", _("no reason recorded"))
    ]
    type_rows = [(f"type_{t.value}", t.label) for t in PlacementType]
    gender_rows = [(f"gender_{g.value}", g.label) for g in Gender]
    age_rows = [(f"age_{band.key}", band.label) for band in AGE_BANDS] + [
        (f"age_{UNKNOWN}", _("unknown"))
    ]
    region_labels = dict(Region.choices)
    region_rows = [
        (f"region:{name}", _("unknown") if name == UNKNOWN else region_labels.get(name, name))
        for name in figures.regions
    ]
    for dimension in ("project", "district"):
        b.register_rows(list(COUNT_KEYS), dimension)
    dim = breakdown
    for rows, total_key in (
        (exit_rows, "exits"),
        (gender_rows, "supported"),
        (age_rows, "supported"),
        (region_rows, "supported"),
    ):
        keys = [k for k, _label in rows]
        b.register_rows(keys, dim)
        b.register_columns(keys, total_key, dim)
    b.register_rows([k for k, _label in type_rows], dim)
    # The types add up (nearly) to the people into a job, an apprenticeship, EQ/qualification.
    for total_key, types in TYPE_GROUPS.items():
        b.register_columns([f"type_{t}" for t in types], total_key, dim)
    # The quarters add up (nearly) to the period's entries and placements.
    for key, _label in QUARTER_COLUMNS:
        line = []
        for q in figures.quarters:
            cell = (f"q{q['year']}-{q['quarter']}:{key}", TOTAL)
            b.values[cell] = q[key]
            line.append(cell)
        b.lines.append([*line, (key, TOTAL)])
    if esf is not None:
        _register_esf(b, esf)
    b.solve()

    key_rows = [(k, DEFINITIONS[k].label) for k in COUNT_KEYS]
    ratio_rows = [(k, DEFINITIONS[k].label) for k in RATIO_KEYS]
    by = {"project": _("by project"), "district": _("by district")}
    tables = [
        b.table(
            "key_project",
            _("Key figures by project"),
            "",
            "project",
            key_rows,
            first_heading=_("Figure"),
        ),
        b.table(
            "key_district",
            _("Key figures by district"),
            "",
            "district",
            key_rows,
            first_heading=_("Figure"),
        ),
        b.table(
            "ratios",
            _("Shares and durations %(by)s") % {"by": by[dim]},
            "",
            dim,
            ratio_rows,
            ratio=True,
            first_heading=_("Figure"),
        ),
        b.table(
            "exits",
            _("Exits by reason %(by)s") % {"by": by[dim]},
            DEFINITIONS["exits"].text,
            dim,
            exit_rows,
            total_row="exits",
            first_heading=_("Reason for leaving"),
        ),
        b.table(
            "placement_types",
            _("Placements by type %(by)s") % {"by": by[dim]},
            DEFINITIONS["placement_types"].text,
            dim,
            type_rows,
            first_heading=_("Type"),
        ),
        b.table(
            "gender",
            _("Gender %(by)s") % {"by": by[dim]},
            DEFINITIONS["gender"].text,
            dim,
            gender_rows,
            total_row="supported",
            first_heading=_("Gender"),
        ),
        b.table(
            "age",
            _("Age at entry %(by)s") % {"by": by[dim]},
            DEFINITIONS["age"].text,
            dim,
            age_rows,
            total_row="supported",
            first_heading=_("Age"),
        ),
        b.table(
            "region",
            _("Region of origin %(by)s") % {"by": by[dim]},
            DEFINITIONS["region"].text,
            dim,
            region_rows,
            total_row="supported",
            first_heading=_("Region"),
        ),
    ]
    quarter_table, quarter_values = _quarter_table(figures, b)
    tables.append(quarter_table)
    if esf is not None:
        tables.append(
            b.table(
                "esf",
                _("ESF Plus indicators"),
                ESF_DEFINITION,
                "gender",
                [(f"esf:{ind.key}", ind.label) for ind in INDICATORS],
                first_heading=_("Indicator"),
            )
        )

    report = Report(
        period_label=period_label,
        scope_label=scope_label,
        suppressed=suppressed,
        note=str(SUPPRESSION_NOTE if suppressed else EXACT_NOTE),
        tables=tables,
        quarter_values=quarter_values,
    )
    key_district = report.table("key_district")
    supported_row = key_district.rows[0]
    report.district_values = [
        {"ags": ags, "label": label, "cell": supported_row.cells[i]}
        for i, (ags, label) in enumerate(district_groups)
    ]
    types_table = report.table("placement_types")
    report.type_values = [{"label": row.label, "cell": row.cells[-1]} for row in types_table.rows]
    return report


def _register_esf(b: _Builder, esf: dict[str, dict[str, int]]) -> None:
    """ESF counts per gender; the total is their sum (participations are counted once)."""
    b.groups["gender"] = [(g.value, str(g.label)) for g in Gender]
    totals: dict[str, int] = {}
    by_gender: dict[str, dict[str, int]] = {}
    for gender, row in esf.items():
        by_gender[gender] = {f"esf:{k}": v for k, v in row.items()}
        for key, value in by_gender[gender].items():
            totals[key] = totals.get(key, 0) + value
    for ind in INDICATORS:
        key = f"esf:{ind.key}"
        line = []
        for gender, _label in b.groups["gender"]:
            cell = b.cell_id(key, "gender", gender)
            b.values[cell] = by_gender.get(gender, {}).get(key, 0)
            line.append(cell)
        b.values[(key, TOTAL)] = totals.get(key, 0)
        b.lines.append([*line, (key, TOTAL)])
    # Indicators that partition the participants (or the leavers) add up to them.
    for parts, total in ESF_PARTITIONS:
        for gender in [g for g, _label in b.groups["gender"]] + [TOTAL]:
            b.lines.append(
                [b.cell_id(f"esf:{k}", "gender", gender) for k in parts]
                + [b.cell_id(f"esf:{total}", "gender", gender)]
            )


def _quarter_table(figures: Figures, b: _Builder) -> tuple[Table, list[dict[str, Any]]]:
    rows, values = [], []
    for q in figures.quarters:
        label = str(_("Q%(quarter)s %(year)s") % {"quarter": q["quarter"], "year": q["year"]})
        cells = []
        for key, _label in QUARTER_COLUMNS:
            cell_id = (f"q{q['year']}-{q['quarter']}:{key}", TOTAL)
            state = b.state.get(cell_id, SHOWN)
            if state == SHOWN:
                cells.append(Cell(_n(q[key]), q[key]))
            else:
                cells.append(Cell(PRIMARY_TEXT, None, PRIMARY))
        rows.append(Row(label, label, cells))
        values.append({"label": label, "cells": cells})
    table = Table(
        "quarters",
        str(DEFINITIONS["quarters"].label),
        str(DEFINITIONS["quarters"].text),
        [str(label) for _key, label in QUARTER_COLUMNS],
        rows,
        first_heading=str(_("Quarter")),
    )
    return table, values


def report_for(
    access: ReportAccess,
    *,
    start: datetime.date,
    end: datetime.date,
    period_label: str,
    project: Project | None,
    district: District | None,
    breakdown: str,
) -> tuple[Report, dict[str, tuple[float, float]]]:
    """The report a user with ``access`` may see, and the centres of its districts for the map.

    A chosen project must be one of ``access.projects`` (the form only offers those)."""
    if project is not None:
        project_ids: frozenset[int] | None = frozenset({project.pk})
        projects = [project]
    else:
        project_ids = None if access.all_projects else access.project_ids
        projects = list(access.projects)
    scope = Scope(
        start=start, end=end, project_ids=project_ids, district=district.pk if district else None
    )
    figures = compute(scope)
    esf_ids = frozenset(p.pk for p in projects if p.esf_indicators)
    esf = esf_figures(scope, esf_ids) if esf_ids else None
    district_keys = [k for k in figures.values.get("district", {}) if k != UNKNOWN]
    names, coordinates = {}, {}
    for ags, name, lat, lon in District.objects.filter(pk__in=district_keys).values_list(
        "ags", "name", "latitude", "longitude"
    ):
        names[ags] = name
        if lat is not None and lon is not None:
            coordinates[ags] = (lat, lon)
    if project is not None:
        covers = project.name
    elif access.all_projects:
        covers = str(_("all projects"))
    else:
        covers = ", ".join(p.name for p in projects)
    if district is not None:
        covers = f"{covers} · {district.name}"
    report = build_report(
        figures,
        period_label=period_label,
        scope_label=covers,
        projects=[(p.pk, p.name) for p in projects],
        district_names=names,
        breakdown=breakdown,
        suppressed=access.suppressed,
        esf=esf,
    )
    return report, coordinates
