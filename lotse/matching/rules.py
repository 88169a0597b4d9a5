"""The matching rules as plain data: weights, codes and the two input shapes.

This module imports neither Django nor numpy. The fast engine (``engine.py``) and the
pure-Python reference scorer (``reference.py``) both read their constants from here, so a rule
changes in one place; each implements the arithmetic on its own, and the tests prove the two
agree.

Scores are points. The best possible vacancy scores ``MAX_SCORE``; penalties can make a score
negative. Every factor except distance takes its points from the small tables below, and all
those points are multiples of 1/8, so their float64 sum is exact in any order. The score is that
sum plus the distance points (a piecewise-linear formula) added last; both implementations do
the same, so they agree to the last bit except where ``sin``/``asin`` differ by an ulp.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from datetime import date

# --- Vacancy kinds (small integers in the index) ---------------------------------------------
JOB = 0
APPRENTICESHIP = 1
INTERNSHIP = 2  # internship or entry qualification (EQ)
MINI_JOB = 3
KINDS = (JOB, APPRENTICESHIP, INTERNSHIP, MINI_JOB)

# --- Goals ------------------------------------------------------------------------------------
GOAL_JOB = "job"
GOAL_APPRENTICESHIP = "apprenticeship"
GOAL_QUALIFICATION = "qualification"

# --- Work permission hints (the values of reference.WorkPermission) ---------------------------
PERMISSION_ALLOWED = "allowed"
PERMISSION_PERMIT = "permit"
PERMISSION_RESTRICTED = "restricted"
PERMISSION_BANNED = "banned"

# --- Factors, in the order they are summed ------------------------------------------------------
FACTORS = (
    "occupation",
    "level",
    "kind",
    "german",
    "distance",
    "licence",
    "hours",
    "start",
    "permission",
    "shift",
)
F_OCCUPATION, F_LEVEL, F_KIND, F_GERMAN, F_DISTANCE = 0, 1, 2, 3, 4
F_LICENCE, F_HOURS, F_START, F_PERMISSION, F_SHIFT = 5, 6, 7, 8, 9

# Occupation fit: points by the length of the common KldB prefix (5 digits = same Berufsgattung).
OCCUPATION_POINTS = {5: 40.0, 4: 32.0, 3: 20.0, 2: 10.0}
# Weight of each source of occupations: the first target, further targets, work experience,
# the reference occupations of qualifications.
WEIGHT_FIRST_TARGET = 1.0
WEIGHT_OTHER_TARGET = 0.875  # binary fractions keep the sums exact
WEIGHT_EXPERIENCE = 0.75
WEIGHT_QUALIFICATION = 0.75
SOURCE_TARGET, SOURCE_EXPERIENCE, SOURCE_QUALIFICATION = 1, 2, 3

# Requirement level (5th KldB digit) against the recognised qualification level.
# codes: 0 unknown, 1 adequate, 2 over-qualified by one level, 3 by two or more,
# 4 under-qualified by one level, 5 by two or more, 6 apprenticeship leading to a first
# vocational qualification, 7 apprenticeship although already qualified, 8 internship/EQ as an
# entry, 9 internship/EQ although already qualified.
LEVEL_UNKNOWN, LEVEL_ADEQUATE, LEVEL_OVER_1, LEVEL_OVER_2 = 0, 1, 2, 3
LEVEL_UNDER_1, LEVEL_UNDER_2, LEVEL_APPR_FIRST, LEVEL_APPR_QUALIFIED = 4, 5, 6, 7
LEVEL_INTERN_ENTRY, LEVEL_INTERN_QUALIFIED = 8, 9
LEVEL_POINTS = {
    LEVEL_UNKNOWN: 0.0,
    LEVEL_ADEQUATE: 15.0,
    LEVEL_OVER_1: 6.0,
    LEVEL_OVER_2: 0.0,
    LEVEL_UNDER_1: 3.0,
    LEVEL_UNDER_2: -10.0,
    LEVEL_APPR_FIRST: 15.0,
    LEVEL_APPR_QUALIFIED: 0.0,
    LEVEL_INTERN_ENTRY: 10.0,
    LEVEL_INTERN_QUALIFIED: 0.0,
}

# Kind against the goal. ``None`` means the kind is left out (shown as an exclusion).
# Rows: (without vocational qualification?, goal) → {kind: points}.
KIND_UNQUALIFIED = {APPRENTICESHIP: 15.0, INTERNSHIP: 8.0, JOB: 0.0, MINI_JOB: -5.0}
KIND_BY_GOAL_QUALIFIED = {
    GOAL_JOB: {JOB: 5.0, INTERNSHIP: 0.0, MINI_JOB: -5.0, APPRENTICESHIP: None},
    GOAL_APPRENTICESHIP: {APPRENTICESHIP: 10.0, INTERNSHIP: 5.0, JOB: 0.0, MINI_JOB: -5.0},
    GOAL_QUALIFICATION: {APPRENTICESHIP: 10.0, INTERNSHIP: 8.0, JOB: 0.0, MINI_JOB: -5.0},
}

# German: codes 0 nothing required, 1 meets, 2 one level below with a course in progress,
# 3 one level below, 4 two or more below with a course, 5 two or more below.
GERMAN_NONE, GERMAN_MEETS, GERMAN_BELOW_1_COURSE, GERMAN_BELOW_1 = 0, 1, 2, 3
GERMAN_BELOW_2_COURSE, GERMAN_BELOW_2 = 4, 5
GERMAN_POINTS = {
    GERMAN_NONE: 10.0,
    GERMAN_MEETS: 15.0,
    GERMAN_BELOW_1_COURSE: 8.0,
    GERMAN_BELOW_1: 3.0,
    GERMAN_BELOW_2_COURSE: -10.0,
    GERMAN_BELOW_2: -15.0,
}
GERMAN_LEVELS = 8  # 0 none … 6 C2, 7 native (lotse.reference.models.CEFR_RANK)

# Distance: r = km / commute limit. r ≤ 1: 15 − 7.5 r; 1 < r ≤ 2: 7.5 − 15 (r − 1);
# beyond EXCLUDE_FACTOR × limit the vacancy is left out. Without car and licence a commute of
# more than PUBLIC_TRANSPORT_FREE_KM costs PUBLIC_TRANSPORT_PENALTY.
# codes: 0 unknown, 1 within the limit, 2 beyond the limit; +10 with the public transport penalty.
DISTANCE_UNKNOWN, DISTANCE_WITHIN, DISTANCE_BEYOND = 0, 1, 2
DISTANCE_PUBLIC_TRANSPORT = 10
DISTANCE_MAX_POINTS = 15.0
DISTANCE_AT_LIMIT = 7.5
DISTANCE_BEYOND_SLOPE = 15.0
EXCLUDE_FACTOR = 2.0
PUBLIC_TRANSPORT_FREE_KM = 5.0
PUBLIC_TRANSPORT_PENALTY = -2.0
EARTH_RADIUS_KM = 6371.0088

# Driving licence required: codes 0 not required, 1 has one, 2 foreign (to be converted), 3 none.
LICENCE_NOT_REQUIRED, LICENCE_HAS, LICENCE_FOREIGN, LICENCE_NONE = 0, 1, 2, 3
LICENCE_POINTS = {LICENCE_NOT_REQUIRED: 0.0, LICENCE_HAS: 0.0, LICENCE_FOREIGN: -5.0}
LICENCE_POINTS[LICENCE_NONE] = -15.0

# Hours: codes 0 unknown, 1 within 5 h of what the person wants, 2 within 10 h, 3 further off.
HOURS_UNKNOWN, HOURS_FIT, HOURS_CLOSE, HOURS_OFF = 0, 1, 2, 3
HOURS_POINTS = {HOURS_UNKNOWN: 0.0, HOURS_FIT: 5.0, HOURS_CLOSE: 2.0, HOURS_OFF: -3.0}

# Start date (a start in the past means "as soon as possible"): codes 0 unknown, 1 fits,
# 2 up to 30 days before the person is available, 3 earlier, 4 more than 180 days later.
START_UNKNOWN, START_FIT, START_SLIGHTLY_EARLY, START_EARLY, START_LATE = 0, 1, 2, 3, 4
START_POINTS = {
    START_UNKNOWN: 0.0,
    START_FIT: 5.0,
    START_SLIGHTLY_EARLY: 2.0,
    START_EARLY: -5.0,
    START_LATE: 0.0,
}
START_SLACK_DAYS = 30
START_LATE_DAYS = 180

# Work permission: codes 0 allowed or unknown, 1 permit needed, 2 restricted; +10 when the
# vacancy's hours exceed the hours the residence status allows.
PERMISSION_CODE = {PERMISSION_PERMIT: 1, PERMISSION_RESTRICTED: 2}
PERMISSION_POINTS = {0: 0.0, 1: -3.0, 2: -2.0}
PERMISSION_HOURS_EXCEEDED = 10
PERMISSION_HOURS_PENALTY = -10.0

# Shift work: codes 0 none, 1 shift work and a childcare constraint, 2 shift work.
SHIFT_NONE, SHIFT_CHILDCARE, SHIFT_PLAIN = 0, 1, 2
SHIFT_CHILDCARE_PENALTY = -5.0

MAX_SCORE = 40.0 + 15.0 + 15.0 + 15.0 + 15.0 + 5.0 + 5.0  # 110
STRONG_MATCH_SCORE = 75.0

# --- Exclusion reasons, in order of precedence (the first that applies is counted) ----------
INCLUDED = 0
EXCLUDED_WORK_BAN = 1
EXCLUDED_TOO_FAR = 2
EXCLUDED_RADIUS = 3
EXCLUDED_CLOSED = 4
EXCLUDED_KIND_GOAL = 5
EXCLUDED_KIND_FILTER = 6
EXCLUSION_REASONS = {
    EXCLUDED_WORK_BAN: "work_ban",
    EXCLUDED_TOO_FAR: "too_far",
    EXCLUDED_RADIUS: "radius",
    EXCLUDED_CLOSED: "closed",
    EXCLUDED_KIND_GOAL: "kind_goal",
    EXCLUDED_KIND_FILTER: "kind_filter",
}

# Sentinels in the index for "not given".
NO_START_DAY = 2**31 - 1
NO_CLOSING_DAY = 2**31 - 1


def total(factors: list[float] | tuple[float, ...]) -> float:
    """The score: the exact sum of the table factors, then the distance points."""
    score = 0.0
    for i, value in enumerate(factors):
        if i != F_DISTANCE:
            score = score + value
    return score + factors[F_DISTANCE]


def f32(value: float) -> float:
    """``value`` rounded to float32, as the index stores coordinates (about 1 m)."""
    return struct.unpack("f", struct.pack("f", value))[0]


def code_as_int(code: str) -> int:
    """A KldB code as the index stores it: five digits, right-padded with zeros."""
    return int(code.ljust(5, "0")[:5])


@dataclass(frozen=True)
class VacancyRecord:
    """One open vacancy as the matching sees it."""

    id: int
    occupation_code: str  # 5-digit KldB code
    kind: int = JOB
    requirement_level: int = 0  # 1–4; 0: take the 5th digit of the code
    latitude: float | None = None
    longitude: float | None = None
    german_required: int = 0  # CEFR rank, 0 none
    hours_per_week: int = 0  # 0 unknown
    start_date: date | None = None
    closing_date: date | None = None
    driving_licence_required: bool = False
    shift_work: bool = False
    group: int = 0  # the project whose employer offers it

    @property
    def level(self) -> int:
        if self.requirement_level:
            return self.requirement_level
        digit = self.occupation_code.ljust(5, "0")[4]
        return int(digit) if digit in "1234" else 0


@dataclass(frozen=True)
class MenteeProfile:
    """What the matching needs to know about one mentee."""

    id: int
    target_codes: tuple[str, ...] = ()  # in order of priority
    experience_codes: tuple[str, ...] = ()
    qualification_codes: tuple[str, ...] = ()  # reference occupations of qualifications
    qualification_level: int = 1  # highest recognised level: 1 none … 4 master's
    goal: str = GOAL_JOB
    latitude: float | None = None
    longitude: float | None = None
    commute_limit_km: int = 25
    driving_licence: str = ""  # "", "B", "foreign", "other"
    has_car: bool = False
    german_rank: int = 0
    german_course: bool = False  # a German course towards the next level is running
    work_permission: str = ""  # "" unknown, or one of the PERMISSION_* values
    hours_allowed: int | None = None
    available_from: date | None = None
    hours_per_week: int | None = None
    childcare_constraint: bool = False
    project_id: int | None = None
    mentor_id: int | None = None

    @property
    def occupation_sources(self) -> list[tuple[str, float, int]]:
        """(code, weight, source) in order of preference; the first best source wins ties."""
        sources = []
        for i, code in enumerate(self.target_codes):
            weight = WEIGHT_FIRST_TARGET if i == 0 else WEIGHT_OTHER_TARGET
            sources.append((code, weight, SOURCE_TARGET))
        sources += [(c, WEIGHT_EXPERIENCE, SOURCE_EXPERIENCE) for c in self.experience_codes]
        sources += [
            (c, WEIGHT_QUALIFICATION, SOURCE_QUALIFICATION) for c in self.qualification_codes
        ]
        return sources

    @property
    def is_mobile(self) -> bool:
        return self.has_car and self.driving_licence == "B"

    @property
    def has_place(self) -> bool:
        return self.latitude is not None and self.longitude is not None


def kind_points(profile: MenteeProfile, kind: int) -> float | None:
    """Points for a vacancy kind given the person's goal; ``None``: left out."""
    if profile.qualification_level <= 1:
        return KIND_UNQUALIFIED[kind]
    row = KIND_BY_GOAL_QUALIFIED.get(profile.goal, KIND_BY_GOAL_QUALIFIED[GOAL_JOB])
    return row[kind]


