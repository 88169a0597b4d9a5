"""Reads of the mentee's case file. Every function takes the acting user (or an object that was
already fetched through one that does) and returns only what that user may see."""

import datetime
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import User
from lotse.accounts.selectors import lead_project_ids_for, project_ids_for
from lotse.cases.models import (
    Consent,
    ExternalReference,
    LanguageSkill,
    Mentee,
    MenteeStatus,
    Participation,
    Qualification,
    QualificationKind,
    ResidenceStatus,
    TargetOccupation,
    WorkExperience,
)
from lotse.lib.exports import model_values
from lotse.reference import rules
from lotse.reference.models import CEFR_RANK

#: ISO 639 codes under which German may be stored in the language catalogue.
GERMAN_CODES = ("de", "deu", "ger")
#: How many days before a residence document expires the page starts warning.
EXPIRY_WARNING_DAYS = 8 * 7
PAGE_SIZE = 50


def visible_q(user: User, prefix: str = "") -> Q:
    """The mentees the user may see: those of the user's projects, except a mentee whose
    processing is restricted (Art. 18 GDPR, ``privacy.Restriction``), whom only the leads of
    the mentee's project see, and except erased mentees (``privacy.erasure``), whom nobody
    sees. ``prefix`` is the path to the mentee ("mentee__", "placement__mentee__"); every
    scoped read of a person goes through it.

    The projects the user leads are the membership rows read once per request
    (``lead_project_ids_for``, like ``project_ids_for``), not a subquery in every read: a user
    who leads none of their projects sees no restricted mentee, one who leads all of them sees
    the restricted mentees of all of them (no condition on restrictions at all)."""
    projects = project_ids_for(user)
    visible = Q(**{f"{prefix}project_id__in": projects, f"{prefix}erased_at__isnull": True})
    if getattr(user, "_lotse_reads_restricted", False):  # privacy.selectors.copy_reader
        return visible
    led = lead_project_ids_for(user) & projects
    if led == projects:
        return visible
    unrestricted = Q(**{f"{prefix}restriction__isnull": True})
    if led:
        unrestricted |= Q(**{f"{prefix}project_id__in": led})
    return visible & unrestricted


def mentees_for(user: User) -> QuerySet[Mentee]:
    """Mentees the user may see (``visible_q``), with the objects every list and page shows."""
    return Mentee.objects.filter(visible_q(user)).select_related(
        "project", "mentor", "district", "place", "nationality", "country_of_origin"
    )


def mentee_for(user: User, public_id: UUID | str) -> Mentee:
    """The mentee with this public id if the user may see them; 404 otherwise."""
    return get_object_or_404(mentees_for(user), public_id=public_id)


def possible_duplicates(
    user: User, first_name: str, last_name: str, birth_date: datetime.date | None
) -> list[Mentee]:
    """Mentees of the user's projects who may be the same person (a name of the same spelling
    skeleton, the same or no date of birth; see ``identity``), to warn before a second case
    file is created for them."""
    from lotse.cases.identity import search_person

    found = search_person(user, first_name=first_name, last_name=last_name, birth_date=birth_date)
    return found.own[:5]


def may_assign_mentor(user: User, mentee: Mentee) -> bool:
    """Project leads assign the mentors of their project."""
    return mentee.project_id in lead_project_ids_for(user)


# --- Computed facts --------------------------------------------------------------------------


def _qualification_counts(qualification: Qualification) -> bool:
    return qualification.counts_as_recognised


def qualification_level(mentee: Mentee) -> int:
    """1–4: the level of the highest qualification whose recognition counts (full equivalence,
    not needed, or obtained in Germany); 1 when there is none. Uses prefetched
    ``qualifications`` when present."""
    levels = [q.kind for q in mentee.qualifications.all() if _qualification_counts(q)]
    return max(levels, default=QualificationKind.NONE)


