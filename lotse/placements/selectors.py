"""Reads of applications, placements and follow-ups, scoped to the acting user.

Everything here is personal data about a mentee: a user sees only what belongs to mentees of
their own projects (``accounts.selectors.project_ids_for``); coordinators, data protection
officers and administrators see nothing.
"""

import datetime
from dataclasses import dataclass
from uuid import UUID

from django.db.models import Count, F, Prefetch, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.shortcuts import get_object_or_404
from django.utils import timezone

from lotse.accounts.models import User
from lotse.cases.models import Mentee, MenteeStatus
from lotse.cases.selectors import visible_q
from lotse.employers.models import Employer, Vacancy, VacancyStatus
from lotse.employers.selectors import employers_for, vacancies_for
from lotse.lib.exports import model_values
from lotse.placements.adequacy import JUDGED_TYPES
from lotse.placements.models import Application, ApplicationStageChange, FollowUp, Placement
from lotse.placements.stages import BOARD_STAGES, CLOSED_STAGES, OPEN_STAGES, Stage

#: How long a started application stays on the board's last column.
BOARD_STARTED_DAYS = 60

#: The related rows the lists show, besides the mentee with their mentor (``_MENTEE``).
_APPLICATION_OWN = ("vacancy", "vacancy__employer", "vacancy__occupation")
_PLACEMENT_OWN = ("employer", "occupation", "vacancy")
_MENTEE = ("mentee", "mentee__mentor")
_APPLICATION_RELATED = (*_MENTEE, *_APPLICATION_OWN)
_PLACEMENT_RELATED = (*_MENTEE, *_PLACEMENT_OWN)


def applications_for(user: User) -> QuerySet[Application]:
    return Application.objects.filter(visible_q(user, "mentee__")).select_related(
        *_APPLICATION_RELATED
    )


def application_for(user: User, public_id: UUID | str) -> Application:
    """The application with its history (oldest first, with the actors); 404 if not visible."""
    history = ApplicationStageChange.objects.select_related("actor").order_by(
        "on_date", "recorded_at", "id"
    )
    return get_object_or_404(
        applications_for(user).prefetch_related(Prefetch("history", queryset=history)),
        public_id=public_id,
    )


def placements_for(user: User) -> QuerySet[Placement]:
    return Placement.objects.filter(visible_q(user, "mentee__")).select_related(*_PLACEMENT_RELATED)


def placement_for(user: User, public_id: UUID | str) -> Placement:
    return get_object_or_404(
        placements_for(user)
        .select_related("application", "created_by")
        .prefetch_related(
            Prefetch("followups", queryset=FollowUp.objects.select_related("answered_by"))
        ),
        public_id=public_id,
    )


def followups_for(user: User) -> QuerySet[FollowUp]:
    return FollowUp.objects.filter(visible_q(user, "placement__mentee__")).select_related(
        "placement", "placement__mentee", "placement__employer"
    )


def followup_for(user: User, public_id: UUID | str) -> FollowUp:
    return get_object_or_404(followups_for(user), public_id=public_id)


def mentees_to_propose(user: User) -> QuerySet[Mentee]:
    """Mentees the user may propose for a vacancy: in their projects and not exited."""
    return (
        Mentee.objects.filter(visible_q(user))
        .exclude(status=MenteeStatus.EXITED)
        .order_by("last_name", "first_name", "pk")
    )


def has_own_mentees(user: User) -> bool:
    """Whether the user is the mentor of anyone (project leads often are not)."""
    return Mentee.objects.filter(visible_q(user), mentor=user).exists()


def mentee_visible(user: User, public_id: UUID | str) -> Mentee:
    return get_object_or_404(
        Mentee.objects.filter(visible_q(user)).select_related("mentor"),
        public_id=public_id,
    )


