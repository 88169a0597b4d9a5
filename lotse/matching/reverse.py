"""The reverse direction: the best mentees for one vacancy, with the same rules.

A user sees at most the active mentees of their own projects (a few hundred), so each is scored
against the one vacancy with the plain scorer of ``reference.py`` – the same rules the engine
implements, proven equal by the tests – rather than building a columnar matrix per request.
Mentees whose status bans work or who live far beyond their commute limit are counted per reason,
never silently dropped.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from lotse.matching import reference, rules


def rank_mentees(
    vacancy: rules.VacancyRecord,
    profiles: Iterable[rules.MenteeProfile],
    *,
    today: datetime.date,
    k: int = 20,
) -> tuple[list[tuple[rules.MenteeProfile, rules.Match]], dict[str, int]]:
    """The best ``k`` (profile, match) pairs by (score desc, mentee id asc) and the number of
    mentees left out per reason."""
    ranked = []
    counts: dict[str, int] = {}
    for profile in profiles:
        factors, codes, distance = reference.score_one(profile, vacancy, today)
        reason = reference.exclusion_reason(profile, vacancy, distance, today, None, None)
        if reason != rules.INCLUDED:
            name = rules.EXCLUSION_REASONS[reason]
            counts[name] = counts.get(name, 0) + 1
            continue
        match = rules.Match(
            vacancy.id, rules.total(factors), tuple(factors), tuple(codes), distance
        )
        ranked.append((profile, match))
    ranked.sort(key=lambda pair: (-pair[1].score, pair[0].id))
    return ranked[:k], counts