def qualification_levels(mentee_ids: list[int]) -> dict[int, int]:
    """``{mentee_id: level}`` for many mentees in one query (for matching and reports);
    mentees without a counting qualification get 1."""
    levels = dict.fromkeys(mentee_ids, int(QualificationKind.NONE))
    rows = Qualification.objects.filter(mentee_id__in=mentee_ids).only(
        "mentee_id", "kind", "recognition_result", "country_id"
    )
    for q in rows:
        if _qualification_counts(q) and q.kind > levels[q.mentee_id]:
            levels[q.mentee_id] = q.kind
    return levels


def _today() -> datetime.date:
    return timezone.localdate()


def current_residence_status(
    mentee: Mentee, on: datetime.date | None = None
) -> ResidenceStatus | None:
    """The residence document valid on ``on`` (default today); the most recent one if several
    overlap. Uses prefetched ``residence_statuses`` when present."""
    on = on or _today()
    valid = [
        s
        for s in mentee.residence_statuses.all()
        if s.valid_from <= on and (s.valid_until is None or s.valid_until >= on)
    ]
    return max(valid, key=lambda s: (s.valid_from, s.pk), default=None)


def _consents_in_force(purpose: str, on: datetime.date | None) -> QuerySet[Consent]:
    """Consents for ``purpose`` given on or before ``on`` (default today) and not withdrawn by
    then: the one rule of when a consent is in force."""
    on = on or _today()
    return Consent.objects.filter(purpose=purpose, given_on__lte=on).filter(
        Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on)
    )


def has_consent(mentee: Mentee, purpose: str, on: datetime.date | None = None) -> bool:
    """Whether a consent of the mentee for ``purpose`` (a ``ConsentPurpose``) is in force on
    ``on`` (default today). Uses prefetched ``consents`` when present (the mentee page
    prefetches them), the same rule as ``_consents_in_force``."""
    prefetched = getattr(mentee, "_prefetched_objects_cache", {}).get("consents")
    if prefetched is None:
        return _consents_in_force(purpose, on).filter(mentee=mentee).exists()
    on = on or _today()
    return any(
        c.purpose == purpose
        and c.given_on <= on
        and (c.withdrawn_on is None or c.withdrawn_on > on)
        for c in prefetched
    )


def mentee_ids_with_consent(
    mentee_ids: list[int], purpose: str, on: datetime.date | None = None
) -> set[int]:
    """Of the mentees with these ids, those with a consent for ``purpose`` in force (one query,
    for lists)."""
    return set(
        _consents_in_force(purpose, on)
        .filter(mentee_id__in=mentee_ids)
        .values_list("mentee_id", flat=True)
    )


def german_skill(mentee: Mentee) -> LanguageSkill | None:
    skills = [s for s in mentee.languages.all() if s.language_id in GERMAN_CODES]
    return max(skills, key=lambda s: CEFR_RANK.get(s.level, 0), default=None)


def german_level(mentee: Mentee) -> str:
    """The mentee's German CEFR level ("A1" … "C2", "native"), or "" when not recorded."""
    skill = german_skill(mentee)
    return skill.level if skill else ""


def current_participation(mentee: Mentee) -> Participation | None:
    open_ = [p for p in mentee.participations.all() if p.exit_date is None]
    return open_[0] if open_ else None


def age_on(birth_date: datetime.date | None, on: datetime.date) -> int | None:
    if birth_date is None:
        return None
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


# --- The work-permission hint ------------------------------------------------------------------


@dataclass
class PermissionHint:
    permission: str
    label: str
    text: str
    badge_class: str  # badge-ok, badge-warn or badge-danger
    earliest_start: datetime.date | None = None


def work_permission_hint(
    status: ResidenceStatus | None, mentee: Mentee, on: datetime.date | None = None
) -> PermissionHint | None:
    """The hint for the mentee's residence status from the versioned rules of ``reference``
    (with the mentee's arrival date and nationality as facts); ``None`` without a status."""
    if status is None:
        return None
    hint = rules.work_permission_hint(
        status,
        on or _today(),
        arrival_date=mentee.arrival_date,
        nationality=mentee.nationality,
    )
    return PermissionHint(
        permission=hint.permission,
        label=hint.permission_label,
        text=str(hint.text),
        badge_class=hint.badge_class,
        earliest_start=hint.earliest_start,
    )