def vacancies_to_propose(user: User) -> QuerySet[Vacancy]:
    """Open vacancies of the employers in the user's projects."""
    return vacancies_for(user).filter(status=VacancyStatus.OPEN).order_by("title", "pk")


def employers_visible(user: User) -> QuerySet[Employer]:
    return employers_for(user).order_by("name", "pk")


# --- the board -----------------------------------------------------------------------------


#: Cards per column on the board; a longer column is paged on its own (``?stage=``).
BOARD_COLUMN_SIZE = 10


@dataclass
class BoardColumn:
    stage: Stage
    applications: list[Application]
    total: int = 0

    @property
    def more(self) -> bool:
        return self.total > len(self.applications)


def board_applications(
    user: User, *, mentor: User | None, on: datetime.date | None = None
) -> QuerySet[Application]:
    """The board's applications: open ones and those started in the last
    ``BOARD_STARTED_DAYS`` days, of the mentees of ``mentor`` (all the user's mentees when
    ``mentor`` is None), in the order of the cards."""
    on = on or timezone.localdate()
    since = on - datetime.timedelta(days=BOARD_STARTED_DAYS)
    qs = applications_for(user).filter(stage__in=BOARD_STAGES).select_related("placement")
    if mentor is not None:
        qs = qs.filter(mentee__mentor=mentor)
    return qs.exclude(stage=Stage.STARTED, stage_date__lt=since).order_by(*_CARD_ORDER)


_CARD_ORDER = ("stage_date", "mentee__last_name", "pk")


def board_columns(
    user: User,
    *,
    mentor: User | None,
    on: datetime.date | None = None,
    size: int = BOARD_COLUMN_SIZE,
) -> list[BoardColumn]:
    """The board: per stage the first ``size`` cards of :func:`board_applications` and how
    many there are. One query, however many applications (a window per stage)."""
    qs = board_applications(user, mentor=mentor, on=on).annotate(
        column_rank=Window(
            RowNumber(), partition_by=[F("stage")], order_by=[F(f) for f in _CARD_ORDER]
        ),
        column_total=Window(Count("pk"), partition_by=[F("stage")]),
    )
    columns = {stage: BoardColumn(stage, []) for stage in BOARD_STAGES}
    for application in qs.filter(column_rank__lte=size):
        column = columns[Stage(application.stage)]
        column.applications.append(application)
        column.total = application.column_total
    return list(columns.values())


# --- lists for the panels ------------------------------------------------------------------


def open_applications_of(
    mentee_id: int | None, *, keep: int | None = None
) -> QuerySet[Application]:
    """The open applications of a mentee the caller may see (an appointment's choice), and the
    one it is linked to already (``keep``) even if it has closed since."""
    if not mentee_id:
        return Application.objects.none()
    chosen = Q(stage__in=OPEN_STAGES) | Q(pk=keep) if keep else Q(stage__in=OPEN_STAGES)
    return (
        Application.objects.filter(chosen, mentee_id=mentee_id)
        .select_related("vacancy__employer")
        .order_by("-stage_date", "-id")
    )


def mentee_applications(user: User, mentee: Mentee) -> list[Application]:
    """All applications of one mentee, open ones first."""
    applications = applications_for(user).select_related(None).select_related(*_APPLICATION_OWN)
    rows = _of(mentee, applications.filter(mentee=mentee).order_by("-stage_date", "-pk"))
    return sorted(rows, key=lambda a: a.stage not in OPEN_STAGES)


def mentee_placements(user: User, mentee: Mentee) -> list[Placement]:
    placements = placements_for(user).select_related(None).select_related(*_PLACEMENT_OWN)
    return _of(mentee, placements.filter(mentee=mentee).order_by("-start_date", "-pk"))


def _of(mentee: Mentee, rows: QuerySet) -> list:
    """The rows of one mentee, each with ``mentee`` as its mentee: the mentee (and their
    mentor) already read by the page is not joined again (fewer joins to plan)."""
    found = list(rows)
    for row in found:
        row.mentee = mentee
    return found


