"""Who may see what: every scoped selector in Lotse starts from these helpers."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from lotse.accounts.models import Membership, ProgrammeRole, Project, ProjectRole, User


def project_ids_for(user: User) -> frozenset[int]:
    """Projects whose personal data the user may see (mentors and project leads only).

    Coordinators, data protection officers and administrators get none: they see aggregates,
    the audit trail or configuration, never a person's record.
    """
    return _memberships(user)[0]


def lead_project_ids_for(user: User) -> frozenset[int]:
    """The active projects the user leads."""
    return _memberships(user)[1]


def _memberships(user: User) -> tuple[frozenset[int], frozenset[int]]:
    """(projects, led projects) of the user, read once per request and user object."""
    if not user.is_authenticated or not user.is_active:
        return frozenset(), frozenset()
    cached = getattr(user, "_lotse_memberships", None)
    if cached is None:
        rows = list(
            Membership.objects.filter(user=user, project__is_active=True).values_list(
                "project_id", "role"
            )
        )
        cached = (
            frozenset(project for project, _role in rows),
            frozenset(project for project, role in rows if role == ProjectRole.LEAD),
        )
        user._lotse_memberships = cached
    return cached


def projects_for(user: User) -> QuerySet[Project]:
    return Project.objects.filter(pk__in=project_ids_for(user)).order_by("name")


def mentors_for(user: User) -> QuerySet[User]:
    """Mentors and leads in the user's projects, e.g. for an 'assigned mentor' field."""
    return (
        User.objects.filter(memberships__project_id__in=project_ids_for(user), is_active=True)
        .distinct()
        .order_by("last_name", "first_name")
    )


def sees_personal_data(user: User) -> bool:
    return bool(project_ids_for(user))


def is_coordinator(user: User) -> bool:
    return user.is_authenticated and user.programme_role == ProgrammeRole.COORDINATOR


def is_data_protection_officer(user: User) -> bool:
    return user.is_authenticated and user.programme_role == ProgrammeRole.DATA_PROTECTION


def is_administrator(user: User) -> bool:
    return user.is_authenticated and (
        user.programme_role == ProgrammeRole.ADMINISTRATOR or user.is_superuser
    )


def require_project(user: User, project_id: int | None) -> None:
    """For services: refuse to act on data of a project the user does not work in."""
    if project_id not in project_ids_for(user):
        raise PermissionDenied("The record belongs to a project outside the user's projects.")