def level_code(qualification_level: int, kind: int, level: int) -> int:
    """The requirement-level code for one vacancy (see LEVEL_* above)."""
    q = qualification_level
    if kind == APPRENTICESHIP:
        return LEVEL_APPR_FIRST if q <= 1 else LEVEL_APPR_QUALIFIED
    if kind == INTERNSHIP:
        return LEVEL_INTERN_ENTRY if q <= 1 else LEVEL_INTERN_QUALIFIED
    if level == 0:
        return LEVEL_UNKNOWN
    if level == q:
        return LEVEL_ADEQUATE
    if level < q:
        return LEVEL_OVER_1 if q - level == 1 else LEVEL_OVER_2
    return LEVEL_UNDER_1 if level - q == 1 else LEVEL_UNDER_2


def german_code(german_rank: int, course: bool, required: int) -> int:
    if required <= 0:
        return GERMAN_NONE
    if german_rank >= required:
        return GERMAN_MEETS
    if german_rank == required - 1:
        return GERMAN_BELOW_1_COURSE if course else GERMAN_BELOW_1
    return GERMAN_BELOW_2_COURSE if course else GERMAN_BELOW_2


def licence_code(driving_licence: str, required: bool) -> int:
    if not required:
        return LICENCE_NOT_REQUIRED
    if driving_licence == "B":
        return LICENCE_HAS
    if driving_licence == "foreign":
        return LICENCE_FOREIGN
    return LICENCE_NONE


