"""The programme's history as a plan: who was in which project when, and who was placed.

Pure Python, no database: ``plan_history`` returns one ``PersonPlan`` per person. The cohorts are
designed so that the distinct people active in each funding period, and the distinct people
placed into jobs and apprenticeships in it, match the programme's published figures (scaled):

=====================  ==========  =========  ============  ===============
period                 mentees     jobs       apprentices   (press report)
=====================  ==========  =========  ============  ===============
2016-10-01–2019-12-31  3,000       1,200      500           model phase
2020-01-01–2024-12-31  5,300       2,500      640           "more than 600"
2025-01-01–2025-07-31  1,300       –          –             press report of July 2025
today                  ~1,300 current mentees
=====================  ==========  =========  ============  ===============

Cohorts (scale 1): A 1,940 only in the model phase (+60 whose first stay there is followed by a
re-entry after 2020); B 1,000 entered in the model phase and still supported on 1 January 2020;
C 3,300 entered and left within 2020–2024; D 1,000 entered by 2024 and still supported on
1 January 2025; E 300 entered January–July 2025; F 900 entered since August 2025.
So: model phase A + re-entries + B = 3,000; 2020–2024 B + C + D = 5,300; 2025 to July D + E = 1,300.
"""

import datetime
import random
from dataclasses import dataclass, field

D = datetime.date
DAY = datetime.timedelta(days=1)

MODEL_PHASE = (D(2016, 10, 1), D(2019, 12, 31))
PHASE_2020 = (D(2020, 1, 1), D(2024, 12, 31))
PRESS_2025 = (D(2025, 1, 1), D(2025, 7, 31))

# Targets at scale 1 (distinct people).
TARGETS = {
    "model": {"mentees": 3000, "jobs": 1200, "apprenticeships": 500},
    "2020": {"mentees": 5300, "jobs": 2500, "apprenticeships": 640},
    "2025": {"mentees": 1300},
}
COHORTS = {"A": 2000, "B": 1000, "C": 3300, "D": 1000, "E": 300, "F": 900}
REENTRIES_ACROSS_PHASES = 60  # taken from A: their model-phase stay belongs to a C person
REENTRIES_WITHIN_2020 = 40  # C people with two stays in 2020–2024 (one in another project)
# Placements after 2024 (not in the press figures, but the demo should look alive).
LATER_JOBS_SHARE = 0.30
LATER_APPRENTICESHIP_SHARE = 0.07


@dataclass
class Stay:
    project: int
    entry: datetime.date
    exit: datetime.date | None = None
    exit_reason: str = ""
    mentor: int | None = None


@dataclass
class PlannedPlacement:
    kind: str  # "job" | "apprenticeship" | "eq"
    start: datetime.date
    stay: int  # index into PersonPlan.stays
    second: bool = False  # a second job in the same stay (job change or mini-job first)


@dataclass
class PersonPlan:
    cohort: str
    stays: list[Stay]
    placements: list[PlannedPlacement] = field(default_factory=list)

    @property
    def current(self) -> Stay | None:
        last = self.stays[-1]
        return last if last.exit is None else None

    def active_in(self, start: datetime.date, end: datetime.date) -> bool:
        return any(s.entry <= end and (s.exit is None or s.exit >= start) for s in self.stays)


def n(base: int, scale: float) -> int:
    return max(0, round(base * scale))