def placements_export_data(user: User, mentee: Mentee) -> dict[str, list[dict]]:
    """Applications with their history and placements with follow-ups, for the access export."""
    applications = (
        applications_for(user)
        .filter(mentee=mentee)
        .select_related("vacancy")
        .prefetch_related("history")
        .order_by("pk")
    )
    placements = placements_for(user).filter(mentee=mentee).prefetch_related("followups")
    return {
        "applications": [
            {**model_values(a), "history": [model_values(h) for h in a.history.all()]}
            for a in applications
        ],
        "placements": [
            {**model_values(p), "follow_ups": [model_values(f) for f in p.followups.all()]}
            for p in placements.order_by("start_date", "pk")
        ],
    }


def vacancy_applications(user: User, vacancy: Vacancy) -> list[Application]:
    """The applications for a vacancy, limited to the user's mentees."""
    return list(applications_for(user).filter(vacancy=vacancy).order_by("-stage_date", "-pk"))


def employer_placements(user: User, employer: Employer) -> list[Placement]:
    """The user's mentees placed at an employer, latest start first."""
    return list(placements_for(user).filter(employer=employer).order_by("-start_date", "-pk"))


# --- for the matching app ------------------------------------------------------------------


def active_vacancy_ids_for_mentee(user: User, mentee: Mentee) -> set[int]:
    """Vacancies the mentee already has an active (not closed) application for, so matching
    can show "already proposed" instead of proposing twice. One query."""
    return set(
        applications_for(user)
        .filter(mentee=mentee)
        .exclude(stage__in=CLOSED_STAGES)
        .values_list("vacancy_id", flat=True)
    )


def active_mentee_ids_for_vacancy(user: User, vacancy: Vacancy) -> set[int]:
    """The user's mentees with an active application for the vacancy. One query."""
    return set(
        applications_for(user)
        .filter(vacancy=vacancy)
        .exclude(stage__in=CLOSED_STAGES)
        .values_list("mentee_id", flat=True)
    )


# --- the placement list --------------------------------------------------------------------

PAGE_SIZE = 50


@dataclass(frozen=True)
class PlacementFilters:
    placement_type: str = ""
    adequacy: str = ""  # "yes", "no", "open" (judged but not computable) or "not_judged"
    running: str = ""  # "running" or "ended"
    year: int | None = None
    mentor: User | None = None


def placement_list(user: User, filters: PlacementFilters | None = None) -> QuerySet[Placement]:
    """Placements of the user's projects, filtered, latest start first. One query per page.

    The adequacy filter uses what counts (the mentor's override if given, else the computed
    value), as the reports do."""
    from django.db.models import Q

    filters = filters or PlacementFilters()
    qs = placements_for(user).order_by("-start_date", "-pk")
    if filters.placement_type:
        qs = qs.filter(placement_type=filters.placement_type)
    counts = Q(adequacy_override__isnull=True)
    if filters.adequacy == "yes":
        qs = qs.filter(Q(adequacy_override=True) | (counts & Q(adequacy_computed=True)))
    elif filters.adequacy == "no":
        qs = qs.filter(Q(adequacy_override=False) | (counts & Q(adequacy_computed=False)))
    elif filters.adequacy == "open":
        qs = qs.filter(
            counts, adequacy_computed__isnull=True, placement_type__in=sorted(JUDGED_TYPES)
        )
    elif filters.adequacy == "not_judged":
        qs = qs.exclude(placement_type__in=sorted(JUDGED_TYPES))
    if filters.running == "running":
        qs = qs.filter(end_date__isnull=True)
    elif filters.running == "ended":
        qs = qs.filter(end_date__isnull=False)
    if filters.year:
        qs = qs.filter(start_date__year=filters.year)
    if filters.mentor is not None:
        qs = qs.filter(mentee__mentor=filters.mentor)
    return qs