def available_day(profile: MenteeProfile, today: date) -> int:
    """The first day (ordinal) the person can start: not before today."""
    start = profile.available_from
    return max(start.toordinal(), today.toordinal()) if start else today.toordinal()


@dataclass
class Match:
    vacancy_id: int
    score: float
    factors: tuple[float, ...]
    codes: tuple[int, ...]
    distance_km: float | None
    reason: int = INCLUDED  # an EXCLUDED_* value for left-out vacancies

    @property
    def percent(self) -> int:
        """The score as 0–100 for the score bar."""
        return max(0, min(100, round(self.score / MAX_SCORE * 100)))

    @property
    def is_strong(self) -> bool:
        return self.score >= STRONG_MATCH_SCORE


@dataclass
class RankResult:
    matches: list[Match]
    excluded_counts: dict[str, int]
    considered: int  # open vacancies looked at
    excluded: list[Match] = field(default_factory=list)
    notes: tuple[str, ...] = ()

    @property
    def excluded_total(self) -> int:
        return sum(self.excluded_counts.values())


def profile_notes(profile: MenteeProfile) -> tuple[str, ...]:
    """Notes about the whole result, independent of any single vacancy."""
    notes = []
    if profile.work_permission == PERMISSION_BANNED:
        notes.append("work_ban")
    elif profile.work_permission == PERMISSION_PERMIT:
        notes.append("permit_required")
    elif profile.work_permission == PERMISSION_RESTRICTED:
        notes.append("restricted")
    elif not profile.work_permission:
        notes.append("permission_unknown")
    if not profile.has_place:
        notes.append("no_place")
    if not profile.occupation_sources:
        notes.append("no_occupation")
    return tuple(notes)
