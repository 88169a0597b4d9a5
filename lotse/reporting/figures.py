"""The programme's key figures for a period, aggregated in the database.

Every figure is computed by a handful of grouped queries (``COUNT(DISTINCT …)`` with conditional
filters), once for the whole scope and once per project and per district; no query loops over
people in Python. What each figure means is written in ``DEFINITIONS`` and shown beside it on the
page and in every export.

- A mentee *counts for a project* through the participation (stay) in that project, and for a
  district through the mentee's district of residence.
- People are counted, not placements or stays, unless a definition says otherwise; a person with
  stays in two projects counts once in each project and once in the total.

This module knows nothing about users or suppression: the caller decides which projects a report
may cover (``Scope.project_ids``) and ``suppression.py`` hides small cells.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractQuarter, ExtractYear
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lotse.cases.models import ExitReason, Gender, Participation
from lotse.employers.models import EmployerService, ServiceTarget
from lotse.placements.models import FollowUp, Placement, PlacementType, StillEmployed
from lotse.reference.models import Region
from lotse.reporting.expressions import DaysBetween, Median

TOTAL = "total"
UNKNOWN = "unknown"

JOB_TYPES = (
    PlacementType.INSURED_FULL_TIME,
    PlacementType.INSURED_PART_TIME,
    PlacementType.MINI_JOB,
    PlacementType.SELF_EMPLOYED,
)
INSURED_TYPES = (PlacementType.INSURED_FULL_TIME, PlacementType.INSURED_PART_TIME)
TRAINING_TYPES = (PlacementType.EQ, PlacementType.QUALIFICATION)


@dataclass(frozen=True)
class AgeBand:
    key: str
    label: Promise
    low: int | None
    high: int | None  # exclusive


AGE_BANDS = (
    AgeBand("u18", _("under 18"), None, 18),
    AgeBand("18_24", _("18 to 24"), 18, 25),
    AgeBand("25_29", _("25 to 29"), 25, 30),
    AgeBand("30_44", _("30 to 44"), 30, 45),
    AgeBand("45_54", _("45 to 54"), 45, 55),
    AgeBand("55", _("55 and over"), 55, None),
)


@dataclass(frozen=True)
class Definition:
    key: str
    label: Promise
    text: Promise
    kind: str = "count"  # count (people unless stated) | share | days


DEFINITIONS: dict[str, Definition] = {
    d.key: d
    for d in (
        Definition(
            "supported",
            _("Mentees supported"),
            _(
                "Distinct people with a participation (stay in a project) that overlaps the "
                "period: entered on or before its last day and not left before its first day."
            ),
        ),
        Definition(
            "entries",
            _("New entries"),
            _(
                "Distinct people who entered a project in the period. A person who entered "
                "twice in the period counts once."
            ),
        ),
        Definition(
            "exits",
            _("Exits"),
            _(
                "Distinct people whose stay in a project ended in the period, by the reason "
                "recorded at exit. A person who left twice for different reasons appears under "
                "each reason but only once in the total."
            ),
        ),
        Definition(
            "employers",
            _("Employers looked after"),
            _(
                "Distinct employers that received at least one service aimed at the company "
                "(not at a specific mentee) in the period. Counted for the employer's project "
                "and the employer's district."
            ),
        ),
        Definition(
            "into_job",
            _("Mentees into a job"),
            _(
                "Distinct people with a placement into a job with social insurance (full-time "
                "or part-time), a mini-job or self-employment that started in the period. "
                "Counted for the project the person was in at the start of the placement."
            ),
        ),
        Definition(
            "into_apprenticeship",
            _("Mentees into an apprenticeship"),
            _("Distinct people with an apprenticeship (Ausbildung) that started in the period."),
        ),
        Definition(
            "into_training",
            _("Mentees into an entry qualification or qualification"),
            _(
                "Distinct people with an entry qualification (EQ) or internship, or a "
                "qualification leading to a degree, that started in the period."
            ),
        ),
        Definition(
            "adequate_share",
            _("Insured jobs that match the qualification (computed)"),
            _(
                "Of all placements into a job with social insurance that started in the period "
                "(placements, not people): the share whose requirement level is at least the "
                "level of the mentee's recognised qualification, as computed by Lotse."
            ),
            "share",
        ),
        Definition(
            "adequate_share_effective",
            _("Insured jobs that match the qualification (with mentors' judgements)"),
            _(
                "As above, but where the mentor overrode the computed value with a reason, the "
                "mentor's judgement counts."
            ),
            "share",
        ),
        Definition(
            "women_share",
            _("Share of women"),
            _(
                "Women among the mentees supported. People whose gender is not stated count in "
                "the total."
            ),
            "share",
        ),
        Definition(
            "median_days",
            _("Median days from entry to first placement"),
            _(
                "For each person placed in the period: days from the entry into the stay in "
                "which the placement started to the person's first placement in the period; "
                "the median over these people."
            ),
            "days",
        ),
        Definition(
            "still_employed_share",
            _("Still employed at the 6-month follow-up"),
            _(
                "Of the placements that started in the period and whose 6-month follow-up was "
                "answered with yes or no (placements, not people): the share answered with yes. "
                "Answers 'unknown' and follow-ups not yet due or answered are left out."
            ),
            "share",
        ),
        Definition(
            "gender",
            _("Gender"),
            _("Mentees supported by the gender recorded in the case file."),
        ),
        Definition(
            "age",
            _("Age at entry"),
            _(
                "Mentees supported by their age on the day they entered the stay; people "
                "without a date of birth are shown as unknown. A person whose stays in the "
                "period began in different age bands appears in each."
            ),
        ),
        Definition(
            "region",
            _("Region of origin"),
            _(
                "Mentees supported by the region of their country of origin (the nationality "
                "where no country of origin is recorded)."
            ),
        ),
        Definition(
            "placement_types",
            _("Placements by type"),
            _(
                "Distinct people with a placement of each type that started in the period. A "
                "person with placements of two types appears under both."
            ),
        ),
        Definition(
            "quarters",
            _("Entries and placements by quarter"),
            _(
                "Distinct people who entered a project, and distinct people with a job, an "
                "apprenticeship or an entry qualification / qualification starting, per "
                "calendar quarter of the period."
            ),
        ),
    )
}

# Share figures: (numerator key, denominator key).
SHARES: dict[str, tuple[str, str]] = {
    "adequate_share": ("insured_adequate", "insured_jobs"),
    "adequate_share_effective": ("insured_adequate_effective", "insured_jobs"),
    "women_share": (f"gender_{Gender.FEMALE}", "supported"),
    "still_employed_share": ("fu6_yes", "fu6_answered"),
}


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

    ``dimension`` is ``"total"`` (one group, ``TOTAL``), ``"project"`` (project id) or
    ``"district"`` (AGS, or ``UNKNOWN``). Keys are counts such as ``supported``,
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

# The group-by field of each figure family, per dimension.
_GROUP_FIELDS = {
    "participation": {"project": "project_id", "district": "mentee__district_id"},
    "placement": {"project": "project_id", "district": "mentee__district_id"},
    "employer": {"project": "employer__project_id", "district": "employer__district_id"},
}


# --- Querysets -------------------------------------------------------------------------------


def _in_period(field_name: str, scope: Scope) -> Q:
    return Q(**{f"{field_name}__gte": scope.start, f"{field_name}__lte": scope.end})


def _participations(scope: Scope) -> QuerySet[Participation]:
    qs = Participation.objects.filter(entry_date__lte=scope.end).filter(
        Q(exit_date__isnull=True) | Q(exit_date__gte=scope.start)
    )
    if scope.project_ids is not None:
        qs = qs.filter(project_id__in=scope.project_ids)
    if scope.district:
        qs = qs.filter(mentee__district_id=scope.district)
    return qs


def _placements(scope: Scope) -> QuerySet[Placement]:
    qs = Placement.objects.filter(_in_period("start_date", scope))
    if scope.project_ids is not None:
        qs = qs.filter(project_id__in=scope.project_ids)
    if scope.district:
        qs = qs.filter(mentee__district_id=scope.district)
    return qs


def _company_services(scope: Scope) -> QuerySet[EmployerService]:
    qs = EmployerService.objects.filter(_in_period("date", scope), target=ServiceTarget.COMPANY)
    if scope.project_ids is not None:
        qs = qs.filter(employer__project_id__in=scope.project_ids)
    if scope.district:
        qs = qs.filter(employer__district_id=scope.district)
    return qs


def _person(condition: Q | None = None) -> Count:
    return Count("mentee", distinct=True, filter=condition)


def _participation_aggregates(scope: Scope) -> dict[str, Count]:
    entered = _in_period("entry_date", scope)
    exited = _in_period("exit_date", scope)
    aggregates: dict[str, Count] = {
        "supported": _person(),
        "entries": _person(entered),
        "exits": _person(exited),
    }
    for reason in ExitReason:
        aggregates[f"exit_{reason.value}"] = _person(exited & Q(exit_reason=reason))
    aggregates[f"exit_{UNKNOWN}"] = _person(exited & Q(exit_reason=""))
    for gender in Gender:
        aggregates[f"gender_{gender.value}"] = _person(Q(mentee__gender=gender))
    for band in AGE_BANDS:
        condition = Q()
        if band.low is not None:
            condition &= Q(age__gte=band.low)
        if band.high is not None:
            condition &= Q(age__lt=band.high)
        aggregates[f"age_{band.key}"] = _person(condition)
    aggregates[f"age_{UNKNOWN}"] = _person(Q(mentee__birth_date__isnull=True))
    return aggregates


def _with_age(qs: QuerySet[Participation]) -> QuerySet[Participation]:
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


def _region_expression() -> Case:
    return Case(
        When(
            mentee__country_of_origin__isnull=False,
            then=F("mentee__country_of_origin__region"),
        ),
        default=F("mentee__nationality__region"),
    )


def _placement_aggregates() -> dict[str, Any]:
    insured = Q(placement_type__in=INSURED_TYPES)
    aggregates: dict[str, Any] = {
        "placed": _person(),
        "into_job": _person(Q(placement_type__in=JOB_TYPES)),
        "into_apprenticeship": _person(Q(placement_type=PlacementType.APPRENTICESHIP)),
        "into_training": _person(Q(placement_type__in=TRAINING_TYPES)),
        "insured_jobs": Count("pk", filter=insured),
        "insured_adequate": Count("pk", filter=insured & Q(adequacy_computed=True)),
        "insured_adequate_effective": Count(
            "pk",
            filter=insured
            & (
                Q(adequacy_override=True)
                | Q(adequacy_override__isnull=True, adequacy_computed=True)
            ),
        ),
        "fu6_answered": Count("pk", filter=Q(fu6_answered=True)),
        "fu6_yes": Count("pk", filter=Q(fu6_yes=True)),
        "median_n": Count("pk", filter=Q(is_first=True, stay_entry__isnull=False)),
        "median_days": Median(
            Case(When(is_first=True, then=F("days_to_placement")), output_field=IntegerField())
        ),
    }
    for placement_type in PlacementType:
        aggregates[f"type_{placement_type.value}"] = _person(Q(placement_type=placement_type))
    return aggregates


def _with_placement_facts(qs: QuerySet[Placement], scope: Scope) -> QuerySet[Placement]:
    """Alias what the placement aggregates need: the 6-month follow-up answers, whether this is
    the person's first placement in the period, and the days since the entry of the stay."""
    six_months = FollowUp.objects.filter(placement_id=OuterRef("pk"), months=6)
    earlier = Placement.objects.filter(
        mentee_id=OuterRef("mentee_id"), start_date__gte=scope.start
    ).filter(
        Q(start_date__lt=OuterRef("start_date"))
        | Q(start_date=OuterRef("start_date"), pk__lt=OuterRef("pk"))
    )
    stay_entry = Subquery(
        Participation.objects.filter(
            mentee_id=OuterRef("mentee_id"), entry_date__lte=OuterRef("start_date")
        )
        .order_by("-entry_date")
        .values("entry_date")[:1]
    )
    return qs.alias(
        fu6_answered=Exists(
            six_months.filter(still_employed__in=[StillEmployed.YES, StillEmployed.NO])
        ),
        fu6_yes=Exists(six_months.filter(still_employed=StillEmployed.YES)),
        is_first=~Exists(earlier),
        stay_entry=stay_entry,
    ).alias(days_to_placement=DaysBetween(F("start_date"), F("stay_entry")))


