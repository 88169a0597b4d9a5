"""Mentee profiles for matching, read from the case file in a fixed number of queries.

``profiles_for(mentees)`` takes a queryset (already scoped by the caller: a user's selector or,
for the batch, all active mentees) and returns ``{mentee_id: MenteeProfile}`` in eight queries,
however many mentees there are.

``current_profiles(mentees)`` gives the same, kept in the process per selection and day, for
the vacancy page, which ranks every active mentee of the user's projects on each request (444
profiles for one mentor at ten times the Saxony data: about 90 ms of reading). Each call reads
the selection's keys with their ``updated_at`` (one query) and reads again only the profiles of
mentees that are new or changed since; a mentee's ``updated_at`` follows every change of the
case-file records a profile reads (``lotse.lib.records.touch_owner``), so another process's
change is seen at the next request. Reference data a profile reads (residence rules, postcodes,
safe countries) change without touching a mentee: each selection is read whole again after
``CACHE_SECONDS``.
"""

from __future__ import annotations

import datetime
import threading
import time
from collections import OrderedDict, defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from lotse.cases.models import (
    LanguageSkill,
    Mentee,
    Qualification,
    ResidenceStatus,
    TargetOccupation,
    WorkExperience,
)
from lotse.cases.selectors import GERMAN_CODES, qualification_levels
from lotse.journal.models import LANGUAGE_COURSE_KINDS, CourseParticipation, CourseResult
from lotse.matching import rules as matching_rules
from lotse.reference.models import CEFR_RANK, WorkPermission
from lotse.reference.rules import FACTS, work_permission_hint
from lotse.reference.selectors import rules_by_code

_PERMISSION = {
    WorkPermission.ALLOWED: matching_rules.PERMISSION_ALLOWED,
    WorkPermission.PERMIT_REQUIRED: matching_rules.PERMISSION_PERMIT,
    WorkPermission.RESTRICTED: matching_rules.PERMISSION_RESTRICTED,
    WorkPermission.NOT_ALLOWED: matching_rules.PERMISSION_BANNED,
}


_STATUS_FIELDS = {f.name for f in ResidenceStatus._meta.concrete_fields}
#: The facts of the hint that a residence status holds (the rest come from the mentee).
_STATUS_FACTS = tuple(name for name in FACTS if name in _STATUS_FIELDS)


def _permissions(
    ids: list[int], today: datetime.date
) -> dict[int, tuple[str, int | None, datetime.date | None]]:
    """``{mentee_id: (permission, hours allowed, earliest start)}`` from the residence status
    valid today, through the versioned rules of ``reference`` (two queries)."""
    statuses = (
        ResidenceStatus.objects.filter(mentee_id__in=ids, valid_from__lte=today)
        .exclude(valid_until__lt=today)
        .select_related("title", "mentee", "mentee__nationality")
        # Only what the hint reads, not each mentee's whole row: for the 444 mentees of the
        # vacancy page at ten times the Saxony data 27 instead of 36.5 ms (docs/performance.md).
        .only(
            "mentee_id",
            "valid_from",
            *_STATUS_FACTS,
            "title__code",
            "mentee__arrival_date",
            "mentee__nationality__is_safe_country_of_origin",
        )
        .order_by("mentee_id", "-valid_from", "-pk")
    )
    rules = None
    result: dict[int, tuple[str, int | None, datetime.date | None]] = {}
    for status in statuses:
        if status.mentee_id in result:
            continue  # the most recent valid document counts
        if rules is None:
            rules = rules_by_code()
        hint = work_permission_hint(
            status,
            today,
            rules=rules,
            arrival_date=status.mentee.arrival_date,
            nationality=status.mentee.nationality,
        )
        permission = _PERMISSION.get(hint.permission, matching_rules.PERMISSION_PERMIT)
        earliest = None
        if hint.earliest_start and not hint.excluded:
            # A waiting period still running: not yet, but from that day with a permit.
            permission, earliest = matching_rules.PERMISSION_PERMIT, hint.earliest_start
        result[status.mentee_id] = (permission, hint.max_hours_per_week, earliest)
    return result


