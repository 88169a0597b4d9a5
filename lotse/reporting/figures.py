"""The programme's key figures for a period, aggregated in the database.

Every figure is computed by six SQL statements, whatever the amount of data: one per family of
rows (stays, placements counted as people, placements counted as placements, employers) giving
the whole scope, each project and each district at once, and two for the quarterly series. No
code loops over people or rows in Python. What each figure means is written in
``definitions.DEFINITIONS`` and shown beside it on the page and in every export.

- A mentee *counts for a project* through the participation (stay) in that project, and for a
  district through the mentee's district of residence.
- People are counted, not placements or stays, unless a definition says otherwise; a person with
  stays in two projects counts once in each project and once in the total.

This module knows nothing about users or suppression: the caller decides which projects a report
may cover (``Scope.project_ids``) and ``suppression.py`` hides small cells.
"""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import (
    Coalesce,
    ExtractDay,
    ExtractMonth,
    ExtractQuarter,
    ExtractYear,
    RowNumber,
    TruncDate,
)

from lotse.cases.models import ExitReason, Gender, Participation, Qualification, QualificationKind
from lotse.employers.models import Employer, EmployerService, ServiceKind
from lotse.employers.selectors import looked_after_exists
from lotse.events.models import Attendance, GroupEvent, Invitation
from lotse.journal.models import IntegrationAgreement, JournalEntry
from lotse.placements.models import FollowUp, Placement, PlacementType, StillEmployed
from lotse.reference.models import Region
from lotse.reporting.definitions import (
    AGE_BANDS,
    INSURED_TYPES,
    PLACEMENT_GROUPS,
    SHARES,
    UNKNOWN,
)
from lotse.reporting.expressions import DaysBetween, SimpleCase, YearsBefore, median_sql

TOTAL = "total"


@dataclass(frozen=True)
class Scope:
    """What a report covers: the period (both days inclusive), optionally some projects and a
    district (AGS). ``project_ids=None`` means every project."""

    start: datetime.date
    end: datetime.date
    project_ids: frozenset[int] | None = None
    district: str | None = None


@dataclass
class Figures:
    """Raw, unsuppressed values: ``values[dimension][group][key]``.

    ``dimension`` is ``"total"`` (one group, ``TOTAL``), ``"project"`` (project id),
    ``"district"`` (AGS, or ``UNKNOWN``) or, only when asked for, ``"cross"`` (a pair of
    project id and district: the project's people living in the district; never shown, for
    the suppression's audit). Keys are counts such as ``supported``,
    ``exit_<reason>``, ``gender_<code>``, ``age_<band>``, ``region:<name>``, ``type_<type>``,
    plus ``median_days`` (a number of days, or ``None``).
    """

    scope: Scope
    values: dict[str, dict[Any, dict[str, Any]]] = field(default_factory=dict)
    regions: list[str] = field(default_factory=list)
    quarters: list[dict[str, Any]] = field(default_factory=list)

    def get(self, dimension: str, group: Any, key: str) -> Any:
        return self.values.get(dimension, {}).get(group, {}).get(key, 0)

    def share(self, dimension: str, group: Any, key: str) -> tuple[int, int]:
        numerator, denominator = SHARES[key]
        return self.get(dimension, group, numerator), self.get(dimension, group, denominator)


DIMENSIONS = ("total", "project", "district")
CROSS = "cross"


# --- Querysets: what each family of figures counts -------------------------------------------


def in_period(field_name: str, scope: Scope) -> Q:
    return Q(**{f"{field_name}__gte": scope.start, f"{field_name}__lte": scope.end})


def _participations(scope: Scope) -> QuerySet[Participation]:
    """Stays that overlap the period: entered on or before its last day, not left before its
    first day."""
    qs = Participation.objects.filter(entry_date__lte=scope.end).filter(
        Q(exit_date__isnull=True) | Q(exit_date__gte=scope.start)
    )
    if scope.project_ids is not None:
        qs = qs.filter(project_id__in=scope.project_ids)
    if scope.district:
        qs = qs.filter(mentee__district_id=scope.district)
    return qs


def _placements(scope: Scope) -> QuerySet[Placement]:
    qs = Placement.objects.filter(in_period("start_date", scope))
    if scope.project_ids is not None:
        qs = qs.filter(project_id__in=scope.project_ids)
    if scope.district:
        qs = qs.filter(mentee__district_id=scope.district)
    return qs


