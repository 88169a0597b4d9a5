"""ESF Plus indicators (Regulation (EU) 2021/1057, Annex I) for projects that record them.

Counted per participation (an ESF "participant" is one entry into an operation), by gender, in
one grouped query. Answers "keine Angabe" are counted in their own rows, and so are
participations whose question has not been asked yet."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lotse.cases.models import Gender, Participation
from lotse.reporting.figures import Scope, in_period, with_age
from lotse.reporting.models import ImmediateResult, LabourStatus, YesNoUnknown


@dataclass(frozen=True)
class Indicator:
    key: str
    label: Promise
    moment: str  # entry | exit
    condition: Q


_R = "esf_record__"
_YES, _NOT_STATED = YesNoUnknown.YES, YesNoUnknown.NOT_STATED


def _yes_and_not_stated(field: str, label: Promise, not_stated_label: Promise) -> list[Indicator]:
    return [
        Indicator(field, label, "entry", Q(**{_R + field: _YES})),
        Indicator(f"{field}_not_stated", not_stated_label, "entry", Q(**{_R + field: _NOT_STATED})),
    ]


INDICATORS: list[Indicator] = [
    Indicator("participants", _("At entry: participants"), "entry", Q()),
    Indicator(
        "unemployed",
        _("At entry: unemployed, including long-term unemployed"),
        "entry",
        Q(
            **{
                _R + "labour_status__in": [
                    LabourStatus.UNEMPLOYED,
                    LabourStatus.LONG_TERM_UNEMPLOYED,
                ]
            }
        ),
    ),
    Indicator(
        "long_term",
        _("At entry: long-term unemployed"),
        "entry",
        Q(**{_R + "labour_status": LabourStatus.LONG_TERM_UNEMPLOYED}),
    ),
    Indicator(
        "inactive",
        _("At entry: inactive"),
        "entry",
        Q(**{_R + "labour_status": LabourStatus.INACTIVE}),
    ),
    Indicator(
        "employed",
        _("At entry: employed, including self-employed"),
        "entry",
        Q(**{_R + "labour_status": LabourStatus.EMPLOYED}),
    ),
    Indicator(
        "labour_not_stated",
        _("At entry: labour-market status not stated (keine Angabe)"),
        "entry",
        Q(**{_R + "labour_status": LabourStatus.NOT_STATED}),
    ),
    Indicator(
        "entry_missing",
        _("At entry: data not yet recorded"),
        "entry",
        Q(esf_record__isnull=True) | Q(**{_R + "labour_status": ""}),
    ),
    Indicator("under_18", _("At entry: under 18"), "entry", Q(age__lt=18)),
    Indicator("age_18_29", _("At entry: 18 to 29"), "entry", Q(age__gte=18, age__lte=29)),
    Indicator("age_55", _("At entry: 55 and over"), "entry", Q(age__gte=55)),
    Indicator("isced_0_2", _("At entry: ISCED 0 to 2"), "entry", Q(mentee__isced_level__lte=2)),
    Indicator("isced_3_4", _("At entry: ISCED 3 to 4"), "entry", Q(mentee__isced_level__in=[3, 4])),
    Indicator("isced_5_8", _("At entry: ISCED 5 to 8"), "entry", Q(mentee__isced_level__gte=5)),
    Indicator(
        "isced_unknown",
        _("At entry: education not recorded"),
        "entry",
        Q(mentee__isced_level__isnull=True),
    ),
    *_yes_and_not_stated(
        "disability",
        _("At entry: participants with disabilities"),
        _("At entry: disability not stated (keine Angabe)"),
    ),
    Indicator(
        "third_country",
        _("At entry: third-country nationals"),
        "entry",
        Q(mentee__nationality__isnull=False, mentee__nationality__is_eu_eea=False),
    ),
    *_yes_and_not_stated(
        "foreign_background",
        _("At entry: participants with a foreign background"),
        _("At entry: foreign background not stated (keine Angabe)"),
    ),
    *_yes_and_not_stated(
        "minority",
        _("At entry: participants from minorities"),
        _("At entry: minority not stated (keine Angabe)"),
    ),
    *_yes_and_not_stated(
        "homeless",
        _("At entry: homeless or affected by housing exclusion"),
        _("At entry: housing situation not stated (keine Angabe)"),
    ),
    *_yes_and_not_stated(
        "rural",
        _("At entry: from rural areas"),
        _("At entry: rural area not stated (keine Angabe)"),
    ),
    Indicator("leavers", _("At exit: participants who left"), "exit", Q()),
    Indicator(
        "result_job_searching",
        _("Within 4 weeks of leaving: engaged in job searching"),
        "exit",
        Q(**{_R + "immediate_result": ImmediateResult.JOB_SEARCHING}),
    ),
    Indicator(
        "result_education",
        _("Within 4 weeks of leaving: in education or training"),
        "exit",
        Q(**{_R + "immediate_result": ImmediateResult.EDUCATION}),
    ),
    Indicator(
        "result_qualification",
        _("Within 4 weeks of leaving: gaining a qualification"),
        "exit",
        Q(**{_R + "immediate_result": ImmediateResult.QUALIFICATION}),
    ),
    Indicator(
        "result_employment",
        _("Within 4 weeks of leaving: in employment, including self-employment"),
        "exit",
        Q(**{_R + "immediate_result": ImmediateResult.EMPLOYMENT}),
    ),
    Indicator(
        "result_none",
        _("Within 4 weeks of leaving: none of these"),
        "exit",
        Q(**{_R + "immediate_result": ImmediateResult.NONE}),
    ),
    Indicator(
        "result_not_stated",
        _("Within 4 weeks of leaving: not stated (keine Angabe)"),
        "exit",
        Q(**{_R + "immediate_result": ImmediateResult.NOT_STATED}),
    ),
    Indicator(
        "result_missing",
        _("Within 4 weeks of leaving: not yet recorded"),
        "exit",
        Q(esf_record__isnull=True) | Q(**{_R + "immediate_result": ""}),
    ),
    Indicator(
        "employed_6m",
        _("Six months after leaving: in employment"),
        "exit",
        Q(**{_R + "employed_after_six_months": _YES}),
    ),
    Indicator(
        "employed_6m_not_stated",
        _("Six months after leaving: employment not stated (keine Angabe)"),
        "exit",
        Q(**{_R + "employed_after_six_months": _NOT_STATED}),
    ),
    Indicator(
        "better_6m",
        _("Six months after leaving: better labour-market situation"),
        "exit",
        Q(**{_R + "better_situation_after_six_months": _YES}),
    ),
    Indicator(
        "better_6m_not_stated",
        _("Six months after leaving: better situation not stated (keine Angabe)"),
        "exit",
        Q(**{_R + "better_situation_after_six_months": _NOT_STATED}),
    ),
]

#: Indicators that split the participants (or the leavers) without overlap: (parts, total).
PARTITIONS: list[tuple[list[str], str]] = [
    (
        ["unemployed", "inactive", "employed", "labour_not_stated", "entry_missing"],
        "participants",
    ),
    (["isced_0_2", "isced_3_4", "isced_5_8", "isced_unknown"], "participants"),
    (
        [
            "result_job_searching",
            "result_education",
            "result_qualification",
            "result_employment",
            "result_none",
            "result_not_stated",
            "result_missing",
        ],
        "leavers",
    ),
]

DEFINITION = _(
    "Participations in projects that record ESF Plus indicators: entry indicators for "
    "participations that began in the period, exit and six-month indicators for those that "
    "ended in it; by gender. 'keine Angabe' and data not yet recorded are counted in rows of "
    "their own."
)


def esf_figures(scope: Scope, esf_project_ids: frozenset[int]) -> dict[str, dict[str, int]]:
    """``{gender code: {indicator key: count}}`` for the ESF projects in scope, in one query."""
    qs = Participation.objects.filter(project_id__in=esf_project_ids).filter(
        in_period("entry_date", scope) | in_period("exit_date", scope)
    )
    if scope.project_ids is not None:
        qs = qs.filter(project_id__in=scope.project_ids)
    if scope.district:
        qs = qs.filter(mentee__district_id=scope.district)
    entered, exited = in_period("entry_date", scope), in_period("exit_date", scope)
    aggregates: dict[str, Any] = {
        ind.key: Count("pk", filter=(entered if ind.moment == "entry" else exited) & ind.condition)
        for ind in INDICATORS
    }
    result: dict[str, dict[str, int]] = {g.value: {} for g in Gender}
    for row in with_age(qs).order_by().values("mentee__gender").annotate(**aggregates):
        result[row.pop("mentee__gender")] = row
    return result
