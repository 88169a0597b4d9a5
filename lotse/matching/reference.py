"""The reference scorer: the matching rules as plain loops, one vacancy at a time.

No numpy and no shortcuts; the tests compare the fast engine against this on random data. It
reads the same constants (``rules.py``) but does its own arithmetic.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date

from lotse.matching import rules


def occupation_fit(profile: rules.MenteeProfile, code: str) -> tuple[float, int]:
    """(points, code) of the best occupation source for one vacancy code."""
    best_points, best_code = 0.0, 0
    vacancy = code.ljust(5, "0")[:5]
    for source_code, weight, source in profile.occupation_sources:
        common = 0
        for a, b in zip(source_code[:5], vacancy, strict=False):
            if a != b:
                break
            common += 1
        base = rules.OCCUPATION_POINTS.get(common, 0.0)
        points = weight * base
        if points > best_points:
            best_points, best_code = points, source * 10 + common
    return best_points, best_code


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dlat = p2 - p1
    dlon = math.radians(lon2) - math.radians(lon1)
    h = math.sin(dlat / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlon / 2) ** 2
    return 2 * rules.EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, h)))


def score_one(
    profile: rules.MenteeProfile, v: rules.VacancyRecord, today: date
) -> tuple[list[float], list[int], float | None]:
    factors = [0.0] * len(rules.FACTORS)
    codes = [0] * len(rules.FACTORS)

    factors[rules.F_OCCUPATION], codes[rules.F_OCCUPATION] = occupation_fit(
        profile, v.occupation_code
    )

    level = rules.level_code(profile.qualification_level, v.kind, v.level)
    factors[rules.F_LEVEL], codes[rules.F_LEVEL] = rules.LEVEL_POINTS[level], level

    kind_points = rules.kind_points(profile, v.kind)
    factors[rules.F_KIND] = kind_points if kind_points is not None else 0.0
    codes[rules.F_KIND] = v.kind

    german = rules.german_code(profile.german_rank, profile.german_course, v.german_required)
    factors[rules.F_GERMAN], codes[rules.F_GERMAN] = rules.GERMAN_POINTS[german], german

    distance = None
    if profile.has_place and v.latitude is not None and v.longitude is not None:
        distance = haversine_km(
            profile.latitude, profile.longitude, rules.f32(v.latitude), rules.f32(v.longitude)
        )
        ratio = distance / max(profile.commute_limit_km, 1)
        if ratio <= 1:
            points = rules.DISTANCE_MAX_POINTS - rules.DISTANCE_AT_LIMIT * ratio
            code = rules.DISTANCE_WITHIN
        else:
            points = rules.DISTANCE_AT_LIMIT - rules.DISTANCE_BEYOND_SLOPE * (ratio - 1)
            code = rules.DISTANCE_BEYOND
        if not profile.is_mobile and distance > rules.PUBLIC_TRANSPORT_FREE_KM:
            points = points + rules.PUBLIC_TRANSPORT_PENALTY
            code += rules.DISTANCE_PUBLIC_TRANSPORT
        factors[rules.F_DISTANCE], codes[rules.F_DISTANCE] = points, code

    licence = rules.licence_code(profile.driving_licence, v.driving_licence_required)
    factors[rules.F_LICENCE], codes[rules.F_LICENCE] = rules.LICENCE_POINTS[licence], licence

    hours = rules.HOURS_UNKNOWN
    if profile.hours_per_week and v.hours_per_week:
        gap = abs(v.hours_per_week - profile.hours_per_week)
        hours = rules.HOURS_FIT if gap <= 5 else rules.HOURS_CLOSE if gap <= 10 else rules.HOURS_OFF
    factors[rules.F_HOURS], codes[rules.F_HOURS] = rules.HOURS_POINTS[hours], hours

    start = rules.START_UNKNOWN
    if v.start_date is not None:
        begins = max(v.start_date.toordinal(), today.toordinal())
        available = rules.available_day(profile, today)
        if begins >= available:
            start = (
                rules.START_LATE if begins - available > rules.START_LATE_DAYS else rules.START_FIT
            )
        else:
            early = available - begins
            start = (
                rules.START_SLIGHTLY_EARLY if early <= rules.START_SLACK_DAYS else rules.START_EARLY
            )
    factors[rules.F_START], codes[rules.F_START] = rules.START_POINTS[start], start

    permission = rules.PERMISSION_CODE.get(profile.work_permission, 0)
    points = rules.PERMISSION_POINTS[permission]
    if profile.hours_allowed and v.hours_per_week > profile.hours_allowed:
        points = points + rules.PERMISSION_HOURS_PENALTY
        permission += rules.PERMISSION_HOURS_EXCEEDED
    factors[rules.F_PERMISSION], codes[rules.F_PERMISSION] = points, permission

    if v.shift_work:
        if profile.childcare_constraint:
            factors[rules.F_SHIFT], codes[rules.F_SHIFT] = (
                rules.SHIFT_CHILDCARE_PENALTY,
                rules.SHIFT_CHILDCARE,
            )
        else:
            codes[rules.F_SHIFT] = rules.SHIFT_PLAIN
    return factors, codes, distance


def exclusion_reason(
    profile: rules.MenteeProfile,
    v: rules.VacancyRecord,
    distance: float | None,
    today: date,
    kinds: frozenset[int] | None,
    radius_km: float | None,
) -> int:
    if profile.work_permission == rules.PERMISSION_BANNED:
        return rules.EXCLUDED_WORK_BAN
    if distance is not None:
        if distance > rules.EXCLUDE_FACTOR * max(profile.commute_limit_km, 1):
            return rules.EXCLUDED_TOO_FAR
        if radius_km is not None and distance > radius_km:
            return rules.EXCLUDED_RADIUS
    if v.closing_date is not None and v.closing_date < today:
        return rules.EXCLUDED_CLOSED
    if rules.kind_points(profile, v.kind) is None:
        return rules.EXCLUDED_KIND_GOAL
    if kinds is not None and v.kind not in kinds:
        return rules.EXCLUDED_KIND_FILTER
    return rules.INCLUDED


def rank(
    profile: rules.MenteeProfile,
    vacancies: Iterable[rules.VacancyRecord],
    *,
    today: date,
    k: int = 20,
    kinds: frozenset[int] | None = None,
    radius_km: float | None = None,
    excluded_limit: int = 0,
    groups: frozenset[int] | None = None,
) -> rules.RankResult:
    matches: list[rules.Match] = []
    excluded: list[rules.Match] = []
    counts = {name: 0 for name in rules.EXCLUSION_REASONS.values()}
    considered = 0
    for v in vacancies:
        if groups is not None and v.group not in groups:
            continue
        considered += 1
        factors, codes, distance = score_one(profile, v, today)
        score = rules.total(factors)
        reason = exclusion_reason(profile, v, distance, today, kinds, radius_km)
        match = rules.Match(v.id, score, tuple(factors), tuple(codes), distance, reason)
        if reason == rules.INCLUDED:
            matches.append(match)
        else:
            counts[rules.EXCLUSION_REASONS[reason]] += 1
            excluded.append(match)
    matches.sort(key=lambda m: (-m.score, m.vacancy_id))
    excluded.sort(key=lambda m: (-m.score, m.vacancy_id))
    return rules.RankResult(
        matches=matches[:k],
        excluded_counts={name: n for name, n in counts.items() if n},
        considered=considered,
        excluded=excluded[:excluded_limit],
        notes=rules.profile_notes(profile),
    )
