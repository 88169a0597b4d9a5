"""Every change to who may see what goes through these services, each with its audit row.

Access is granted by a project membership (mentor, project lead) or by a programme role
(coordinator, data protection officer, administrator) and the staff flags. The services refuse
to let anyone change their own access, and keep programme roles out of projects, so nobody can
grant themselves the right to read case files. The data protection officer sees every grant in
the audit trail. Audit rows name users and projects by their public id, never by name.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from lotse.accounts.models import Membership, ProgrammeRole, Project, User
from lotse.accounts.selectors import is_administrator, is_data_protection_officer
from lotse.audit.models import AuditAction
from lotse.audit.services import audit_record

ACCESS_FIELDS = ["programme_role", "is_staff", "is_superuser", "is_active"]


class _AuditRef:
    """What ``audit_record`` needs of an object, labelled by its id instead of ``str(obj)``
    (a user's or membership's string is a person's name)."""

    def __init__(self, instance: Model) -> None:
        self._meta = instance._meta
        self.pk = instance.pk
        self.public_id = getattr(instance, "public_id", None)

    def __str__(self) -> str:
        return f"{self._meta.model_name} {self.public_id or self.pk}"


def _audit(actor: User, action: str, obj: Model, changes: dict[str, Any], reason: str = "") -> None:
    audit_record(actor=actor, action=action, obj=_AuditRef(obj), changes=changes, reason=reason)


def _refuse_self(actor: User, user: User) -> None:
    if actor is not None and actor.pk == user.pk:
        raise PermissionDenied(_("Nobody may change their own access. Ask another administrator."))


def _require_administrator(actor: User) -> None:
    if not is_administrator(actor):
        raise PermissionDenied(_("Only an administrator may change access."))


def _require_security_officer(actor: User) -> None:
    if not (is_administrator(actor) or is_data_protection_officer(actor)):
        raise PermissionDenied(_("Only a data protection officer or an administrator may do this."))


def _access_snapshot(user: User) -> dict[str, Any]:
    return {name: getattr(user, name) for name in ACCESS_FIELDS}


# --- Memberships --------------------------------------------------------------------------------


def membership_save(
    *, actor: User, user: User, project: Project, role: str, membership: Membership | None = None
) -> Membership:
    """Create a membership or change its project or role."""
    _require_administrator(actor)
    _refuse_self(actor, user)
    with transaction.atomic():
        if membership is None:
            membership = Membership(user=user, project=project, role=role)
            before: dict[str, Any] = {}
            action = AuditAction.CREATE
        else:
            membership = Membership.objects.select_for_update().get(pk=membership.pk)
            _refuse_self(actor, membership.user)
            before = {
                "user": str(membership.user.public_id),
                "project": str(membership.project.public_id),
                "role": membership.role,
            }
            membership.user, membership.project, membership.role = user, project, role
            action = AuditAction.UPDATE
        membership.full_clean()
        membership.save()
        after = {
            "user": str(user.public_id),
            "project": str(project.public_id),
            "role": role,
        }
        changes = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
        changes.setdefault("user", [before.get("user"), after["user"]])
        _audit(actor, action, membership, changes)
        user._lotse_project_ids = None
        user._lotse_led_project_ids = None
    return membership


def membership_delete(*, actor: User, membership: Membership) -> None:
    _require_administrator(actor)
    _refuse_self(actor, membership.user)
    with transaction.atomic():
        changes = {
            "user": [str(membership.user.public_id), None],
            "project": [str(membership.project.public_id), None],
            "role": [membership.role, None],
        }
        _audit(actor, AuditAction.DELETE, membership, changes)
        membership.delete()


# --- Programme roles and staff flags ---------------------------------------------------------


def user_save_access(*, actor: User, user: User, before: dict[str, Any] | None) -> User:
    """Save a user edited in the administration and audit any change of access.

    ``before`` holds the access fields as they were (``None`` for a new user). A programme
    role, staff or superuser flag cannot be given to a project member, and nobody may change
    their own access fields.
    """
    _require_administrator(actor)
    changes = {
        name: [before.get(name) if before else None, getattr(user, name)]
        for name in ACCESS_FIELDS
        if before is None or before.get(name) != getattr(user, name)
    }
    if before is not None and changes:
        _refuse_self(actor, user)
    with transaction.atomic():
        user.full_clean(exclude=["password"])
        user.save()
        if changes or before is None:
            _audit(
                actor, AuditAction.CREATE if before is None else AuditAction.UPDATE, user, changes
            )
    return user


def user_set_programme_role(*, actor: User, user: User, role: str) -> User:
    if role not in ProgrammeRole.values:
        raise ValidationError({"programme_role": _("Unknown programme role.")})
    before = _access_snapshot(User.objects.get(pk=user.pk))
    user.programme_role = role
    return user_save_access(actor=actor, user=user, before=before)


def user_delete(*, actor: User, user: User) -> None:
    _require_administrator(actor)
    _refuse_self(actor, user)
    with transaction.atomic():
        _audit(actor, AuditAction.DELETE, user, {"programme_role": [user.programme_role, None]})
        user.delete()


# --- Own account ---------------------------------------------------------------------------------


def user_set_language(*, user: User, language: str) -> None:
    """Keep the interface language the user chose for their next login (not audited: it is
    a preference, not personal data of a mentee)."""
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])


def password_changed_record(*, user: User) -> None:
    _audit(user, AuditAction.UPDATE, user, {"password": "changed"})


# --- Second factor and login throttling --------------------------------------------------------


def second_factor_enrolled_record(*, user: User, what: str = "enrolled") -> None:
    _audit(user, AuditAction.CREATE, user, {"second_factor": what})


def second_factor_reset(*, actor: User, user: User, reason: str = "") -> None:
    """Remove every second factor of the user; they enrol again at their next login."""
    from django_otp import devices_for_user

    _require_security_officer(actor)
    _refuse_self(actor, user)
    with transaction.atomic():
        count = 0
        for device in devices_for_user(user, confirmed=None):
            device.delete()
            count += 1
        _audit(
            actor, AuditAction.DELETE, user, {"second_factor": "reset", "devices": count}, reason
        )


def login_unlock(*, actor: User, username: str = "", ip_address: str = "") -> int:
    """Lift the login lockout of an account (by user name) or of an address, as django-axes
    counted it. The audit row names the account by its public id; an address is not recorded."""
    from axes.models import AccessAttempt

    _require_security_officer(actor)
    if bool(username) == bool(ip_address):
        raise ValueError("Unlock either an account or an address.")
    with transaction.atomic():
        attempts = AccessAttempt.objects.select_for_update().filter(
            **({"username": username} if username else {"ip_address": ip_address})
        )
        rows = list(attempts)
        if not rows:
            return 0
        failures = sum(row.failures_since_start for row in rows)
        user = User.objects.filter(username=username).first() if username else None
        _audit(
            actor,
            AuditAction.DELETE,
            user or rows[0],
            {
                "login_lockout": "lifted",
                "kind": "account" if username else "address",
                "failures": failures,
            },
        )
        AccessAttempt.objects.filter(pk__in=[row.pk for row in rows]).delete()
    return failures
