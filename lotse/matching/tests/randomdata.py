"""Random vacancies and mentees for the property-style tests and the benchmark."""

from __future__ import annotations

import random
from datetime import date, timedelta

from lotse.matching import rules

# A few real KldB 5-digit codes from different areas, so that prefixes are shared at every level.
CODES = (
    "24412",
    "24422",
    "24411",
    "24413",
    "24212",
    "25212",
    "25102",
    "81302",
    "81301",
    "81313",
    "82102",
    "82101",
    "52122",
    "52112",
    "51312",
    "51311",
    "29302",
    "29301",
    "63302",
    "63301",
    "71402",
    "71302",
    "43412",
    "43413",
    "43104",
    "83112",
    "26122",
    "26112",
    "34212",
    "11402",
)
SAXONY = ((50.2, 51.7), (11.9, 15.0))


def random_vacancy(rng: random.Random, vacancy_id: int, today: date) -> rules.VacancyRecord:
    has_place = rng.random() > 0.03
    (lat0, lat1), (lon0, lon1) = SAXONY
    return rules.VacancyRecord(
        id=vacancy_id,
        occupation_code=rng.choice(CODES),
        kind=rng.choice(
            (
                rules.JOB,
                rules.JOB,
                rules.JOB,
                rules.APPRENTICESHIP,
                rules.INTERNSHIP,
                rules.MINI_JOB,
            )
        ),
        latitude=rng.uniform(lat0, lat1) if has_place else None,
        longitude=rng.uniform(lon0, lon1) if has_place else None,
        german_required=rng.choice((0, 0, 2, 3, 3, 4, 5)),
        hours_per_week=rng.choice((0, 10, 20, 30, 35, 38, 40)),
        start_date=(today + timedelta(days=rng.randint(-60, 300))) if rng.random() > 0.2 else None,
        closing_date=(today + timedelta(days=rng.randint(-10, 90))) if rng.random() > 0.5 else None,
        driving_licence_required=rng.random() < 0.2,
        shift_work=rng.random() < 0.2,
        group=rng.choice((1, 1, 2, 3)),
    )


def random_mentee(rng: random.Random, mentee_id: int, today: date) -> rules.MenteeProfile:
    (lat0, lat1), (lon0, lon1) = SAXONY
    has_place = rng.random() > 0.05
    return rules.MenteeProfile(
        id=mentee_id,
        target_codes=tuple(rng.sample(CODES, rng.choice((0, 1, 1, 2, 3)))),
        experience_codes=tuple(rng.sample(CODES, rng.choice((0, 0, 1, 2)))),
        qualification_codes=tuple(rng.sample(CODES, rng.choice((0, 0, 1)))),
        qualification_level=rng.choice((1, 1, 2, 2, 3, 4)),
        goal=rng.choice(
            (rules.GOAL_JOB, rules.GOAL_JOB, rules.GOAL_APPRENTICESHIP, rules.GOAL_QUALIFICATION)
        ),
        latitude=rng.uniform(lat0, lat1) if has_place else None,
        longitude=rng.uniform(lon0, lon1) if has_place else None,
        commute_limit_km=rng.choice((0, 5, 15, 25, 25, 40, 60, 300)),
        driving_licence=rng.choice(("", "", "B", "foreign", "other")),
        has_car=rng.random() < 0.3,
        german_rank=rng.randint(0, 7),
        german_course=rng.random() < 0.3,
        work_permission=rng.choice(
            ("", "allowed", "allowed", "allowed", "permit", "restricted", "banned")
        ),
        hours_allowed=rng.choice((None, None, None, 20)),
        available_from=(today + timedelta(days=rng.randint(-30, 200)))
        if rng.random() > 0.3
        else None,
        hours_per_week=rng.choice((None, 20, 30, 40)),
        childcare_constraint=rng.random() < 0.2,
    )
