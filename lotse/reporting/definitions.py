"""The catalogue of figures: every figure of the report once, with its key, label, written
definition, how it is computed, its kind (count, share, median) and where it appears.

``figures.py`` computes what the catalogue names, ``report.py`` builds its tables from it, the
page, the print view and both exports show the definitions from here, and ``published.py``
suppresses the cells it lists. Adding a figure means adding one entry here (and, for a new kind
of row, its column in ``figures.py``) and its hand-computed test.

The groups of placement types ("into a job", …) are defined once, here, in
``PLACEMENT_GROUPS``.
"""

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lotse.cases.models import ExitReason, Gender
from lotse.placements.models import PlacementType
from lotse.reference.models import Region

UNKNOWN = "unknown"

COUNT = "count"
SHARE = "share"
MEDIAN = "median"
SERIES = "series"  # a table of other figures over time

# Where a figure appears (besides the definitions list of every page and export).
HEADLINE = "headline"  # the cards "at a glance"
KEY_TABLES = "key tables"  # key figures by project and by district
RATIOS = "ratios"  # shares and durations
QUARTERS = "quarters"  # the quarterly series and its chart
BREAKDOWN = "breakdown"  # a table of its own, rows by category
ACTIVITIES = "activities"  # the work done: contacts, services and their hours (not suppressed)
ACTIVITY = "activity"  # kind: a count of events or hours, not of people

JOB_TYPES = (
    PlacementType.INSURED_FULL_TIME,
    PlacementType.INSURED_PART_TIME,
    PlacementType.MINI_JOB,
    PlacementType.SELF_EMPLOYED,
)
INSURED_TYPES = (PlacementType.INSURED_FULL_TIME, PlacementType.INSURED_PART_TIME)
TRAINING_TYPES = (PlacementType.EQ, PlacementType.QUALIFICATION)

#: People counted by any of several placement types: the one definition of "into a job".
PLACEMENT_GROUPS: dict[str, tuple[str, ...]] = {
    "into_job": JOB_TYPES,
    "into_apprenticeship": (PlacementType.APPRENTICESHIP,),
    "into_training": TRAINING_TYPES,
}


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
class Figure:
    """One figure of the report.

    ``computed`` says in a sentence how Lotse computes it (shown in the catalogue of
    ``docs/reporting.md`` and tested by ``test_catalogue``); for a share, ``parts`` names its
    numerator and denominator counts; for a breakdown, ``rows`` are the counts of its rows and
    ``total`` the figure they add up to (for suppression: a total minus the rows shown must not
    reveal a row)."""

    key: str
    label: Promise
    text: Promise
    computed: str
    kind: str = COUNT
    appears: tuple[str, ...] = ()
    parts: tuple[str, str] | None = None
    total: str | None = None
    rows: tuple[tuple[str, Promise], ...] = field(default=(), compare=False)
    short_label: Promise | None = None

    @property
    def definition(self) -> Promise:
        return self.text


def _exit_rows() -> tuple[tuple[str, Promise], ...]:
    return (
        *((f"exit_{r.value}", r.label) for r in ExitReason),
        (f"exit_{UNKNOWN}", _("no reason recorded")),
    )


def _gender_rows() -> tuple[tuple[str, Promise], ...]:
    return tuple((f"gender_{g.value}", g.label) for g in Gender)


def _age_rows() -> tuple[tuple[str, Promise], ...]:
    return (
        *((f"age_{band.key}", band.label) for band in AGE_BANDS),
        (f"age_{UNKNOWN}", _("unknown")),
    )


def _region_rows() -> tuple[tuple[str, Promise], ...]:
    return (
        *((f"region:{value}", label) for value, label in Region.choices),
        (f"region:{UNKNOWN}", _("unknown")),
    )


def _focus_rows() -> tuple[tuple[str, Promise], ...]:
    rows = [
        (f"gender_{Gender.FEMALE}", _("Women supported")),
        ("fg_no_vq_supported", _("Supported without a vocational qualification")),
        ("fg_women_entries", _("Women: new entries")),
        ("fg_no_vq_entries", _("Without a vocational qualification: new entries")),
    ]
    labels = {
        "into_job": (_("Women into a job"), _("Without a vocational qualification: into a job")),
        "into_apprenticeship": (
            _("Women into an apprenticeship"),
            _("Without a vocational qualification: into an apprenticeship"),
        ),
        "into_training": (
            _("Women into EQ or qualification"),
            _("Without a vocational qualification: into EQ or qualification"),
        ),
    }
    for key in PLACEMENT_GROUPS:
        rows += [(f"fg_women_{key}", labels[key][0]), (f"fg_no_vq_{key}", labels[key][1])]
    return tuple(rows)


