"""The published set: every cell a coordinator can obtain, suppressed once, together.

A coordinator chooses a period of a fixed grid (funding period, calendar year, half-year,
quarter) and all projects, one project or one district. Every such report is a view of the same
published cells: for each grid period, each count of the catalogue (key figures and every
breakdown row) per project, per district and in total, plus the shares and medians and, where
projects record them, the ESF Plus indicators of the programme by gender. Suppression runs once
over all of them with every sum relation between them as a line (see ``lines``):

- projects add up to the total, districts add up to the total;
- the rows of a breakdown add up to their figure (exits by reason to exits, gender, age and
  region to the people supported, placement types to "into a job" and the other groups);
- quarters add up to their half-year, half-years to their year, the quarters of a funding
  period to the funding period.

The counts of people are not always exact sums (a person in two projects counts once in the
total; a person supported in two quarters once in the year); the suppression's audit uses, per
line, the relation that holds (``suppression.py``: hypercube certificates chosen so that
every small count can be one person more and less, the attacker's linear programs for the
rest). Because every selection shows a subset of the same cells, the difference of two
selections is a difference of published cells, already protected.

The set is computed once per data state and stored in ``PublishedPeriod`` (one row per grid
period); a page reads one period and its quarters. The scheduled job ``publish_report``
recomputes it when the data have changed (at most hourly), and ``manage.py publish_report`` at
once; a page computes it only when none is stored.
"""

import datetime
import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import Project
from lotse.cases.models import Gender, Mentee, Participation
from lotse.employers.models import Employer, EmployerService
from lotse.events.models import GroupEvent, Invitation
from lotse.placements.models import FollowUp, Placement
from lotse.reporting.definitions import (
    COUNT_KEYS,
    RATIO_KEYS,
    SHARES,
    UNKNOWN,
    breakdown_lines,
    every_count_key,
)
from lotse.reporting.esf import INDICATORS as ESF_INDICATORS
from lotse.reporting.esf import PARTITIONS as ESF_PARTITIONS
from lotse.reporting.esf import esf_figures
from lotse.reporting.figures import (
    CROSS,
    DIMENSIONS,
    TOTAL,
    Activities,
    Scope,
    activity_rows,  # noqa: F401 - read through this module by the erasure tests
    activity_rows_by,
    compute,
    summed_activities,
)
from lotse.reporting.models import EsfRecord, FundingPeriod, PublishedPeriod
from lotse.reporting.suppression import (
    PRIMARY,
    SECONDARY,
    SHOWN,
    THRESHOLD,
    Outcome,
    share_visible,
    suppress,
)

PRIMARY_MARK = "<"
SECONDARY_MARK = "x"
HIDDEN_MARK = "-"

#: Only for the attack test: ``False`` suppresses each report on its own (the old behaviour),
#: which the attack must break.
CROSS_REPORT = True

FUNDING, YEAR, HALF, QUARTER = "funding", "year", "half", "quarter"
ACTIVITIES_KEY = "activities"
SUMMARY_KEY = "suppression"  # the counts of the last suppression (cells, rounds, seconds)


@dataclass(frozen=True)
class GridPeriod:
    key: str
    kind: str
    start: datetime.date
    end: datetime.date
    label: str
    funding_period: FundingPeriod | None = None

    def quarters(self) -> list["GridPeriod"]:
        return [quarter(y, q) for y, q in _quarters_between(self.start, self.end)]


