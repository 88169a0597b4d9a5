"""Reads for the matching panels: every function takes the acting user and shows only what that
user may see – vacancies of the employers in their projects, mentees of their projects.

Both panels run a fixed number of queries, however many vacancies or mentees there are.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from lotse.accounts.models import User
from lotse.accounts.selectors import project_ids_for
from lotse.cases.models import Mentee, MenteeStatus
from lotse.cases.selectors import mentees_for
from lotse.employers.models import Vacancy
from lotse.employers.selectors import matchable_vacancies_for, vacancies_for
from lotse.matching import reasons as words
from lotse.matching import rules
from lotse.matching.index import KIND, PUBLIC_GROUP, record_of, vacancy_index
from lotse.matching.profiles import current_profiles, profile_for
from lotse.matching.reverse import rank_mentees

TOP = 20
EXCLUDED_SHOWN = 50


@dataclass
class MatchRow:
    match: rules.Match
    reasons: list[words.Reason]
    vacancy: Vacancy | None = None
    mentee: Mentee | None = None
    excluded_because: str = ""
    # For a vacancy from the BA job board: the user's project's vacancy taken over from it.
    taken_over: Vacancy | None = None


@dataclass
class MatchList:
    rows: list[MatchRow]
    exclusions: list[tuple[str, int]]  # (label, count), in order of precedence
    excluded_total: int
    considered: int
    notes: list[words.Reason] = field(default_factory=list)
    excluded_rows: list[MatchRow] = field(default_factory=list)
    show_excluded: bool = False


def _exclusions(counts: dict[str, int]) -> list[tuple[str, int]]:
    return [
        (words.exclusion_label(name), counts[name])
        for name in rules.EXCLUSION_REASONS.values()
        if counts.get(name)
    ]


def vacancies_for_mentee(
    user: User,
    mentee: Mentee,
    *,
    kind: str = "",
    radius_km: int | None = None,
    show_excluded: bool = False,
    today: datetime.date | None = None,
) -> MatchList:
    """The best open vacancies of the user's projects and of the BA job board for ``mentee``
    (fetched through a scoped selector), with reasons, and what was left out and why."""
    today = today or timezone.localdate()
    profile = profile_for(mentee, today)
    result = vacancy_index().rank(
        profile,
        today=today,
        k=TOP,
        kinds=frozenset({KIND[kind]}) if kind else None,
        radius_km=radius_km,
        excluded_limit=EXCLUDED_SHOWN if show_excluded else 0,
        groups=project_ids_for(user) | {PUBLIC_GROUP},
    )
    shown = result.matches + result.excluded
    vacancies = {
        v.pk: v for v in matchable_vacancies_for(user).filter(pk__in=[m.vacancy_id for m in shown])
    }
    board = [pk for pk, v in vacancies.items() if v.is_imported]
    taken_over = (
        {v.origin_id: v for v in vacancies_for(user).filter(origin_id__in=board)} if board else {}
    )

    def row(match: rules.Match) -> MatchRow | None:
        vacancy = vacancies.get(match.vacancy_id)
        if vacancy is None:  # changed in another process since the index was checked
            return None
        reason = rules.EXCLUSION_REASONS.get(match.reason, "")
        return MatchRow(
            match=match,
            reasons=words.reasons(match, profile, record_of(vacancy)),
            vacancy=vacancy,
            excluded_because=words.exclusion_label(reason) if reason else "",
            taken_over=taken_over.get(vacancy.pk),
        )

    return MatchList(
        rows=[x for x in map(row, result.matches) if x],
        exclusions=_exclusions(result.excluded_counts),
        excluded_total=result.excluded_total,
        considered=result.considered,
        notes=words.notes(result.notes),
        excluded_rows=[x for x in map(row, result.excluded) if x],
        show_excluded=show_excluded,
    )


def mentees_for_vacancy(
    user: User, vacancy: Vacancy, today: datetime.date | None = None
) -> MatchList:
    """The best active mentees of the user's projects for ``vacancy`` (fetched through a scoped
    selector), with reasons."""
    today = today or timezone.localdate()
    candidates = mentees_for(user).filter(status=MenteeStatus.ACTIVE)
    profiles = current_profiles(candidates, today)
    record = record_of(vacancy)
    ranked, counts = rank_mentees(record, profiles.values(), today=today, k=TOP)
    people = {m.pk: m for m in candidates.filter(pk__in=[p.id for p, _ in ranked])}
    rows = [
        MatchRow(
            match=match, reasons=words.reasons(match, profile, record), mentee=people[profile.id]
        )
        for profile, match in ranked
        if profile.id in people
    ]
    return MatchList(
        rows=rows,
        exclusions=_exclusions(counts),
        excluded_total=sum(counts.values()),
        considered=len(profiles),
    )