def _date_between(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    if end <= start:
        return start
    return start + datetime.timedelta(days=rng.randint(0, (end - start).days))


def _ramped_date(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    """A date in [start, end], more often later (the programme grew in its first years)."""
    span = (end - start).days
    return start + datetime.timedelta(days=int(span * rng.random() ** 0.7))


def _duration(rng: random.Random) -> datetime.timedelta:
    """How long a stay lasts: mostly 6 to 24 months."""
    return datetime.timedelta(days=int(rng.triangular(90, 900, 420)))


def plan_history(
    rng: random.Random, scale: float, today: datetime.date, project_weights: list[int]
) -> list[PersonPlan]:
    projects = list(range(len(project_weights)))

    def project() -> int:
        return rng.choices(projects, weights=project_weights)[0]

    last_entry = today - 7 * DAY
    last_exit = today - 14 * DAY
    people: list[PersonPlan] = []

    # A: only in the model phase.
    for _ in range(n(COHORTS["A"] - REENTRIES_ACROSS_PHASES, scale)):
        entry = _ramped_date(rng, MODEL_PHASE[0], D(2019, 9, 30))
        exit_ = min(entry + _duration(rng), MODEL_PHASE[1])
        people.append(PersonPlan("A", [Stay(project(), entry, max(exit_, entry + 30 * DAY))]))
    # B: from the model phase into 2020–2024.
    for _ in range(n(COHORTS["B"], scale)):
        entry = _date_between(rng, D(2018, 3, 1), MODEL_PHASE[1])
        exit_ = max(entry + _duration(rng), PHASE_2020[0] + rng.randint(0, 200) * DAY)
        people.append(PersonPlan("B", [Stay(project(), entry, min(exit_, D(2022, 12, 31)))]))
    # C: within 2020–2024.
    for i in range(n(COHORTS["C"], scale)):
        entry = _date_between(rng, PHASE_2020[0], D(2024, 6, 30))
        exit_ = min(entry + _duration(rng), PHASE_2020[1])
        stays = [Stay(project(), entry, max(exit_, entry + 30 * DAY))]
        if i < n(REENTRIES_ACROSS_PHASES, scale):
            first_entry = _date_between(rng, D(2017, 1, 1), D(2019, 3, 31))
            first_exit = _date_between(rng, first_entry + 60 * DAY, MODEL_PHASE[1])
            first_project = stays[0].project if rng.random() < 0.7 else project()
            stays.insert(0, Stay(first_project, first_entry, first_exit, "no_contact"))
        elif (
            i < n(REENTRIES_ACROSS_PHASES + REENTRIES_WITHIN_2020, scale)
            and (stays[0].exit - stays[0].entry).days > 400
        ):
            first = stays[0]
            gap_start = first.entry + 150 * DAY
            second_entry = gap_start + rng.randint(60, 120) * DAY
            if second_entry < first.exit:
                stays = [
                    Stay(first.project, first.entry, gap_start, "moved"),
                    Stay(project(), second_entry, first.exit),
                ]
        people.append(PersonPlan("C", stays))
    # D: entered by 2024, still supported in 2025 (a quarter still today).
    for _ in range(n(COHORTS["D"], scale)):
        entry = _date_between(rng, D(2022, 9, 1), PHASE_2020[1])
        exit_ = None
        if rng.random() < 0.75:
            exit_ = _date_between(rng, max(PRESS_2025[0], entry + 180 * DAY), last_exit)
        people.append(PersonPlan("D", [Stay(project(), entry, exit_)]))
    # E: entered January to July 2025.
    for _ in range(n(COHORTS["E"], scale)):
        entry = _date_between(rng, PRESS_2025[0], PRESS_2025[1])
        exit_ = _date_between(rng, entry + 120 * DAY, last_exit) if rng.random() < 0.3 else None
        people.append(PersonPlan("E", [Stay(project(), entry, exit_)]))
    # F: entered since August 2025.
    for _ in range(n(COHORTS["F"], scale)):
        entry = _date_between(rng, PRESS_2025[1] + DAY, last_entry)
        exit_ = None
        if rng.random() < 0.07 and entry + 60 * DAY < last_exit:
            exit_ = _date_between(rng, entry + 60 * DAY, last_exit)
        people.append(PersonPlan("F", [Stay(project(), entry, exit_)]))

    _plan_placements(rng, people, scale, today)
    _set_exit_reasons(rng, people)
    return people


def _window(stay: Stay, start: datetime.date, end: datetime.date, today: datetime.date):
    """The dates in which a placement in ``stay`` can start and count for [start, end]."""
    lo = max(stay.entry + 45 * DAY, start)
    hi = min(stay.exit - 20 * DAY if stay.exit else today - 10 * DAY, end)
    return (lo, hi) if lo <= hi else None


def _apprenticeship_start(
    rng: random.Random, window: tuple[datetime.date, datetime.date]
) -> datetime.date | None:
    """1 August or 1 September inside the window (apprenticeships start in late summer)."""
    lo, hi = window
    options = [
        D(year, month, 1)
        for year in range(lo.year, hi.year + 1)
        for month in (8, 9)
        if lo <= D(year, month, 1) <= hi
    ]
    return rng.choice(options) if options else None


def _plan_placements(
    rng: random.Random, people: list[PersonPlan], scale: float, today: datetime.date
) -> None:
    later = (PHASE_2020[1] + DAY, today)
    periods = [
        (
            MODEL_PHASE,
            n(TARGETS["model"]["jobs"], scale),
            n(TARGETS["model"]["apprenticeships"], scale),
        ),
        (
            PHASE_2020,
            n(TARGETS["2020"]["jobs"], scale),
            n(TARGETS["2020"]["apprenticeships"], scale),
        ),
        (later, None, None),
    ]
    placed: set[int] = set()
    for (start, end), jobs, apprenticeships in periods:
        candidates = [
            i for i, p in enumerate(people) if i not in placed and p.active_in(start, end)
        ]
        rng.shuffle(candidates)
        if jobs is None:
            jobs = round(len(candidates) * LATER_JOBS_SHARE)
            apprenticeships = round(len(candidates) * LATER_APPRENTICESHIP_SHARE)
        rest = []
        for i in candidates:
            if apprenticeships <= 0:
                rest.append(i)
                continue
            for stay_index, stay in enumerate(people[i].stays):
                window = _window(stay, start, end, today)
                begin = _apprenticeship_start(rng, window) if window else None
                if begin:
                    people[i].placements.append(
                        PlannedPlacement("apprenticeship", begin, stay_index)
                    )
                    placed.add(i)
                    apprenticeships -= 1
                    break
            else:
                rest.append(i)
        for i in rest:
            if jobs <= 0:
                break
            for stay_index, stay in reversed(list(enumerate(people[i].stays))):
                window = _window(stay, start, end, today)
                if not window:
                    continue
                begin = _date_between(rng, *window)
                people[i].placements.append(PlannedPlacement("job", begin, stay_index))
                if (window[1] - begin).days > 120 and rng.random() < 0.12:
                    second = _date_between(rng, begin + 90 * DAY, window[1])
                    people[i].placements.append(
                        PlannedPlacement("job", second, stay_index, second=True)
                    )
                placed.add(i)
                jobs -= 1
                break
    # Some of those not placed started an entry qualification (EQ) or a qualification.
    for i, person in enumerate(people):
        if i in placed or rng.random() > 0.06:
            continue
        stay = person.stays[-1]
        window = _window(stay, stay.entry, today, today)
        if window:
            begin = _date_between(rng, *window)
            person.placements.append(PlannedPlacement("eq", begin, len(person.stays) - 1))


EXIT_REASONS_OTHER = [
    ("no_contact", 30),
    ("moved", 20),
    ("programme", 15),
    ("illness", 12),
    ("qualification", 8),
    ("left", 5),
    ("other", 10),
]


def _set_exit_reasons(rng: random.Random, people: list[PersonPlan]) -> None:
    reasons, weights = zip(*EXIT_REASONS_OTHER, strict=True)
    for person in people:
        for index, stay in enumerate(person.stays):
            if stay.exit is None or stay.exit_reason:
                continue
            kinds = {p.kind for p in person.placements if p.stay == index}
            if "apprenticeship" in kinds:
                stay.exit_reason = "apprenticeship"
            elif "job" in kinds:
                stay.exit_reason = "job"
            elif "eq" in kinds:
                stay.exit_reason = "qualification"
            else:
                stay.exit_reason = rng.choices(reasons, weights=weights)[0]