def _quarters_between(start: datetime.date, end: datetime.date) -> list[tuple[int, int]]:
    year, q = start.year, (start.month - 1) // 3 + 1
    result = []
    while (year, q) <= (end.year, (end.month - 1) // 3 + 1):
        result.append((year, q))
        year, q = (year + 1, 1) if q == 4 else (year, q + 1)
    return result


def year(y: int) -> GridPeriod:
    return GridPeriod(f"y{y}", YEAR, datetime.date(y, 1, 1), datetime.date(y, 12, 31), str(y))


def half(y: int, h: int) -> GridPeriod:
    start = datetime.date(y, 1 if h == 1 else 7, 1)
    end = datetime.date(y, 6, 30) if h == 1 else datetime.date(y, 12, 31)
    label = str(_("H%(half)s %(year)s") % {"half": h, "year": y})
    return GridPeriod(f"h{y}-{h}", HALF, start, end, label)


def quarter(y: int, q: int) -> GridPeriod:
    start = datetime.date(y, 3 * q - 2, 1)
    end = (
        datetime.date(y, 12, 31)
        if q == 4
        else datetime.date(y, 3 * q + 1, 1) - datetime.timedelta(days=1)
    )
    label = str(_("Q%(quarter)s %(year)s") % {"quarter": q, "year": y})
    return GridPeriod(f"q{y}-{q}", QUARTER, start, end, label)


def funding(fp: FundingPeriod, label: str) -> GridPeriod:
    return GridPeriod(f"f{fp.pk}", FUNDING, fp.start, fp.end, label, fp)


def grid_years(periods: list[FundingPeriod]) -> list[int]:
    """The calendar years of the grid: those the funding periods touch, and the current one."""
    today = timezone.localdate().year
    first = min([p.start.year for p in periods] + [today])
    last = max([p.end.year for p in periods] + [today])
    return list(range(first, last + 1))


def grid(periods: list[FundingPeriod]) -> list[GridPeriod]:
    from lotse.reporting.forms import funding_label  # the label the form shows

    result = [funding(fp, funding_label(fp)) for fp in periods]
    for y in grid_years(periods):
        result.append(year(y))
        result += [half(y, 1), half(y, 2)]
        result += [quarter(y, q) for q in range(1, 5)]
    return result


# --- The data state -----------------------------------------------------------------------


def fingerprint() -> str:
    """A digest of everything the figures are computed from: per table the number of rows, the
    highest id and the latest change where the table records it (deleted rows change the
    number). Changes it cannot see (an exit date set on a stay) are picked up at the latest
    after ``LOTSE_REPORT_MAX_AGE_SECONDS``."""
    parts = []
    for model in (
        Mentee,
        Participation,
        Placement,
        FollowUp,
        Employer,
        EmployerService,
        EsfRecord,
        Project,
        FundingPeriod,
        GroupEvent,
        Invitation,
    ):
        names = {f.name for f in model._meta.get_fields()}
        aggregates: dict[str, Any] = {"n": Count("pk"), "top": Max("pk")}
        for name in ("updated_at", "exit_date", "answered_on"):
            if name in names:
                aggregates[name] = Max(name)
        agg = model.objects.aggregate(**aggregates)
        parts.append(":".join(str(agg[k]) for k in sorted(agg)))
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


# --- Building the published set -----------------------------------------------------------


def _gkey(dimension: str, group: Any) -> str:
    return f"{dimension}|{group}"


@dataclass
class _Raw:
    """Raw values of the cells being published, and the lines between them."""

    values: dict[tuple, int]
    ratios: dict[tuple, Any]  # (period, group key, ratio key) -> fraction / days / None
    ratio_parts: dict[tuple, tuple]  # (period, group key, ratio key) -> count cells it rests on
    #: (period, figure, (project, district)) -> value: the project × district cells, computed
    #: only for the audit (``cross``), never published.
    cross: dict[tuple, int]


def _groups(projects: Iterable[int], districts: Iterable[str]) -> list[tuple[str, Any]]:
    return (
        [("project", p) for p in projects] + [("district", d) for d in districts] + [(TOTAL, TOTAL)]
    )


def _raw(
    periods: list[GridPeriod],
    groups: list[tuple[str, Any]],
    esf_ids: frozenset[int],
    scope_projects: frozenset[int] | None = None,
    scope_district: str | None = None,
    cross: bool = False,
) -> _Raw:
    keys = every_count_key()
    values: dict[tuple, int] = {}
    ratios: dict[tuple, Any] = {}
    parts: dict[tuple, tuple] = {}
    cross_values: dict[tuple, int] = {}
    dimensions = (*DIMENSIONS, CROSS) if cross else DIMENSIONS
    for period in periods:
        figures = compute(
            Scope(period.start, period.end, scope_projects, scope_district),
            dimensions,
            quarters=False,
        )
        for pair, row in figures.values.get(CROSS, {}).items():
            for key in keys:
                if row.get(key):
                    cross_values[(period.key, key, pair)] = row[key]
        for dimension, group in groups:
            g = _gkey(dimension, group)
            for key in keys:
                values[(period.key, key, g)] = figures.get(dimension, group, key) or 0
            for key in RATIO_KEYS:
                cell = (period.key, g, key)
                if key == "median_days":
                    n = figures.get(dimension, group, "median_n") or 0
                    days = figures.get(dimension, group, "median_days") if n else None
                    ratios[cell] = (days, n)
                else:
                    ratios[cell] = figures.share(dimension, group, key)
                    numerator, denominator = SHARES[key]
                    if numerator in keys and denominator in keys:
                        parts[cell] = (
                            (period.key, numerator, g),
                            (period.key, denominator, g),
                        )
        if (
            esf_ids
            and scope_district is None
            and (scope_projects is None or scope_projects & esf_ids)
        ):
            esf = esf_figures(Scope(period.start, period.end, scope_projects), esf_ids)
            for ind in ESF_INDICATORS:
                total = 0
                for gender in Gender:
                    value = esf.get(gender.value, {}).get(ind.key, 0)
                    values[(period.key, f"esf:{ind.key}", _gkey("gender", gender.value))] = value
                    total += value
                values[(period.key, f"esf:{ind.key}", _gkey("esf", TOTAL))] = total
    return _Raw(values, ratios, parts, cross_values)


def _cross(
    periods: list[GridPeriod], groups: list[tuple[str, Any]], raw: _Raw
) -> tuple[dict[tuple, int], list[list[tuple]]]:
    """The project × district cells, never published, and their lines (the districts of a
    project → the project, the projects of a district → the district): the attacker's finer
    unknowns, so that the audit's certificates move a project's and a district's count only
    where some cross cell can carry the change. They come from the same statements as the
    published cells (``compute`` with ``CROSS``). A cross group that is 0 in every cell is left
    out (its cells then count as fixed at 0, which only narrows the certificates)."""
    projects = [g for d, g in groups if d == "project"]
    districts = [g for d, g in groups if d == "district"]
    if not projects or not districts:
        return {}, []
    listed = set(districts)
    used = {
        _gkey("cross", f"{project}/{district}")
        for (_p, _k, (project, district)) in raw.cross
        if district in listed
    }
    keys = every_count_key()
    cells: dict[tuple, int] = {}
    result: list[list[tuple]] = []
    for period in periods:
        for key in keys:
            for project in projects:
                for district in districts:
                    g = _gkey("cross", f"{project}/{district}")
                    if g in used:
                        cells[(period.key, key, g)] = raw.cross.get(
                            (period.key, key, (project, district)), 0
                        )
            for project in projects:
                members = [_gkey("cross", f"{project}/{d}") for d in districts]
                row = [(period.key, key, g) for g in members if g in used]
                if row:
                    result.append([*row, (period.key, key, _gkey("project", project))])
            for district in districts:
                members = [_gkey("cross", f"{p}/{district}") for p in projects]
                row = [(period.key, key, g) for g in members if g in used]
                if row:
                    result.append([*row, (period.key, key, _gkey("district", district))])
    return cells, result


def lines(
    periods: list[GridPeriod], groups: list[tuple[str, Any]], values: dict[tuple, int]
) -> list[list[tuple]]:
    """Every sum relation between the cells in ``values`` (see the module's docstring)."""
    result: list[list[tuple]] = []
    keys = every_count_key()
    total_g = _gkey(TOTAL, TOTAL)
    by_dimension: dict[str, list[str]] = {}
    for dimension, group in groups:
        if dimension != TOTAL:
            by_dimension.setdefault(dimension, []).append(_gkey(dimension, group))
    sums = breakdown_lines()
    genders = [_gkey("gender", g.value) for g in Gender]
    esf_keys = [f"esf:{ind.key}" for ind in ESF_INDICATORS]
    for period in periods:
        p = period.key
        for key in keys:
            for members in by_dimension.values():
                result.append([(p, key, g) for g in members] + [(p, key, total_g)])
        for _dimension, group in groups:
            g = _gkey(_dimension, group)
            for rows, total in sums:
                result.append([(p, row, g) for row in rows] + [(p, total, g)])
        if (p, esf_keys[0], _gkey("esf", TOTAL)) in values:
            for key in esf_keys:
                result.append([(p, key, g) for g in genders] + [(p, key, _gkey("esf", TOTAL))])
            for g in [*genders, _gkey("esf", TOTAL)]:
                for rows, total in ESF_PARTITIONS:
                    result.append([(p, f"esf:{r}", g) for r in rows] + [(p, f"esf:{total}", g)])
    # Across periods: quarters → half-year → year; the quarters of a funding period → it.
    keyed = {period.key: period for period in periods}
    cells_by_period: dict[str, list[tuple[str, str]]] = {}
    for p, key, g in values:
        cells_by_period.setdefault(p, []).append((key, g))
    for period in periods:
        if period.kind == YEAR:
            children = [f"h{period.start.year}-1", f"h{period.start.year}-2"]
        elif period.kind == HALF:
            y, h = period.start.year, 1 if period.start.month == 1 else 2
            children = [f"q{y}-{2 * h - 1}", f"q{y}-{2 * h}"]
        elif period.kind == FUNDING:
            children = [q.key for q in period.quarters()]
        else:
            continue
        children = [c for c in children if c in keyed]
        if not children:
            continue
        for key, g in cells_by_period.get(period.key, []):
            result.append([(c, key, g) for c in children] + [(period.key, key, g)])
    return [line for line in result if all(cell in values for cell in line)]


def distinct_periods(periods: list[GridPeriod]) -> tuple[list[GridPeriod], dict[str, str]]:
    """The periods with distinct days, and every period's key → the key it is published
    under: a period of the grid with the same days as another (a funding period of one
    calendar year) is the same cells, computed and suppressed once, published under both."""
    canonical: dict[tuple, GridPeriod] = {}
    alias: dict[str, str] = {}
    for period in sorted(periods, key=lambda p: (p.kind == FUNDING, p.key)):
        first = canonical.setdefault((period.start, period.end), period)
        alias[period.key] = first.key
    return list(canonical.values()), alias


def publish(
    periods: list[GridPeriod],
    projects: Iterable[int],
    districts: Iterable[str],
    esf_ids: frozenset[int],
    scope_projects: frozenset[int] | None = None,
    scope_district: str | None = None,
    outcome: Outcome | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> dict[str, dict]:
    """The published cells of ``periods``: ``{period key: {"c": {group key: {figure: value
    or mark}}, "r": {group key: {ratio: value or mark}}}}`` (marks: ``<`` primary, ``x``
    secondary, ``-`` a share or median left out). ``outcome`` receives the counts of the
    suppression (see ``suppression.Outcome``)."""
    groups = _groups(projects, districts)
    unique, alias = distinct_periods(periods)
    audit = audit_on()
    cross = audit and scope_projects is None and scope_district is None
    raw = _raw(unique, groups, esf_ids, scope_projects, scope_district, cross)
    # The audit (hypercube certificates, the attacker's linear programs for the rest:
    # docs/reporting.md) runs with ``LOTSE_REPORT_AUDIT`` on (settings; the environment
    # variable of the same name), the default. Off (the demo and most tests), the line
    # closure runs alone, which the LP attack of tests/test_attack.py defeats.
    relations = lines(unique, groups, raw.values)
    hidden_cells: dict[tuple, int] = {}
    if cross:
        hidden_cells, cross_relations = _cross(unique, groups, raw)
        relations += cross_relations
    state = suppress(
        {**raw.values, **hidden_cells},
        relations,
        unpublished=hidden_cells,
        audit=audit,
        outcome=outcome,
        should_stop=should_stop,
    )
    result: dict[str, dict] = {p.key: {"c": {}, "r": {}} for p in unique}
    for (p, key, g), value in raw.values.items():
        s = state[(p, key, g)]
        mark: Any = value if s == SHOWN else (PRIMARY_MARK if s == PRIMARY else SECONDARY_MARK)
        result[p]["c"].setdefault(g, {})[key] = mark
    for (p, g, key), ratio in raw.ratios.items():
        result[p]["r"].setdefault(g, {})[key] = _ratio_mark(key, ratio, raw, state, (p, g, key))
    for key, first in alias.items():
        result[key] = result[first]
    return result


def _ratio_mark(key: str, ratio: tuple, raw: _Raw, state: dict, cell: tuple) -> Any:
    if key == "median_days":
        days, n = ratio
        if days is None:
            return None
        return days if n >= THRESHOLD else HIDDEN_MARK
    numerator, denominator = ratio
    if not denominator:
        return None
    hidden_parts = any(state.get(part) != SHOWN for part in raw.ratio_parts.get(cell, ()))
    if hidden_parts or not share_visible(numerator, denominator):
        return HIDDEN_MARK
    return numerator / denominator


# --- Reading it ---------------------------------------------------------------------------


def _universe() -> tuple[list[int], list[str], frozenset[int]]:
    from lotse.reporting.selectors import published_districts

    projects = list(Project.objects.order_by("name").values_list("pk", "esf_indicators"))
    return (
        [pk for pk, _esf in projects],
        [*published_districts(), UNKNOWN],
        frozenset(pk for pk, esf in projects if esf),
    )


def refresh(
    periods: list[FundingPeriod] | None = None,
    stamp: str | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> str:
    """Compute and store the whole published set; returns its fingerprint. The audit asks
    ``should_stop`` between its linear programs (``suppression.suppress``); a stopped refresh
    stores nothing."""
    periods = list(FundingPeriod.objects.order_by("start")) if periods is None else periods
    stamp = stamp or fingerprint()
    project_ids, districts, esf_ids = _universe()
    outcome = Outcome()
    started = time.perf_counter()
    cells = publish(
        grid(periods), project_ids, districts, esf_ids, outcome=outcome, should_stop=should_stop
    )
    cells[SUMMARY_KEY] = summary(cells, outcome, time.perf_counter() - started)
    # Contacts, services and their hours (events, not people: not suppressed) per month, so
    # that any period and selection is a sum of them.
    cells[ACTIVITIES_KEY] = activity_rows_by(None)
    now = timezone.now()
    with transaction.atomic():
        PublishedPeriod.objects.all().delete()
        PublishedPeriod.objects.bulk_create(
            PublishedPeriod(fingerprint=stamp, computed_at=now, period_key=k, cells=v)
            for k, v in cells.items()
        )
    _load.cache_clear()
    from lotse.reporting import sections  # the rendered sections of the older set

    sections.memo.clear()
    return stamp


def summary(cells: dict[str, dict], outcome: Outcome, seconds: float) -> dict[str, Any]:
    """What the suppression did to the published set: cells in all, primary, secondary (by the
    line closure and by the audit), relabelled, limited, linear programs and seconds."""
    marks: dict[str, int] = {}
    seen: set[int] = set()
    total = 0
    for period in cells.values():
        if id(period) in seen or "c" not in period:
            continue  # a funding period published under a year's key: the same cells
        seen.add(id(period))
        for group in period["c"].values():
            for value in group.values():
                total += 1
                if value in (PRIMARY_MARK, SECONDARY_MARK):
                    marks[value] = marks.get(value, 0) + 1
    return {
        "cells": total,
        "audited": audit_on(),
        PRIMARY: marks.get(PRIMARY_MARK, 0),
        SECONDARY: marks.get(SECONDARY_MARK, 0),
        "closure": outcome.closure,
        "audit": outcome.audit,
        "relabelled": outcome.relabelled,
        "limited": len(outcome.limited),
        "rounds": outcome.rounds,
        "programs": outcome.programs,
        "seconds": round(seconds, 1),
    }


def stored_summary() -> dict[str, Any] | None:
    """The counts of the stored published set's suppression (``summary``), if there is one."""
    row = PublishedPeriod.objects.filter(period_key=SUMMARY_KEY).order_by("-computed_at").first()
    return row.cells if row else None


def _current_stamp() -> tuple[str, datetime.datetime] | None:
    row = (
        PublishedPeriod.objects.order_by("-computed_at")
        .values("fingerprint", "computed_at")
        .first()
    )
    return (row["fingerprint"], row["computed_at"]) if row else None


def stored_stamp() -> str | None:
    """The fingerprint of the stored published set, if there is one."""
    stored = _current_stamp()
    return stored[0] if stored else None


def _max_age() -> int:
    return int(getattr(settings, "LOTSE_REPORT_MAX_AGE_SECONDS", 24 * 3600))


def due() -> str | None:
    """The data state to publish when the stored set is out of date (missing, computed from
    other data, or older than ``LOTSE_REPORT_MAX_AGE_SECONDS``, for changes the fingerprint
    cannot see); ``None`` when it is current. The scheduled job ``publish_report`` asks this
    every hour (``lotse/ops/schedule.py``)."""
    stored = _current_stamp()
    stamp = fingerprint()
    if stored is not None and stored[0] == stamp:
        if (timezone.now() - stored[1]).total_seconds() < _max_age():
            return None
    return stamp


#: Seconds after which a request that found no published set (``NotPublished``) may try again.
RETRY_AFTER = 300


class NotPublished(Exception):
    """No published set is stored yet and the audit is on: computing one takes minutes, so the
    job ``publish_report`` has been enqueued instead (the page says so)."""


def audit_on() -> bool:
    return bool(getattr(settings, "LOTSE_REPORT_AUDIT", False))


def current_stamp() -> tuple[str, datetime.datetime]:
    """The fingerprint of the published set to read and when it was computed. A page never
    waits for a new set while one is stored (with the audit, a set takes minutes on a
    programme's data): the scheduled job publishes changes at most an hour later, and the page
    says as of when its figures are.

    When nothing is stored yet (a new installation, or the set was deleted), the line closure
    alone computes one here in seconds; with the audit on, the job is enqueued for a worker
    and ``NotPublished`` raised: a request must not wait minutes (gunicorn's timeout would end
    it), and a set computed without the audit must never be published beside the audited one
    (two patterns of suppression of the same data can be differenced)."""
    stored = _current_stamp()
    if stored is not None:
        return stored
    if audit_on():
        _enqueue_publication()
        raise NotPublished
    stamp = refresh()
    return stamp, _current_stamp()[1]


def _enqueue_publication() -> None:
    """A run of ``publish_report`` now, unless one is queued or running already."""
    from lotse.ops.models import JobRun, RunStatus
    from lotse.ops.schedule import get_job
    from lotse.ops.scheduler import enqueue_now

    waiting = (RunStatus.QUEUED, RunStatus.RUNNING, RunStatus.RETRYING, RunStatus.STOPPED)
    if not JobRun.objects.filter(job="publish_report", status__in=waiting).exists():
        enqueue_now([get_job("publish_report")])


def audited() -> bool:
    """Whether the stored published set was suppressed with the audit (``summary``)."""
    stamp, _computed_at = current_stamp()
    return bool(_load(stamp, (SUMMARY_KEY,)).get(SUMMARY_KEY, {}).get("audited"))


def _load_uncached(stamp: str, keys: tuple[str, ...]) -> dict[str, dict]:
    rows = PublishedPeriod.objects.filter(fingerprint=stamp, period_key__in=keys)
    return {row.period_key: row.cells for row in rows.only("period_key", "cells")}


class _Memo:
    """A small in-process memo of loaded periods (they never change for one fingerprint)."""

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self.data: dict[tuple, dict] = {}

    def __call__(self, stamp: str, keys: tuple[str, ...]) -> dict[str, dict]:
        key = (connection.alias, stamp, keys)
        if key not in self.data:
            if len(self.data) >= self.size:
                self.data.pop(next(iter(self.data)))
            self.data[key] = _load_uncached(stamp, keys)
        return self.data[key]

    def cache_clear(self) -> None:
        self.data.clear()


_load = _Memo()


def cells_for(
    period: GridPeriod, selection: tuple[str, Any] | None = None
) -> tuple[dict[str, dict], datetime.datetime | None]:
    """The published cells of ``period`` and its quarters, and when they were computed.

    ``selection`` is ``("project", id)``, ``("district", ags)`` or ``None`` (all projects); it
    matters only when ``CROSS_REPORT`` is off (then the report is suppressed on its own)."""
    keys = tuple(dict.fromkeys([period.key, *(q.key for q in period.quarters())]))
    if not CROSS_REPORT:
        return _per_report(period, selection), None
    stamp, computed_at = current_stamp()
    return _load(stamp, keys), computed_at


def activities_for(period: GridPeriod, selection: tuple[str, Any] | None) -> Activities:
    """The contacts and services of ``period`` for the selection, from the stored months."""
    stamp, _computed_at = current_stamp()
    rows = _load(stamp, (ACTIVITIES_KEY,)).get(ACTIVITIES_KEY, {})
    if selection is not None and selection[0] == "district":
        return summed_activities(
            rows.get("district", []), period.start, period.end, frozenset({selection[1]})
        )
    groups = frozenset({selection[1]}) if selection is not None else None
    return summed_activities(rows.get("project", []), period.start, period.end, groups)


def _per_report(period: GridPeriod, selection: tuple[str, Any] | None) -> dict[str, dict]:
    """The old behaviour, kept for the attack test only: suppress one report by itself."""
    project_ids, districts, esf_ids = _universe()
    periods = [period, *(q for q in period.quarters() if q.key != period.key)]
    if selection is None:
        return publish(periods, project_ids, districts, esf_ids)
    dimension, group = selection
    scope_projects = frozenset({group}) if dimension == "project" else None
    scope_district = group if dimension == "district" else None
    return publish(
        periods,
        [group] if dimension == "project" else [],
        [group] if dimension == "district" else [],
        esf_ids,
        scope_projects,
        scope_district,
    )


__all__ = ["COUNT_KEYS", "GridPeriod", "cells_for", "grid", "publish", "refresh"]
