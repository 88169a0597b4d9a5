"""Writing to the audit trail. Every service that touches personal data calls ``audit_record``
inside its own transaction, so the change and its audit row commit or roll back together."""

from typing import Any

from django.db import models, transaction

from lotse.audit.models import AuditAction, AuditEvent


def _json_safe(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value.pk)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple | set):
        return [_json_safe(v) for v in value]
    return str(value)


def audit_record(
    *,
    actor: Any,
    action: AuditAction | str,
    obj: models.Model,
    mentee: models.Model | None = None,
    project_id: int | None = None,
    changes: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEvent:
    """Append one audit row.

    ``mentee`` is the person the data is about (for filtering the trail per person); for a
    change, ``changes`` maps field names to ``[old, new]``. Free-text values are not copied into
    the trail, only the fact that they changed.
    """
    object_id = getattr(obj, "public_id", None) or obj.pk
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(object_id),
        object_label=str(obj)[:300],
        mentee_id=getattr(mentee, "public_id", None),
        project_id=project_id if project_id is not None else getattr(mentee, "project_id", None),
        changes={k: _json_safe(v) for k, v in (changes or {}).items()},
        reason=reason,
    )


def diff_fields(
    before: dict[str, Any], instance: models.Model, fields: list[str]
) -> dict[str, Any]:
    """Changed fields as ``{name: [old, new]}``; long texts are reported as changed, not copied."""
    changes: dict[str, Any] = {}
    for name in fields:
        old, new = before.get(name), getattr(instance, name)
        if old != new:
            if isinstance(new, str) and len(new) > 80 or isinstance(old, str) and len(old) > 80:
                changes[name] = ["…", "…"]
            else:
                changes[name] = [_json_safe(old), _json_safe(new)]
    return changes


def audit_trail_access_record(
    *,
    actor: Any,
    action: AuditAction | str,
    filters: dict[str, Any],
    mentee_id: Any = None,
) -> AuditEvent:
    """Record that the data protection officer read (filtered by a person) or exported the
    audit trail itself. ``filters`` are the query parameters used; ``mentee_id`` the public id
    of the person filtered by, so the access shows up in that person's own trail."""
    with transaction.atomic():
        event = AuditEvent(
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            action=action,
            object_type=AuditEvent._meta.label_lower,
            object_id=str(mentee_id) if mentee_id else "trail",
            object_label="audit trail",
            mentee_id=mentee_id,
            changes={k: _json_safe(v) for k, v in filters.items() if v not in (None, "")},
        )
        event.full_clean()
        event.save()
        return event