def _type_rows() -> tuple[tuple[str, Promise], ...]:
    return tuple((f"type_{t.value}", t.label) for t in PlacementType)


_PEOPLE_IN_STAYS = "figures._people_counts over the stays overlapping the period"
_PEOPLE_PLACED = "figures._people_counts over the placements starting in the period"

FIGURES: tuple[Figure, ...] = (
    Figure(
        "supported",
        _("Mentees supported"),
        _(
            "Distinct people with a participation (stay in a project) that overlaps the "
            "period: entered on or before its last day and not left before its first day."
        ),
        _PEOPLE_IN_STAYS,
        appears=(HEADLINE, KEY_TABLES),
    ),
    Figure(
        "entries",
        _("New entries"),
        _(
            "Distinct people who entered a project in the period. A person who entered "
            "twice in the period counts once."
        ),
        _PEOPLE_IN_STAYS + " with the entry date in the period",
        appears=(HEADLINE, KEY_TABLES, QUARTERS),
        short_label=_("New entries"),
    ),
    Figure(
        "exits",
        _("Exits"),
        _(
            "Distinct people whose stay in a project ended in the period, by the reason "
            "recorded at exit. A person who left twice for different reasons appears under "
            "each reason but only once in the total."
        ),
        _PEOPLE_IN_STAYS + " with the exit date in the period",
        appears=(HEADLINE, KEY_TABLES),
    ),
    Figure(
        "employers",
        _("Employers looked after"),
        _(
            "Distinct employers that received at least one service aimed at the company "
            "(not at a specific mentee) in the period. Counted for the employer's project "
            "and the employer's district."
        ),
        "figures._row_counts over employers with a company service in the period",
        appears=(HEADLINE, KEY_TABLES),
    ),
    Figure(
        "into_job",
        _("Mentees into a job"),
        _(
            "Distinct people with a placement into a job with social insurance (full-time "
            "or part-time), a mini-job or self-employment that started in the period. "
            "Counted for the project the person was in at the start of the placement."
        ),
        _PEOPLE_PLACED + " of the types PLACEMENT_GROUPS['into_job']",
        appears=(HEADLINE, KEY_TABLES, QUARTERS),
        total=None,
        short_label=_("Into a job"),
    ),
    Figure(
        "into_apprenticeship",
        _("Mentees into an apprenticeship"),
        _("Distinct people with an apprenticeship (Ausbildung) that started in the period."),
        _PEOPLE_PLACED + " of the types PLACEMENT_GROUPS['into_apprenticeship']",
        appears=(HEADLINE, KEY_TABLES, QUARTERS),
        short_label=_("Into an apprenticeship"),
    ),
    Figure(
        "into_training",
        _("Mentees into an entry qualification or qualification"),
        _(
            "Distinct people with an entry qualification (EQ) or internship, or a "
            "qualification leading to a degree, that started in the period."
        ),
        _PEOPLE_PLACED + " of the types PLACEMENT_GROUPS['into_training']",
        appears=(HEADLINE, KEY_TABLES, QUARTERS),
        short_label=_("Into EQ or qualification"),
    ),
    Figure(
        "agreements",
        _("Integration agreements concluded"),
        _(
            "Integration agreements (Integrationsvereinbarungen) signed in the period. Counted "
            "for the project of the stay in which they were signed (the latest stay entered on "
            "or before the signing day) and the mentee's district."
        ),
        "figures._row_counts over IntegrationAgreement.signed_on in the period",
        appears=(HEADLINE, KEY_TABLES),
    ),
    Figure(
        "event_participants",
        _("Participants in group events"),
        _(
            "Distinct people recorded as having attended at least one group event (workshop, "
            "application training, employer day, job fair or other) held in the period: the "
            "event not cancelled, its date in the period. Counted for the event's project and "
            "the mentee's district; a person who attended several events counts once."
        ),
        "figures._people_counts over the attendances (events.Invitation 'attended') of "
        "events dated in the period",
        appears=(KEY_TABLES,),
    ),
    Figure(
        "event_participations",
        _("Participations in group events"),
        _(
            "Attendances at group events held in the period: each person once for each event "
            "they attended (three people at two events each: 6). Counted like the participants."
        ),
        "figures._row_counts over the same attendances",
        appears=(KEY_TABLES,),
    ),
    Figure(
        "adequate_share",
        _("Insured jobs that match the qualification (computed)"),
        _(
            "Of all placements into a job with social insurance that started in the period "
            "(placements, not people): the share whose requirement level is at least the "
            "level of the mentee's recognised qualification, as computed by Lotse."
        ),
        "figures._row_counts: insured_adequate / insured_jobs",
        SHARE,
        appears=(HEADLINE, RATIOS),
        parts=("insured_adequate", "insured_jobs"),
    ),
    Figure(
        "adequate_share_effective",
        _("Insured jobs that match the qualification (with mentors' judgements)"),
        _(
            "As above, but where the mentor overrode the computed value with a reason, the "
            "mentor's judgement counts."
        ),
        "figures._row_counts: insured_adequate_effective / insured_jobs",
        SHARE,
        appears=(HEADLINE, RATIOS),
        parts=("insured_adequate_effective", "insured_jobs"),
    ),
    Figure(
        "women_share",
        _("Share of women"),
        _(
            "Women among the mentees supported. People whose gender is not stated count in "
            "the total."
        ),
        "gender_f / supported",
        SHARE,
        appears=(HEADLINE, RATIOS),
        parts=(f"gender_{Gender.FEMALE}", "supported"),
    ),
    Figure(
        "median_days",
        _("Median days from entry to first placement"),
        _(
            "For each person placed in the period: days from the entry into the stay in "
            "which the placement started to the person's first placement in the period; "
            "the median over these people."
        ),
        "figures._row_counts: median of first_days (percentile_cont on PostgreSQL)",
        MEDIAN,
        appears=(HEADLINE, RATIOS),
    ),
    Figure(
        "still_employed_share",
        _("Still employed at the 6-month follow-up"),
        _(
            "Of the placements that started in the period and whose 6-month follow-up was "
            "answered with yes or no (placements, not people): the share answered with yes. "
            "Answers 'unknown' and follow-ups not yet due or answered are left out."
        ),
        "figures._row_counts: fu6_yes / fu6_answered",
        SHARE,
        appears=(HEADLINE, RATIOS),
        parts=("fu6_yes", "fu6_answered"),
    ),
    Figure(
        "exit_reasons",
        _("Exits by reason"),
        _(
            "Distinct people whose stay ended in the period, by the reason recorded at exit. "
            "A person who left twice for different reasons appears under each reason."
        ),
        _PEOPLE_IN_STAYS + ", one bit per exit reason",
        appears=(BREAKDOWN,),
        total="exits",
        rows=_exit_rows(),
        short_label=_("Reason for leaving"),
    ),
    Figure(
        "placement_types",
        _("Placements by type"),
        _(
            "Distinct people with a placement of each type that started in the period. A "
            "person with placements of two types appears under both."
        ),
        _PEOPLE_PLACED + ", one bit per placement type",
        appears=(BREAKDOWN,),
        rows=_type_rows(),
        short_label=_("Type"),
    ),
    Figure(
        "gender",
        _("Gender"),
        _("Mentees supported by the gender recorded in the case file."),
        _PEOPLE_IN_STAYS + ", one bit per gender",
        appears=(BREAKDOWN,),
        total="supported",
        rows=_gender_rows(),
        short_label=_("Gender"),
    ),
    Figure(
        "age",
        _("Age at entry"),
        _(
            "Mentees supported by their age on the day they entered the stay; people "
            "without a date of birth are shown as unknown. A person whose stays in the "
            "period began in different age bands appears in each."
        ),
        _PEOPLE_IN_STAYS + ", one bit per age band (date of birth against the entry date)",
        appears=(BREAKDOWN,),
        total="supported",
        rows=_age_rows(),
        short_label=_("Age"),
    ),
    Figure(
        "region",
        _("Region of origin"),
        _(
            "Mentees supported by the region of their country of origin (the nationality "
            "where no country of origin is recorded)."
        ),
        _PEOPLE_IN_STAYS + ", one bit per region",
        appears=(BREAKDOWN,),
        total="supported",
        rows=_region_rows(),
        short_label=_("Region"),
    ),
    Figure(
        "focus_groups",
        _("Focus groups of the 2025–2027 phase"),
        _(
            "The key figures for women and for people without a vocational qualification (no "
            "qualification recorded above 'no vocational qualification'): people supported, "
            "new entries and people placed, as defined above."
        ),
        _PEOPLE_IN_STAYS + " and " + _PEOPLE_PLACED + ", one bit per focus group and figure",
        appears=(BREAKDOWN,),
        rows=_focus_rows(),
        short_label=_("Figure"),
    ),
    Figure(
        "contacts",
        _("Mentoring contacts"),
        _(
            "Journal entries (contacts with or about a mentee) dated in the period, counted for "
            "the mentee's current project and district. Contacts, not people: shown exactly "
            "for every reader, like the hours."
        ),
        "figures.activity_rows: JournalEntry per mentee's project and month",
        ACTIVITY,
        appears=(ACTIVITIES,),
    ),
    Figure(
        "contact_hours",
        _("Hours of mentoring contacts"),
        _("The durations of these journal entries, in hours."),
        "figures.activities: sum of JournalEntry.duration_minutes / 60",
        ACTIVITY,
        appears=(ACTIVITIES,),
    ),
    Figure(
        "services",
        _("Services to employers"),
        _(
            "Services given to employers in the period (aimed at the company or at a specific "
            "mentee), by kind, counted for the employer's project; with their hours."
        ),
        "figures.activity_rows: EmployerService per employer's project, kind and month",
        ACTIVITY,
        appears=(ACTIVITIES,),
    ),
    Figure(
        "events_held",
        _("Group events held"),
        _(
            "Group events of the project that were not cancelled and whose date lies in the "
            "period and not after today, whether or not attendance was recorded; counted for "
            "the event's project and the district where it took place. Events, not people: "
            "shown exactly for every reader, like the contacts."
        ),
        "figures.event_activity_rows: GroupEvent per project (or district) and month",
        ACTIVITY,
        appears=(ACTIVITIES,),
    ),
    Figure(
        "event_hours",
        _("Hours of group events"),
        _(
            "The durations of these events (from start to end time), in hours; an event counts "
            "once however many staff ran it."
        ),
        "figures.activities: sum of GroupEvent.duration_minutes / 60",
        ACTIVITY,
        appears=(ACTIVITIES,),
    ),
    Figure(
        "quarters",
        _("Entries and placements by quarter"),
        _(
            "Distinct people who entered a project, and distinct people with a job, an "
            "apprenticeship or an entry qualification / qualification starting, per "
            "calendar quarter of the period."
        ),
        "the figures marked 'quarters', computed for each calendar quarter of the period",
        SERIES,
        appears=(QUARTERS,),
        short_label=_("Quarter"),
    ),
)