# --- The mentee page ---------------------------------------------------------------------------


@dataclass
class MenteePageData:
    mentee: Mentee
    languages: list[LanguageSkill]
    german: LanguageSkill | None
    qualifications: list[Qualification]
    qualification_level: int
    work_experience: list[WorkExperience]
    target_occupations: list[TargetOccupation]
    residence_statuses: list[ResidenceStatus]
    residence_status: ResidenceStatus | None
    permission_hint: PermissionHint | None
    residence_expiry: str  # "", "soon" or "expired"
    external_references: list[ExternalReference]
    consents: list[Consent]
    participations: list[Participation]
    current_participation: Participation | None
    may_assign_mentor: bool
    age: int | None
    #: Every profile record kind's rows by its slug (``lotse.cases.kinds.RECORD_KINDS``).
    records: dict[str, list[Any]]


def _record_kinds() -> dict[str, Any]:
    from lotse.cases.kinds import RECORD_KINDS  # kinds → forms → this module

    return RECORD_KINDS


def page_prefetches() -> list[Prefetch]:
    """What the mentee page prefetches: every profile record kind's rows and the stays."""
    return [
        *(kind.prefetch() for kind in _record_kinds().values()),
        Prefetch(
            "participations", queryset=Participation.objects.select_related("project", "mentor")
        ),
    ]


def mentee_page_data(user: User, mentee: Mentee, on: datetime.date | None = None) -> MenteePageData:
    """Everything the mentee page shows, in a fixed number of queries however long the
    history. ``mentee`` must come from ``mentee_for(user, …)``. The result is kept on the
    instance, so the page's header and its profile section compute it once."""
    if mentee.project_id not in project_ids_for(user):
        raise PermissionError("The mentee is outside the user's projects.")
    on = on or _today()
    cache = mentee.__dict__.setdefault("_lotse_page_data", {})
    if (user.pk, on) not in cache:
        cache[(user.pk, on)] = _page_data(user, mentee, on)
    return cache[(user.pk, on)]


def _page_data(user: User, mentee: Mentee, on: datetime.date) -> MenteePageData:
    from django.db.models import prefetch_related_objects

    prefetch_related_objects([mentee], *page_prefetches())
    status = current_residence_status(mentee, on)
    statuses = list(mentee.residence_statuses.all())
    latest = statuses[0] if statuses else None
    expiry = ""
    shown = status or latest
    if shown is not None and shown.valid_until is not None:
        if shown.valid_until < on:
            expiry = "expired"
        elif (shown.valid_until - on).days <= EXPIRY_WARNING_DAYS:
            expiry = "soon"
    return MenteePageData(
        mentee=mentee,
        languages=sorted(
            mentee.languages.all(),
            key=lambda s: (s.language_id not in GERMAN_CODES, -CEFR_RANK.get(s.level, 0)),
        ),
        german=german_skill(mentee),
        qualifications=list(mentee.qualifications.all()),
        qualification_level=qualification_level(mentee),
        work_experience=list(mentee.work_experience.all()),
        target_occupations=list(mentee.target_occupations.all()),
        residence_statuses=statuses,
        residence_status=shown,
        permission_hint=work_permission_hint(status, mentee, on),
        residence_expiry=expiry,
        external_references=list(mentee.external_references.all()),
        consents=list(mentee.consents.all()),
        participations=list(mentee.participations.all()),
        current_participation=current_participation(mentee),
        may_assign_mentor=may_assign_mentor(user, mentee),
        age=age_on(mentee.birth_date, on),
        records={
            slug: list(getattr(mentee, kind.related).all())
            for slug, kind in _record_kinds().items()
        },
    )


# --- The mentee list ---------------------------------------------------------------------------


SORTS = {
    "name": ("last_name", "first_name", "pk"),
    "-name": ("-last_name", "-first_name", "-pk"),
    "entry": ("entry_date", "last_name", "pk"),
    "-entry": ("-entry_date", "last_name", "pk"),
    "updated": ("updated_at", "pk"),
    "-updated": ("-updated_at", "-pk"),
}
SORT_LABELS = {
    "name": _("name A–Z"),
    "-name": _("name Z–A"),
    "entry": _("entry date, oldest first"),
    "-entry": _("entry date, newest first"),
    "-updated": _("last changed, newest first"),
    "updated": _("last changed, oldest first"),
}