def _employers(scope: Scope) -> QuerySet[Employer]:
    """Employers looked after: at least one service aimed at the company in the period (the
    definition of ``employers.selectors.employers_looked_after``)."""
    qs = Employer.objects.filter(looked_after_exists(scope.start, scope.end))
    if scope.project_ids is not None:
        qs = qs.filter(project_id__in=scope.project_ids)
    if scope.district:
        qs = qs.filter(district_id=scope.district)
    return qs


def _agreements(scope: Scope) -> QuerySet[IntegrationAgreement]:
    """Integration agreements signed in the period, each for the project of the stay it was
    signed in (the latest stay entered on or before the signing day)."""
    stay = (
        Participation.objects.filter(
            mentee_id=OuterRef("mentee_id"), entry_date__lte=OuterRef("signed_on")
        )
        .order_by("-entry_date", "-pk")
        .values("project_id")[:1]
    )
    qs = IntegrationAgreement.objects.filter(in_period("signed_on", scope)).annotate(
        _stay_project=Subquery(stay)
    )
    if scope.project_ids is not None:
        # Only people with a stay in one of the projects can have signed in one: a semi-join
        # that leaves the stay's subquery to their agreements instead of every agreement.
        stayed = Participation.objects.filter(project_id__in=scope.project_ids)
        qs = qs.filter(mentee_id__in=stayed.values("mentee_id"))
        qs = qs.filter(_stay_project__in=scope.project_ids)
    if scope.district:
        qs = qs.filter(mentee__district_id=scope.district)
    return qs


def _attendances(scope: Scope) -> QuerySet[Invitation]:
    """Attendances at group events held in the period: invitations recorded as attended, of
    events not cancelled whose date lies in the period; for the event's project (and the
    mentee's district, like every count of people)."""
    qs = Invitation.objects.filter(
        in_period("event__date", scope), attendance=Attendance.ATTENDED, event__cancelled=False
    )
    if scope.project_ids is not None:
        qs = qs.filter(event__project_id__in=scope.project_ids)
    if scope.district:
        qs = qs.filter(mentee__district_id=scope.district)
    return qs


