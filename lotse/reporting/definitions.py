"""What the report counts: the placement types behind each figure, the age bands, and the
written definition of every figure, shown beside it on the page and in every export."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lotse.cases.models import Gender
from lotse.placements.models import PlacementType

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
