"""The reference scorer: the matching rules as plain loops, one vacancy at a time.

No numpy and no shortcuts; the tests compare the fast engine against this on random data. It
reads the same constants (``rules.py``) but does its own arithmetic.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date

from lotse.matching import rules as r


def occupation_fit(profile: r.MenteeProfile, code: str) -> tuple[float, int]:
    """(points, code) of the best occupation source for one vacancy code."""
    best_points, best_code = 0.0, 0
    vacancy = code.ljust(5, "0")[:5]
    for source_code, weight, source in profile.occupation_sources:
        common = 0
        for a, b in zip(source_code[:5], vacancy, strict=False):
            if a != b:
                break
            common += 1
        base = r.OCCUPATION_POINTS.get(common, 0.0)
        points = weight * base
        if points > best_points:
            best_points, best_code = points, source * 10 + common
    return best_points, best_code


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dlat = p2 - p1
    dlon = math.radians(lon2) - math.radians(lon1)
    h = math.sin(dlat / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlon / 2) ** 2
    return 2 * r.EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, h)))


def score_one(
    profile: r.MenteeProfile, v: r.VacancyRecord, today: date
) -> tuple[list[float], list[int], float | None]:
    factors = [0.0] * len(r.FACTORS)
    codes = [0] * len(r.FACTORS)

    factors[r.F_OCCUPATION], codes[r.F_OCCUPATION] = occupation_fit(profile, v.occupation_code)

    level = r.level_code(profile.qualification_level, v.kind, v.level)
    factors[r.F_LEVEL], codes[r.F_LEVEL] = r.LEVEL_POINTS[level], level

    kind_points = r.kind_points(profile, v.kind)
    factors[r.F_KIND] = kind_points if kind_points is not None else 0.0
    codes[r.F_KIND] = v.kind

    german = r.german_code(profile.german_rank, profile.german_course, v.german_required)
    factors[r.F_GERMAN], codes[r.F_GERMAN] = r.GERMAN_POINTS[german], german

    distance = None
    if profile.has_place and v.latitude is not None and v.longitude is not None:
        distance = haversine_km(
            profile.latitude, profile.longitude, r.f32(v.latitude), r.f32(v.longitude)
        )
        ratio = distance / max(profile.commute_limit_km, 1)
        if ratio <= 1:
            points = r.DISTANCE_MAX_POINTS - r.DISTANCE_AT_LIMIT * ratio
            code = r.DISTANCE_WITHIN
        else:
            points = r.DISTANCE_AT_LIMIT - r.DISTANCE_BEYOND_SLOPE * (ratio - 1)
            code = r.DISTANCE_BEYOND
        if not profile.is_mobile and distance > r.PUBLIC_TRANSPORT_FREE_KM:
            points = points + r.PUBLIC_TRANSPORT_PENALTY
            code += r.DISTANCE_PUBLIC_TRANSPORT
        factors[r.F_DISTANCE], codes[r.F_DISTANCE] = points, code

    licence = r.licence_code(profile.driving_licence, v.driving_licence_required)
    factors[r.F_LICENCE], codes[r.F_LICENCE] = r.LICENCE_POINTS[licence], licence

    hours = r.HOURS_UNKNOWN
    if profile.hours_per_week and v.hours_per_week:
        gap = abs(v.hours_per_week - profile.hours_per_week)
        hours = r.HOURS_FIT if gap <= 5 else r.HOURS_CLOSE if gap <= 10 else r.HOURS_OFF
    factors[r.F_HOURS], codes[r.F_HOURS] = r.HOURS_POINTS[hours], hours

    start = r.START_UNKNOWN
    if v.start_date is not None:
        begins = max(v.start_date.toordinal(), today.toordinal())
        available = r.available_day(profile, today)
        if begins >= available:
            start = r.START_LATE if begins - available > r.START_LATE_DAYS else r.START_FIT
        else:
            early = available - begins
            start = r.START_SLIGHTLY_EARLY if early <= r.START_SLACK_DAYS else r.START_EARLY
    factors[r.F_START], codes[r.F_START] = r.START_POINTS[start], start

    permission = r.PERMISSION_CODE.get(profile.work_permission, 0)
    points = r.PERMISSION_POINTS[permission]
    if profile.hours_allowed and v.hours_per_week > profile.hours_allowed:
        points = points + r.PERMISSION_HOURS_PENALTY
        permission += r.PERMISSION_HOURS_EXCEEDED
    factors[r.F_PERMISSION], codes[r.F_PERMISSION] = points, permission

    if v.shift_work:
        if profile.childcare_constraint:
            factors[r.F_SHIFT], codes[r.F_SHIFT] = r.SHIFT_CHILDCARE_PENALTY, r.SHIFT_CHILDCARE
        else:
            codes[r.F_SHIFT] = r.SHIFT_PLAIN
    return factors, codes, distance


def exclusion_reason(
    profile: r.MenteeProfile,
    v: r.VacancyRecord,
    distance: float | None,
    today: date,
    kinds: frozenset[int] | None,
    radius_km: float | None,
) -> int:
    if profile.work_permission == r.PERMISSION_BANNED:
        return r.EXCLUDED_WORK_BAN
    if distance is not None:
        if distance > r.EXCLUDE_FACTOR * max(profile.commute_limit_km, 1):
            return r.EXCLUDED_TOO_FAR
        if radius_km is not None and distance > radius_km:
            return r.EXCLUDED_RADIUS
    if v.closing_date is not None and v.closing_date < today:
        return r.EXCLUDED_CLOSED
    if r.kind_points(profile, v.kind) is None:
        return r.EXCLUDED_KIND_GOAL
    if kinds is not None and v.kind not in kinds:
        return r.EXCLUDED_KIND_FILTER
    return r.INCLUDED


def rank(
    profile: r.MenteeProfile,
    vacancies: Iterable[r.VacancyRecord],
    *,
    today: date,
    k: int = 20,
    kinds: frozenset[int] | None = None,
    radius_km: float | None = None,
    excluded_limit: int = 0,
    groups: frozenset[int] | None = None,
) -> r.RankResult:
    matches: list[r.Match] = []
    excluded: list[r.Match] = []
    counts = {name: 0 for name in r.EXCLUSION_REASONS.values()}
    considered = 0
    for v in vacancies:
        if groups is not None and v.group not in groups:
            continue
        considered += 1
        factors, codes, distance = score_one(profile, v, today)
        score = r.total(factors)
        reason = exclusion_reason(profile, v, distance, today, kinds, radius_km)
        match = r.Match(v.id, score, tuple(factors), tuple(codes), distance, reason)
        if reason == r.INCLUDED:
            matches.append(match)
        else:
            counts[r.EXCLUSION_REASONS[reason]] += 1
            excluded.append(match)
    matches.sort(key=lambda m: (-m.score, m.vacancy_id))
    excluded.sort(key=lambda m: (-m.score, m.vacancy_id))
    return r.RankResult(
        matches=matches[:k],
        excluded_counts={name: n for name, n in counts.items() if n},
        considered=considered,
        excluded=excluded[:excluded_limit],
        notes=r.profile_notes(profile),
    )