def with_age(qs: QuerySet[Participation]) -> QuerySet[Participation]:
    """Alias ``age``: whole years from the date of birth to the entry into the stay."""
    birth = "mentee__birth_date"
    return qs.alias(
        entry_md=ExtractMonth("entry_date") * 100 + ExtractDay("entry_date"),
        birth_md=ExtractMonth(birth) * 100 + ExtractDay(birth),
    ).alias(
        age=ExtractYear("entry_date")
        - ExtractYear(birth)
        - Case(
            When(entry_md__lt=F("birth_md"), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    )


def _bit(value: int) -> Value:
    """A mask's constant as a BIGINT: a plain ``Value(int)`` is an ``IntegerField``, which
    Django binds as a 32-bit ``int4`` when the server binds the parameters (prepared
    statements, ``lotse/settings.py``), and bits above 2**31 would be lost."""
    return Value(value, output_field=BigIntegerField())


class _Bits:
    """Keys of per-person yes/no facts, each given one bit of a 64-bit mask.

    The bits fall into *parts*: every category (gender, region, age band, exit reason,
    placement type) is a part of its own, the single flags share one. A key's bits always lie
    in one part, so the people of a key can be counted from that part of the masks alone
    (see ``_people_counts``)."""

    def __init__(self) -> None:
        self.keys: dict[str, int] = {}
        self.parts: list[int] = [0]  # part 0: the flags

    def add(self, key: str, part: int = 0) -> int:
        self.keys[key] = 1 << len(self.keys)
        if len(self.keys) > 62:
            raise ValueError("More facts than bits in a BIGINT.")
        self.parts[part] |= self.keys[key]
        return self.keys[key]

    def flag(self, key: str, condition: Q) -> Case:
        return Case(When(condition, then=_bit(self.add(key))), default=_bit(0))

    def _new_part(self) -> int:
        self.parts.append(0)
        return len(self.parts) - 1

    def category(self, prefix: str, whens: list[tuple[str, Q]], otherwise: str | None) -> Case:
        """One bit per value of a category; evaluated as one CASE (first match wins)."""
        part = self._new_part()
        cases = [
            When(condition, then=_bit(self.add(prefix + key, part))) for key, condition in whens
        ]
        default = self.add(prefix + otherwise, part) if otherwise else 0
        return Case(*cases, default=_bit(default))

    def simple_category(
        self, prefix: str, subject: Any, values: list[str], otherwise: str | None
    ) -> SimpleCase:
        """Like ``category`` for the values of one expression, compared once each
        (``CASE subject WHEN value THEN bit …``): the subject is evaluated once per row."""
        part = self._new_part()
        cases = [(value, self.add(prefix + value, part)) for value in values]
        default = self.add(prefix + otherwise, part) if otherwise else 0
        return SimpleCase(subject, cases, default)


def _participation_mask(scope: Scope, bits: _Bits) -> Any:
    """The facts of one stay as bits: in scope at all, entered, left (with the reason), the
    person's gender, region of origin and age band at entry."""
    entered = in_period("entry_date", scope)
    exited = in_period("exit_date", scope)
    bits.add("supported")
    mask: Any = _bit(bits.keys["supported"])
    mask += bits.flag("entries", entered)
    mask += bits.flag("exits", exited)
    mask += Case(
        When(~exited, then=_bit(0)),
        default=bits.category(
            "exit_", [(r.value, Q(exit_reason=r.value)) for r in ExitReason], UNKNOWN
        ),
    )
    mask += bits.simple_category("gender_", F("mentee__gender"), Gender.values, None)
    women, no_vq = Q(mentee__gender=Gender.FEMALE), without_vocational_qualification()
    mask += bits.flag("fg_no_vq_supported", no_vq)
    mask += bits.flag("fg_women_entries", entered & women)
    mask += bits.flag("fg_no_vq_entries", entered & no_vq)
    # The region of the country of origin, else (no country of origin) of the nationality.
    region = Coalesce(
        F("mentee__country_of_origin__region"),
        Case(
            When(mentee__country_of_origin__isnull=True, then=F("mentee__nationality__region")),
            default=None,
        ),
    )
    mask += bits.simple_category("region:", region, list(Region.values), UNKNOWN)
    # Age at entry into the stay, by comparing dates: younger than N ⟺ born after the day
    # N years before the entry.
    age_whens = [(UNKNOWN, Q(mentee__birth_date__isnull=True))]
    for band in AGE_BANDS:
        if band.high is not None:
            age_whens.append(
                (band.key, Q(mentee__birth_date__gt=YearsBefore(F("entry_date"), band.high)))
            )
    mask += bits.category("age_", age_whens, AGE_BANDS[-1].key)
    return mask


def without_vocational_qualification(prefix: str = "mentee__") -> Q:
    """The focus group "people without a vocational qualification": no qualification recorded
    above the level "no vocational qualification"."""
    # ``NOT IN`` a subquery without outer references: PostgreSQL hashes the ids once
    # (a hashed SubPlan) instead of probing an index per row, however often it is used.
    higher = Qualification.objects.filter(kind__gt=QualificationKind.NONE).values("mentee_id")
    return ~Q(**{f"{prefix}pk__in": higher})


def _placement_mask(bits: _Bits) -> Any:
    bits.add("placed")
    mask = _bit(bits.keys["placed"]) + bits.category(
        "type_", [(t.value, Q(placement_type=t.value)) for t in PlacementType], None
    )
    women, no_vq = Q(mentee__gender=Gender.FEMALE), without_vocational_qualification()
    for key, types in PLACEMENT_GROUPS.items():
        mask += bits.flag(f"fg_women_{key}", Q(placement_type__in=types) & women)
        mask += bits.flag(f"fg_no_vq_{key}", Q(placement_type__in=types) & no_vq)
    return mask


def _placement_facts(scope: Scope) -> dict[str, Any]:
    """Per placement, as 0/1 or a number: the columns the placement-counting figures sum."""
    insured = Q(placement_type__in=INSURED_TYPES)
    six_months = FollowUp.objects.filter(placement_id=OuterRef("pk"), months=6)
    # Each person's first placement in the period, in any project (earliest start, then
    # lowest id): one window over the period's placements, hashed once, instead of looking
    # for an earlier placement of the person row by row.
    firsts = (
        Placement.objects.filter(in_period("start_date", scope))
        .annotate(
            _n=Window(
                RowNumber(),
                partition_by=[F("mentee_id")],
                order_by=[F("start_date").asc(), F("pk").asc()],
            )
        )
        .filter(_n=1)
        .values("pk")
    )
    stay_entry = Subquery(
        Participation.objects.filter(
            mentee_id=OuterRef("mentee_id"), entry_date__lte=OuterRef("start_date")
        )
        .order_by("-entry_date")
        .values("entry_date")[:1]
    )
    return {
        "insured_jobs": _flag(insured),
        "insured_adequate": _flag(insured & Q(adequacy_computed=True)),
        "insured_adequate_effective": _flag(
            insured
            & (
                Q(adequacy_override=True)
                | Q(adequacy_override__isnull=True, adequacy_computed=True)
            )
        ),
        "fu6_answered": _flag(
            Exists(six_months.filter(still_employed__in=[StillEmployed.YES, StillEmployed.NO]))
        ),
        "fu6_yes": _flag(Exists(six_months.filter(still_employed=StillEmployed.YES))),
        # Days from the entry into the stay to the person's first placement in the period.
        "first_days": Case(
            When(Q(pk__in=firsts), then=DaysBetween(F("start_date"), stay_entry)),
            default=None,
            output_field=IntegerField(),
        ),
    }


def _flag(condition: Any) -> Case:
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


# --- One statement per family, all three dimensions at once ------------------------------------
#
# Each family is computed by ONE statement: the rows of the family are projected once (with
# every condition evaluated once, as a 0/1 column), then summed for each project, each district
# and the total with UNION ALL. Counting people (not rows) goes through two reductions: one row
# per (person, project) for the project figures, one row per person for the district and total
# figures (the district is the person's). This keeps PostgreSQL from sorting the rows once per
# figure, as COUNT(DISTINCT …) per figure would. ``MATERIALIZED`` keeps the database from
# inlining the projection and evaluating an expression (an age band, a region) once per use.


def _base_sql(
    qs: QuerySet, project: str, district: str, columns: dict[str, Any], person: bool = False
) -> tuple:
    """The projected rows of a family: project, district, (person,) and ``columns``."""
    base = qs.order_by().annotate(_project=F(project), _district=F(district), **columns)
    if person:
        base = base.annotate(_person=F("mentee_id"))
    fields = ["_project", "_district", *(["_person"] if person else []), *columns]
    return base.values(*fields).query.sql_with_params()


def _count_people(condition: Q | None = None) -> Count:
    return Count("mentee", distinct=True, filter=condition)


def _group(result: dict[str, dict[Any, dict]], dimension: str, project: Any, district: Any):
    """The dimension and group of a result row ("t", "p", "d" or "c" for a cross pair)."""
    district = UNKNOWN if district is None else district
    if dimension == "t":
        return result.setdefault(TOTAL, {}), TOTAL
    if dimension == "p":
        return result.setdefault("project", {}), project
    if dimension == "d":
        return result.setdefault("district", {}), district
    return result.setdefault(CROSS, {}), (project, district)


def _run(sql: str, params: tuple | list, keys: list[str]) -> dict[str, dict[Any, dict]]:
    result: dict[str, dict[Any, dict]] = {TOTAL: {}, "project": {}, "district": {}}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for dimension, project, district, *values in cursor.fetchall():
            target, group = _group(result, dimension, project, district)
            target[group] = {
                key: (value if key == "median_days" else int(value or 0))
                for key, value in zip(keys, values, strict=True)
            }
    return result


def _union(select: str, stays: str, people: str, cross: bool = False) -> str:
    """The three groupings of one statement: per project, per district, in total (and with
    ``cross`` per project and district)."""
    q = connection.ops.quote_name
    # SQL built from our own querysets and constant names only.
    sql = (
        f"SELECT 'p', {q('_project')}, NULL, {select} FROM {stays} "  # noqa: S608
        f"GROUP BY {q('_project')} "
        f"UNION ALL SELECT 'd', NULL, {q('_district')}, {select} FROM {people} "
        f"GROUP BY {q('_district')} "
        f"UNION ALL SELECT 't', NULL, NULL, {select} FROM {people}"
    )
    if cross:
        sql += (
            f" UNION ALL SELECT 'c', {q('_project')}, {q('_district')}, {select} "  # noqa: S608
            f"FROM {stays} GROUP BY {q('_project')}, {q('_district')}"
        )
    return sql


def _people_counts(
    qs: QuerySet,
    project: str,
    district: str,
    mask: Any,
    keys: dict[str, int],
    parts: list[int],
    cross: bool = False,
) -> dict[str, dict[Any, dict]]:
    """Distinct people for each key of ``keys`` (a key counts a person when any of the bits of
    its mask is set in any of the person's rows).

    Each row carries its facts as bits of one integer. The rows are OR-ed together per
    (person, project) and per person, then counted per project, district and in total for
    each distinct value of each *part* of the mask (``parts``: disjoint bit masks, each key's
    bits within one part). Counting per part instead of per whole mask keeps the groups few —
    a person's whole mask (gender × region × age band × exits …) is nearly unique, a part's
    value is one of a handful — and those few counts are split into figures here in Python.
    One pass over the rows, one aggregate per level."""
    q = connection.ops.quote_name
    base, params = _base_sql(qs, project, district, {"_mask": mask}, person=True)
    bit_or = "BIT_OR" if connection.vendor == "postgresql" else "lotse_bit_or"
    person, proj, dist, m = q("_person"), q("_project"), q("_district"), q("_mask")
    parts = [part for part in parts if part]
    # Per part: (dimension, project, district, part, value, people), per project from the
    # (person, project) rows, per district and in total from the person rows; each level
    # reads its rows once, joined to the constant list of parts.
    part_list = " UNION ALL ".join(
        f"SELECT {i} AS i, {part} AS bits" for i, part in enumerate(parts)
    )
    value = f"({m} & parts.bits)"
    selects = [
        f"SELECT 'p', {proj}, NULL, parts.i, {value}, COUNT(*) FROM stays, parts "  # noqa: S608
        f"GROUP BY {proj}, parts.i, {value}",
        f"SELECT 'd', NULL, {dist}, parts.i, {value}, COUNT(*) FROM people, parts "  # noqa: S608
        f"GROUP BY {dist}, parts.i, {value}",
        f"SELECT 't', NULL, NULL, parts.i, {value}, COUNT(*) FROM people, parts "  # noqa: S608
        f"GROUP BY parts.i, {value}",
    ]
    if cross:  # a person's district is the same in all their rows
        selects.append(
            f"SELECT 'c', {proj}, {dist}, parts.i, {value}, COUNT(*) FROM stays, parts "  # noqa: S608
            f"GROUP BY {proj}, {dist}, parts.i, {value}"
        )
    sql = (
        f"WITH base AS MATERIALIZED ({base}), "  # noqa: S608 - our own querysets only
        f"stays AS MATERIALIZED (SELECT {person}, {proj}, MAX({dist}) AS {dist}, "
        f"{bit_or}({m}) AS {m} FROM base GROUP BY {person}, {proj}), "
        f"people AS MATERIALIZED (SELECT {person}, MAX({dist}) AS {dist}, {bit_or}({m}) AS {m} "
        f"FROM stays GROUP BY {person}), parts AS ({part_list}) " + " UNION ALL ".join(selects)
    )
    if connection.vendor != "postgresql":
        sql = sql.replace(" AS MATERIALIZED (", " AS (")
    by_part = [[(key, bits) for key, bits in keys.items() if bits & part] for part in parts]
    result: dict[str, dict[Any, dict]] = {TOTAL: {}, "project": {}, "district": {}}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for dimension, project_id, district_id, i, value, n in cursor.fetchall():
            groups, group = _group(result, dimension, project_id, district_id)
            target = groups.setdefault(group, dict.fromkeys(keys, 0))
            for key, bits in by_part[i]:
                if value & bits:
                    target[key] += n
    return result


def _row_counts(
    qs: QuerySet,
    project: str,
    district: str,
    columns: dict[str, Any],
    median: str | None = None,
    cross: bool = False,
) -> dict[str, dict[Any, dict]]:
    """Sums of 0/1 columns per project, district and in total (rows, not people); with
    ``median``, also the count and median of that column as ``median_n`` / ``median_days``."""
    q = connection.ops.quote_name
    base, params = _base_sql(qs, project, district, columns)
    keys = [key for key in columns if key != median]
    parts = [f"SUM({q(key)})" for key in keys]
    if median:
        keys += ["median_n", "median_days"]
        parts += [f"COUNT({q(median)})", median_sql(q(median), connection.vendor)]
    sql = f"WITH base AS MATERIALIZED ({base}) " + _union(", ".join(parts), "base", "base", cross)
    return _run(sql, params, keys)


def _merge(target: dict, source: dict) -> None:
    for dimension, groups in source.items():
        for group, row in groups.items():
            target.setdefault(dimension, {}).setdefault(group, {}).update(row)


@contextmanager
def _reporting_transaction() -> Iterator[None]:
    """On PostgreSQL, one read transaction for all statements of a report (a consistent
    snapshot) with, for this transaction only, no JIT compilation (it costs seconds for the
    correlated subqueries and saves nothing on a few hundred thousand rows) and enough
    ``work_mem`` that the per-person reductions are hashed in memory instead of on disk.

    On SQLite no transaction is opened: Lotse's SQLite connections begin transactions as
    IMMEDIATE, which would hold the write lock for the length of a read-only report."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
            cursor.execute("SET LOCAL work_mem = '64MB'")
        yield


def compute(
    scope: Scope, dimensions: tuple[str, ...] = DIMENSIONS, quarters: bool = True
) -> Figures:
    """All figures of ``scope`` per project, per district and in total, in six statements:
    people in stays, people by age band at entry, people placed, placement counts, employers
    (and one for integration agreements, two for the participants and participations of group
    events), plus two for the quarterly series (unless ``quarters`` is false). ``dimensions``
    limits what is kept; with ``CROSS`` in it the same statements also group per project and
    district (the suppression's audit)."""
    with _reporting_transaction():
        return _compute(scope, dimensions, quarters)


def _compute(scope: Scope, dimensions: tuple[str, ...], quarters: bool = True) -> Figures:
    figures = Figures(scope=scope)
    cross = CROSS in dimensions
    values: dict[str, dict[Any, dict]] = {}
    regions = [*Region.values, UNKNOWN]
    bits = _Bits()
    mask = _participation_mask(scope, bits)
    _merge(
        values,
        _people_counts(
            _participations(scope),
            "project_id",
            "mentee__district_id",
            mask,
            bits.keys,
            bits.parts,
            cross,
        ),
    )
    bits = _Bits()
    mask = _placement_mask(bits)
    keys = dict(bits.keys)
    for key, types in PLACEMENT_GROUPS.items():
        keys[key] = sum(bits.keys[f"type_{t}"] for t in types)
    _merge(
        values,
        _people_counts(
            _placements(scope), "project_id", "mentee__district_id", mask, keys, bits.parts, cross
        ),
    )
    _merge(
        values,
        _row_counts(
            _placements(scope),
            "project_id",
            "mentee__district_id",
            _placement_facts(scope),
            median="first_days",
            cross=cross,
        ),
    )
    _merge(
        values,
        _row_counts(
            _employers(scope), "project_id", "district_id", {"employers": Value(1)}, cross=cross
        ),
    )
    _merge(
        values,
        _row_counts(
            _agreements(scope),
            "_stay_project",
            "mentee__district_id",
            {"agreements": Value(1)},
            cross=cross,
        ),
    )
    _merge(values, _event_counts(scope, cross))
    values.setdefault(TOTAL, {}).setdefault(TOTAL, {})
    figures.values = {d: values.get(d, {}) for d in dimensions}
    figures.values.setdefault(TOTAL, values[TOTAL])
    total = values[TOTAL][TOTAL]
    figures.regions = [name for name in regions if total.get(f"region:{name}")]
    if quarters and TOTAL in dimensions:
        figures.quarters = _quarters(scope)
    return figures


def _event_counts(scope: Scope, cross: bool = False) -> dict[str, dict[Any, dict]]:
    """Participants (distinct people) and participations (attendances) of group events."""
    attendances = _attendances(scope)
    project, district = "event__project_id", "mentee__district_id"
    values = _people_counts(
        attendances, project, district, Value(1), {"event_participants": 1}, [1], cross
    )
    _merge(
        values,
        _row_counts(
            attendances, project, district, {"event_participations": Value(1)}, cross=cross
        ),
    )
    return values


def _quarters(scope: Scope) -> list[dict[str, Any]]:
    """Per calendar quarter of the period: entries and people placed by kind."""
    entries = (
        _participations(scope)
        .filter(in_period("entry_date", scope))
        .annotate(year=ExtractYear("entry_date"), quarter=ExtractQuarter("entry_date"))
        .order_by()
        .values("year", "quarter")
        .annotate(entries=_count_people())
    )
    placed = (
        _placements(scope)
        .annotate(year=ExtractYear("start_date"), quarter=ExtractQuarter("start_date"))
        .order_by()
        .values("year", "quarter")
        .annotate(
            **{
                key: _count_people(Q(placement_type__in=types))
                for key, types in PLACEMENT_GROUPS.items()
            }
        )
    )
    by_quarter: dict[tuple[int, int], dict[str, Any]] = {}
    for year, quarter in _quarters_between(scope.start, scope.end):
        by_quarter[(year, quarter)] = {
            "year": year,
            "quarter": quarter,
            "entries": 0,
            **dict.fromkeys(PLACEMENT_GROUPS, 0),
        }
    for row in [*entries, *placed]:
        slot = by_quarter.get((row.pop("year"), row.pop("quarter")))
        if slot is not None:
            slot.update(row)
    return list(by_quarter.values())


def _quarters_between(start: datetime.date, end: datetime.date) -> list[tuple[int, int]]:
    year, quarter = start.year, (start.month - 1) // 3 + 1
    result = []
    while (year, quarter) <= (end.year, (end.month - 1) // 3 + 1):
        result.append((year, quarter))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return result


@dataclass
class Activities:
    """The work done, not people counted: mentoring contacts (journal entries) and services to
    employers, with their hours, per project. ``contacts[project] = (entries, minutes)``,
    ``services[project][kind] = (services, minutes)``, ``months[(year, month)] = (entries,
    minutes)`` for the whole scope."""

    contacts: dict[Any, tuple[int, int]] = field(default_factory=dict)
    services: dict[Any, dict[str, tuple[int, int]]] = field(default_factory=dict)
    months: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    #: Group events held and their minutes: ``events[project] = (events, minutes)``.
    events: dict[Any, tuple[int, int]] = field(default_factory=dict)


CONTACT = "contact"
EVENT = "group_event"


def activity_rows(scope: Scope | None, by: str = "project") -> list[list]:
    """Journal entries and employer services per month, as ``[group, year, month, kind, n,
    minutes]`` rows (kind ``"contact"`` for journal entries, else the service kind), grouped by
    ``by``: ``"project"`` (the mentee's current project; the employer's project) or
    ``"district"`` (the mentee's; the employer's). ``scope=None`` means all of the data (for
    the published set, summed per period later)."""
    return activity_rows_by(scope)[by]


def activity_rows_by(scope: Scope | None) -> dict[str, list[list]]:
    """``activity_rows`` for both groupings at once: two grouped queries (journal, services),
    each reading its rows once, grouped by project, district and month together and summed
    per project and per district here.

    A journal entry's month is the month of its local day (``TruncDate`` in the current time
    zone)."""
    entries = JournalEntry.objects.annotate(_day=TruncDate("occurred_at"))
    services = EmployerService.objects.all()
    if scope is not None:
        entries = entries.filter(_day__gte=scope.start, _day__lte=scope.end)
        services = services.filter(in_period("date", scope))
        if scope.project_ids is not None:
            entries = entries.filter(mentee__project_id__in=scope.project_ids)
            services = services.filter(employer__project_id__in=scope.project_ids)
        if scope.district:
            entries = entries.filter(mentee__district_id=scope.district)
            services = services.filter(employer__district_id=scope.district)
    grouped: dict[str, dict[tuple, list[int]]] = {"project": {}, "district": {}}

    def add(project: Any, district: Any, year: int, month: int, kind: str, n: int, minutes: int):
        for by, group in (("project", project), ("district", district)):
            total = grouped[by].setdefault((group, year, month, kind), [0, 0])
            total[0] += n
            total[1] += minutes or 0

    for project, district, year, month, n, minutes in (
        entries.annotate(_y=ExtractYear("_day"), _m=ExtractMonth("_day"))
        .order_by()
        .values_list("mentee__project_id", "mentee__district_id", "_y", "_m")
        .annotate(n=Count("pk"), minutes=Sum("duration_minutes"))
    ):
        add(project, district, year, month, CONTACT, n, minutes)
    for project, district, year, month, kind, n, minutes in (
        services.annotate(_y=ExtractYear("date"), _m=ExtractMonth("date"))
        .order_by()
        .values_list("employer__project_id", "employer__district_id", "_y", "_m", "kind")
        .annotate(n=Count("pk"), minutes=Sum("duration_minutes"))
    ):
        add(project, district, year, month, kind, n, minutes)
    result = {
        by: [[*key, n, minutes] for key, (n, minutes) in rows.items()]
        for by, rows in grouped.items()
    }
    for by, rows in result.items():
        rows += event_activity_rows(scope, by)
    return result


def event_activity_rows(scope: Scope | None, by: str = "project") -> list[list]:
    """Group events held (not cancelled, dated in the period and not after today) per month,
    as ``[group, year, month, EVENT, events, minutes]``, grouped by the event's project or its
    district (``by``). One grouped query."""
    from django.db.models import Sum

    events = GroupEvent.objects.held()
    if scope is not None:
        events = events.filter(in_period("date", scope))
        if scope.project_ids is not None:
            events = events.filter(project_id__in=scope.project_ids)
        if scope.district:
            events = events.filter(district_id=scope.district)
    group = "project_id" if by == "project" else "district_id"
    return [
        [row[group], row["_y"], row["_m"], EVENT, row["n"], row["minutes"] or 0]
        for row in events.annotate(_y=ExtractYear("date"), _m=ExtractMonth("date"))
        .order_by()
        .values(group, "_y", "_m")
        .annotate(n=Count("pk"), minutes=Sum("duration_minutes"))
    ]


def summed_activities(
    rows: list[list],
    start: datetime.date,
    end: datetime.date,
    groups: frozenset | None = None,
) -> Activities:
    """``Activities`` of the months from ``start`` to ``end`` (whole months: report periods
    begin on the first and end on the last of a month, except custom dates, whose rows are
    already cut to the days) for ``groups`` (``None``: all)."""
    first, last = (start.year, start.month), (end.year, end.month)
    result = Activities()
    for group, year, month, kind, n, minutes in rows:
        if not first <= (year, month) <= last or (groups is not None and group not in groups):
            continue
        if kind == CONTACT:
            old = result.contacts.get(group, (0, 0))
            result.contacts[group] = (old[0] + n, old[1] + minutes)
            old = result.months.get((year, month), (0, 0))
            result.months[(year, month)] = (old[0] + n, old[1] + minutes)
        elif kind == EVENT:
            old = result.events.get(group, (0, 0))
            result.events[group] = (old[0] + n, old[1] + minutes)
        else:
            kinds = result.services.setdefault(group, {})
            old = kinds.get(kind, (0, 0))
            kinds[kind] = (old[0] + n, old[1] + minutes)
    return result


def activities(scope: Scope) -> Activities:
    """Journal entries whose day lies in the period, counted for the mentee's current project,
    and services to employers dated in the period, counted for the employer's project."""
    return summed_activities(activity_rows(scope), scope.start, scope.end)


SERVICE_KINDS = [k.value for k in ServiceKind]


def programme_figures(period_start: datetime.date, period_end: datetime.date) -> dict[str, Any]:
    """The headline figures of the whole programme for a period, unsuppressed and without a
    user (for the demo data's self-check and the command line, never for a page).

    Keys: ``mentees`` (supported), ``entries``, ``exits``, ``employers`` (looked after),
    ``into_job``, ``into_apprenticeship``, ``into_training``, ``adequate_share``,
    ``adequate_share_effective``, ``women_share``, ``still_employed_share`` (0..1 or None) and
    ``median_days``.
    """
    figures = compute(Scope(start=period_start, end=period_end), dimensions=(TOTAL,))
    total = figures.values[TOTAL][TOTAL]
    result: dict[str, Any] = {
        "mentees": total.get("supported", 0),
        "entries": total.get("entries", 0),
        "exits": total.get("exits", 0),
        "employers": total.get("employers", 0),
        "into_job": total.get("into_job", 0),
        "into_apprenticeship": total.get("into_apprenticeship", 0),
        "into_training": total.get("into_training", 0),
        "median_days": total.get("median_days"),
    }
    for key in SHARES:
        numerator, denominator = figures.share(TOTAL, TOTAL, key)
        result[key] = numerator / denominator if denominator else None
    return result