def _grouped(qs: QuerySet, group_field: str | None, aggregates: dict[str, Any]) -> dict:
    """Run one aggregate query: for the whole queryset (``group_field=None``) or per group.
    Rows without a group (e.g. no district recorded) are keyed ``UNKNOWN``."""
    if group_field is None:
        # A constant group: one row (or none for no data), and aliases stay usable.
        qs, group_field = qs.annotate(_group=Value(TOTAL)), "_group"
    result: dict[Any, dict[str, Any]] = {}
    for row in qs.order_by().values(group_field).annotate(**aggregates):
        key = row.pop(group_field)
        result[UNKNOWN if key is None else key] = row
    return result


def _merge(target: dict, source: dict) -> None:
    for group, row in source.items():
        target.setdefault(group, {}).update(row)


def compute(scope: Scope, dimensions: tuple[str, ...] = DIMENSIONS) -> Figures:
    """All figures of ``scope`` for the given dimensions: five grouped queries per dimension
    (participations, regions, placements, employers) plus two for the quarterly series."""
    figures = Figures(scope=scope)
    participations = _with_age(_participations(scope))
    placements = _with_placement_facts(_placements(scope), scope)
    services = _company_services(scope)
    regions: set[str] = set()
    for dimension in dimensions:
        groups: dict[Any, dict[str, Any]] = {}
        group_of = (
            (lambda family: None)
            if dimension == TOTAL
            else (lambda family, d=dimension: _GROUP_FIELDS[family][d])
        )
        _merge(
            groups,
            _grouped(participations, group_of("participation"), _participation_aggregates(scope)),
        )
        _merge(groups, _region_counts(participations, group_of("participation"), regions))
        _merge(groups, _grouped(placements, group_of("placement"), _placement_aggregates()))
        _merge(
            groups,
            _grouped(
                services,
                group_of("employer"),
                {"employers": Count("employer", distinct=True)},
            ),
        )
        figures.values[dimension] = groups
    figures.values.setdefault(TOTAL, {}).setdefault(TOTAL, {})
    order = {code: i for i, code in enumerate(Region.values)}
    figures.regions = sorted(regions, key=lambda name: (order.get(name, len(order)), name))
    if TOTAL in dimensions:
        figures.quarters = _quarters(scope)
    return figures