def profiles_for(
    mentees: QuerySet[Mentee], today: datetime.date | None = None
) -> dict[int, matching_rules.MenteeProfile]:
    """Matching profiles of ``mentees`` (scoped by the caller), in a fixed number of queries."""
    today = today or timezone.localdate()
    rows = list(
        mentees.order_by().values_list(
            "pk",
            "goal",
            "place__latitude",
            "place__longitude",
            "commute_limit_km",
            "driving_licence",
            "has_car",
            "available_from",
            "hours_per_week",
            "childcare_constraint",
            "project_id",
            "mentor_id",
        )
    )
    ids = [row[0] for row in rows]
    if not ids:
        return {}

    targets: dict[int, list[str]] = defaultdict(list)
    for mentee_id, code in (
        TargetOccupation.objects.filter(mentee_id__in=ids)
        .order_by("mentee_id", "priority", "pk")
        .values_list("mentee_id", "occupation_id")
    ):
        targets[mentee_id].append(code)
    experience: dict[int, list[str]] = defaultdict(list)
    for mentee_id, code in (
        WorkExperience.objects.filter(mentee_id__in=ids)
        .order_by("mentee_id", "-years", "pk")
        .values_list("mentee_id", "occupation_id")
    ):
        experience[mentee_id].append(code)
    qualified: dict[int, list[str]] = defaultdict(list)
    for mentee_id, code in (
        Qualification.objects.filter(mentee_id__in=ids, reference_occupation__isnull=False)
        .order_by("mentee_id", "-kind", "pk")
        .values_list("mentee_id", "reference_occupation_id")
    ):
        qualified[mentee_id].append(code)
    levels = qualification_levels(ids)
    german: dict[int, int] = {}
    for mentee_id, level in LanguageSkill.objects.filter(
        mentee_id__in=ids, language_id__in=GERMAN_CODES
    ).values_list("mentee_id", "level"):
        german[mentee_id] = max(german.get(mentee_id, 0), CEFR_RANK.get(level, 0))
    in_course = set(
        CourseParticipation.objects.filter(
            mentee_id__in=ids, kind__in=LANGUAGE_COURSE_KINDS, result=CourseResult.ONGOING
        ).values_list("mentee_id", flat=True)
    )
    permissions = _permissions(ids, today)

    profiles = {}
    for row in rows:
        (pk, goal, lat, lon, limit, licence, car, available, hours, childcare, project, mentor) = (
            row
        )
        permission, hours_allowed, earliest = permissions.get(pk, ("", None, None))
        if earliest and (available is None or available < earliest):
            available = earliest
        profiles[pk] = matching_rules.MenteeProfile(
            id=pk,
            target_codes=tuple(dict.fromkeys(targets[pk])),
            experience_codes=tuple(dict.fromkeys(experience[pk])),
            qualification_codes=tuple(dict.fromkeys(qualified[pk])),
            qualification_level=levels.get(pk, 1),
            goal=goal,
            latitude=lat,
            longitude=lon,
            commute_limit_km=limit,
            driving_licence=licence,
            has_car=car,
            german_rank=german.get(pk, 0),
            german_course=pk in in_course,
            work_permission=permission,
            hours_allowed=hours_allowed,
            available_from=available,
            hours_per_week=hours,
            childcare_constraint=bool(childcare),
            project_id=project,
            mentor_id=mentor,
        )
    return profiles


def profile_for(mentee: Mentee, today: datetime.date | None = None) -> matching_rules.MenteeProfile:
    """The profile of one mentee (already fetched through a scoped selector)."""
    return profiles_for(Mentee.objects.filter(pk=mentee.pk), today)[mentee.pk]


#: Selections kept by ``current_profiles`` (least recently used dropped first) …
CACHE_SIZE = 64
#: … and the seconds after which a selection is read whole again (reference data).
CACHE_SECONDS = 600


@dataclass(frozen=True)
class _Kept:
    read_at: float
    stamps: dict[int, datetime.datetime]
    profiles: dict[int, matching_rules.MenteeProfile]


_kept: OrderedDict[tuple, _Kept] = OrderedDict()
_kept_lock = threading.Lock()


def current_profiles(
    mentees: QuerySet[Mentee], today: datetime.date | None = None
) -> dict[int, matching_rules.MenteeProfile]:
    """``profiles_for(mentees)``, kept in this process for the same selection (its SQL) and
    day; only profiles of mentees new or changed since the last call are read again."""
    today = today or timezone.localdate()
    sql, params = mentees.query.sql_with_params()
    key = (sql, tuple(params), today)
    try:
        hash(key)
    except TypeError:  # a parameter that is a list (an array lookup): not kept
        return profiles_for(mentees, today)
    # Read before the profiles: a change in between is read again at the next call.
    stamps = dict(mentees.order_by().values_list("pk", "updated_at"))
    now = time.monotonic()
    with _kept_lock:
        kept = _kept.get(key)
        if kept is not None:
            _kept.move_to_end(key)
    if kept is None or now - kept.read_at > CACHE_SECONDS:
        read_at, profiles = now, profiles_for(mentees, today)
    else:
        changed = [pk for pk, stamp in stamps.items() if kept.stamps.get(pk) != stamp]
        profiles = {pk: kept.profiles[pk] for pk in stamps if pk in kept.profiles}
        if changed:
            profiles.update(profiles_for(mentees.filter(pk__in=changed), today))
        read_at = kept.read_at
    with _kept_lock:
        _kept[key] = _Kept(read_at, stamps, profiles)
        _kept.move_to_end(key)
        while len(_kept) > CACHE_SIZE:
            _kept.popitem(last=False)
    return {pk: profiles[pk] for pk in stamps if pk in profiles}


def forget_profiles() -> None:
    """Drop the kept profiles (tests)."""
    with _kept_lock:
        _kept.clear()
