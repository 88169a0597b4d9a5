"""The batch refresh: rank every active mentee and tell the mentor about new strong matches.

``matches_refresh()`` is what the ``refresh_matches`` command and the ``refresh_matches`` task
call. For each active mentee it ranks the open vacancies of the mentee's own project and, for
every strong match (``rules.STRONG_MATCH_SCORE``), creates the journal task "new matching
vacancy" for the mentor through ``journal.automatic.ensure_task`` with a
``StrongMatchSource`` – idempotent, so a vacancy is never announced twice to the same
mentee, also when two runs overlap. The task writes its own audit row.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import partial
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.cases.models import Mentee, MenteeStatus
from lotse.employers.models import Vacancy
from lotse.journal.automatic import StrongMatchSource, ensure_task, existing
from lotse.lib.stopping import Stopped
from lotse.matching.index import vacancy_index
from lotse.matching.profiles import profiles_for

CHUNK = 500


@dataclass
class RefreshResult:
    mentees: int = 0
    strong_matches: int = 0
    tasks_created: int = 0


def _strong_match_title(vacancy: Vacancy) -> str:
    return _("New strong match: %(title)s") % {"title": vacancy.title}


def matches_refresh(
    *,
    actor: Any = None,
    today: datetime.date | None = None,
    k: int = 20,
    should_stop: Callable[[], bool] = lambda: False,
) -> RefreshResult:
    """Rank all active mentees; create a task per new strong match. Safe to run twice.

    ``should_stop`` is asked before each chunk of mentees; when it answers yes the run ends
    with :class:`~lotse.lib.stopping.Stopped` (the tasks created so far stay)."""
    today = today or timezone.localdate()
    index = vacancy_index()
    result = RefreshResult()
    ids = list(
        Mentee.objects.filter(status=MenteeStatus.ACTIVE, restriction__isnull=True)  # Art. 18
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for start in range(0, len(ids), CHUNK):
        if should_stop():
            raise Stopped(asdict(result))
        chunk = ids[start : start + CHUNK]
        profiles = profiles_for(Mentee.objects.filter(pk__in=chunk), today)
        strong: list[tuple[int, int]] = []  # (mentee id, vacancy id)
        for profile in profiles.values():
            ranking = index.rank(profile, today=today, k=k, groups=frozenset({profile.project_id}))
            strong += [(profile.id, m.vacancy_id) for m in ranking.matches if m.is_strong]
        result.mentees += len(profiles)
        result.strong_matches += len(strong)
        if not strong:
            continue
        vacancies = {
            v.pk: v
            for v in Vacancy.objects.filter(pk__in={v for _, v in strong}).only(
                "pk", "public_id", "title"
            )
        }
        mentees = Mentee.objects.in_bulk({m for m, _ in strong})
        sources = [
            (mentee_id, StrongMatchSource(vacancies[vacancy_id]))
            for mentee_id, vacancy_id in strong
            if vacancy_id in vacancies
        ]
        known = existing(sources)
        for pair in sources:
            if pair in known:
                continue
            mentee_id, source = pair
            mentee = mentees[mentee_id]
            _task, created = ensure_task(
                source,
                mentee=mentee,
                title=partial(_strong_match_title, source.vacancy),
                due_date=today + datetime.timedelta(days=7),
                assignee=mentee.mentor,
                actor=actor,
            )
            result.tasks_created += created
    return result