def _region_counts(qs: QuerySet[Participation], group_field: str | None, seen: set[str]) -> dict:
    fields = ["region"] if group_field is None else [group_field, "region"]
    rows = qs.annotate(region=_region_expression()).order_by().values(*fields).annotate(n=_person())
    result: dict[Any, dict[str, int]] = {}
    for row in rows:
        group = TOTAL if group_field is None else row[group_field]
        group = UNKNOWN if group is None else group
        region = row["region"] or UNKNOWN
        seen.add(region)
        cell = result.setdefault(group, {})
        cell[f"region:{region}"] = cell.get(f"region:{region}", 0) + row["n"]
    return result


def _quarters(scope: Scope) -> list[dict[str, Any]]:
    """Per calendar quarter of the period: entries and people placed by kind."""
    entries = (
        _participations(scope)
        .filter(_in_period("entry_date", scope))
        .annotate(year=ExtractYear("entry_date"), quarter=ExtractQuarter("entry_date"))
        .order_by()
        .values("year", "quarter")
        .annotate(entries=_person())
    )
    placed = (
        _placements(scope)
        .annotate(year=ExtractYear("start_date"), quarter=ExtractQuarter("start_date"))
        .order_by()
        .values("year", "quarter")
        .annotate(
            into_job=_person(Q(placement_type__in=JOB_TYPES)),
            into_apprenticeship=_person(Q(placement_type=PlacementType.APPRENTICESHIP)),
            into_training=_person(Q(placement_type__in=TRAINING_TYPES)),
        )
    )
    by_quarter: dict[tuple[int, int], dict[str, Any]] = {}
    for year, quarter in _quarters_between(scope.start, scope.end):
        by_quarter[(year, quarter)] = {
            "year": year,
            "quarter": quarter,
            "entries": 0,
            "into_job": 0,
            "into_apprenticeship": 0,
            "into_training": 0,
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