CATALOGUE: dict[str, Figure] = {f.key: f for f in FIGURES}
#: The catalogue under its older name: ``DEFINITIONS[key].label`` / ``.text``.
DEFINITIONS = CATALOGUE

COUNT_KEYS = tuple(f.key for f in FIGURES if f.kind == COUNT and KEY_TABLES in f.appears)
RATIO_KEYS = tuple(f.key for f in FIGURES if RATIOS in f.appears)
QUARTER_KEYS = tuple(f.key for f in FIGURES if QUARTERS in f.appears and f.kind == COUNT)
BREAKDOWNS = tuple(f for f in FIGURES if BREAKDOWN in f.appears)

#: Share figures: (numerator key, denominator key).
SHARES: dict[str, tuple[str, str]] = {f.key: f.parts for f in FIGURES if f.parts}


def breakdown_lines() -> list[tuple[list[str], str]]:
    """Counts that add up (for a count of people: at least) to another count, as
    ``(parts, total)``: the rows of each breakdown, and the placement types of each group."""
    lines = [([key for key, _label in f.rows], f.total) for f in BREAKDOWNS if f.total]
    for group, types in PLACEMENT_GROUPS.items():
        lines.append(([f"type_{t}" for t in types], group))
    return lines


def every_count_key() -> list[str]:
    """Every count the published set holds: the key figures and every breakdown row."""
    keys = list(COUNT_KEYS)
    for f in BREAKDOWNS:
        keys += [key for key, _label in f.rows if key not in keys]
    return keys