@dataclass
class MenteeFilters:
    q: str = ""
    status: str = "current"  # "current" = active and placed; "all" or "" = no filter
    mentor: UUID | None = None
    district: str = ""
    goal: str = ""
    sort: str = "name"


#: Words of a search that count; more are ignored.
SEARCH_WORDS = 5
#: Mentees one word may find by reference number and still be passed on as a list of keys.
REFERENCE_MATCHES = 500


def search_names(mentees: QuerySet[Mentee], text: str) -> QuerySet[Mentee]:
    """``mentees`` whose first name, last name or an external reference number contains every
    word of ``text`` (case-insensitive; the mentee list's search and the mentee picker's).

    For each word one query first finds the mentees of ``mentees`` with such a reference
    number (the trigram index of migration ``cases.0010``; mostly none) and passes them on as
    keys, so the names' condition stays a plain ``OR`` of two ``LIKE``s that PostgreSQL can
    answer from the names' trigram indexes, with a bitmap of the user's projects, instead of a
    filter on every row of them (an ``EXISTS`` or ``IN (SELECT …)`` beside the names prevents
    that). More than ``REFERENCE_MATCHES`` such mentees stay a subquery. A NUL byte is in no
    stored name or number (the forms refuse it) and PostgreSQL cannot compare text with it:
    a word holding one finds nobody."""
    if "\x00" in text:
        return mentees.none()
    for word in text.split()[:SEARCH_WORDS]:
        names = Q(first_name__icontains=word) | Q(last_name__icontains=word)
        by_reference = ExternalReference.objects.filter(
            reference__icontains=word, mentee__in=mentees.values("pk")
        ).values_list("mentee_id", flat=True)
        keys = list(by_reference[: REFERENCE_MATCHES + 1])
        if len(keys) > REFERENCE_MATCHES:
            names |= Q(pk__in=by_reference)
        elif keys:
            names |= Q(pk__in=keys)
        mentees = mentees.filter(names)
    return mentees


def list_mentees(user: User, filters: MenteeFilters | None = None) -> QuerySet[Mentee]:
    """The user's mentees, searched (name or external reference number), filtered and sorted;
    annotated with ``entry_date`` of the latest participation. One query when evaluated (and
    one per search word beforehand, see :func:`search_names`)."""
    filters = filters or MenteeFilters()
    latest_entry = Participation.objects.filter(mentee=OuterRef("pk")).order_by("-entry_date")
    qs = mentees_for(user).annotate(entry_date=Subquery(latest_entry.values("entry_date")[:1]))
    qs = search_names(qs, filters.q)
    if filters.status == "current":
        qs = qs.filter(status__in=[MenteeStatus.ACTIVE, MenteeStatus.PLACED])
    elif filters.status and filters.status != "all":
        qs = qs.filter(status=filters.status)
    if filters.mentor:
        qs = qs.filter(mentor__public_id=filters.mentor)
    if filters.district:
        qs = qs.filter(district_id=filters.district)
    if filters.goal:
        qs = qs.filter(goal=filters.goal)
    return qs.order_by(*SORTS.get(filters.sort, SORTS["name"]))


# --- Export (Art. 15 / 20 GDPR) ---------------------------------------------------------------


def profile_export_data(user: User, mentee: Mentee) -> dict[str, Any]:
    """The mentee and the profile records as JSON-safe data (no internal keys): the case
    file's part of the access export (``lotse.pages.mentee_export_data``)."""
    data = mentee_page_data(user, mentee)
    values = model_values
    return {
        "mentee": values(mentee),
        "participations": [values(p) for p in data.participations],
        "transfer_requests": [values(t) for t in mentee.transfer_requests.order_by("created_at")],
        **{
            kind.related: [values(row) for row in data.records[slug]]
            for slug, kind in _record_kinds().items()
        },
    }
