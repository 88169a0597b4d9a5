"""Writing to the audit trail. Every service that touches personal data calls ``audit_record``
inside its own transaction, so the change and its audit row commit or roll back together.

What a row holds — and what it never holds:

- **the object** by its type (``app_label.model``) and its ``public_id`` (the integer key only
  for models without one). ``object_label`` stays empty: ``str(obj)`` is often a name. The data
  protection officer's list shows the kind of record and its id (see ``selectors``);
- **the person** the data is about by the mentee's ``public_id`` (``mentee_id``); a page that
  showed several people writes one row listing their ids (``changes["shown"]``) and one
  ``AuditSubject`` per person, so each person's trail finds it;
- **changes** as field names, with values only where ``lotse.audit.rules`` says they are not
  personal (choices, booleans, process dates, reference codes, public ids); free text, names,
  phone numbers, addresses and dates of birth are recorded as changed (``["…", "…"]``), never
  copied;
- **reason** only as a code (``"journal"``); a reason typed by a user stays in its record.

Rows are never changed or deleted (model, queryset and, on PostgreSQL, a trigger refuse it),
with one exception: :func:`pseudonymise_person`, which erasure calls to replace a mentee's id
in the trail by a pseudonym.
"""

import uuid
from collections.abc import Iterable
from typing import Any

from django.db import connection, models, transaction
from django.http import HttpRequest

from lotse.audit import rules
from lotse.audit.models import AuditAction, AuditEvent, AuditSubject

#: The transaction-local PostgreSQL setting the trigger lets UPDATEs through with.
PSEUDONYMISE_SETTING = "lotse.audit_pseudonymise"
#: At most this many ids are listed in a view row's ``changes`` (all get an ``AuditSubject``).
SHOWN_LISTED = 500


def _actor(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _object_id(obj: Any) -> str:
    return str(getattr(obj, "public_id", None) or obj.pk)


def audit_record(
    *,
    actor: Any,
    action: AuditAction | str,
    obj: models.Model,
    mentee: models.Model | None = None,
    project_id: int | None = None,
    changes: dict[str, Any] | None = None,
    reason: str = "",
    shown: Iterable[Any] = (),
) -> AuditEvent:
    """Append one audit row.

    ``mentee`` is the person the data is about (for filtering the trail per person); for a
    change, ``changes`` maps field names to ``[old, new]``: values that are personal are
    replaced by ``"…"`` here, whoever built the dict (see ``lotse.audit.rules``). ``shown``
    lists further people (mentees or their public ids) the row is about.
    """
    model = getattr(obj._meta, "model", None) or type(obj)
    event = AuditEvent.objects.create(
        actor=_actor(actor),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=_object_id(obj),
        object_label="",
        mentee_id=getattr(mentee, "public_id", None),
        project_id=project_id if project_id is not None else getattr(mentee, "project_id", None),
        changes=rules.safe_changes(model, changes or {}),
        reason=rules.safe_reason(reason)[:500],
    )
    _add_subjects(event, shown)
    return event


def _public_ids(people: Iterable[Any]) -> list[uuid.UUID]:
    """Public ids of ``people`` (mentees or ids), in order, each once."""
    seen: dict[uuid.UUID, None] = {}
    for person in people:
        value = getattr(person, "public_id", person)
        if value is None:
            continue
        seen.setdefault(value if isinstance(value, uuid.UUID) else uuid.UUID(str(value)), None)
    return list(seen)


def _add_subjects(event: AuditEvent, people: Iterable[Any], *, all_of_them: bool = False) -> None:
    ids = [i for i in _public_ids(people) if all_of_them or i != event.mentee_id]
    if ids:
        AuditSubject.objects.bulk_create(AuditSubject(event=event, mentee_id=i) for i in ids)


def diff_fields(
    before: dict[str, Any], instance: models.Model, fields: list[str]
) -> dict[str, Any]:
    """Changed fields as ``{name: [old, new]}``; personal values are ``"…"`` (see
    ``lotse.audit.rules``), so a change of a note or a phone number is recorded, its text not."""
    model = type(instance)
    changes: dict[str, Any] = {}
    for name in fields:
        old, new = before.get(name), getattr(instance, name)
        if old != new:
            changes[name] = rules.safe_change(model, name, [old, new])
    return changes


# --- pages that show people ----------------------------------------------------------------


def audit_view(
    *,
    actor: Any,
    page: str,
    shown: Iterable[Any],
    obj: models.Model | None = None,
    project_id: int | None = None,
) -> AuditEvent | None:
    """One ``view`` row for a page or fragment that showed people: ``shown`` are the mentees
    (or their public ids) on it, ``page`` the URL name, ``obj`` the record the page is about
    (a vacancy, a residence status) if any. Nothing is written when the page showed nobody
    and is about no record."""
    people = list(shown)
    ids = _public_ids(people)
    if not ids and obj is None:
        return None
    if project_id is None:
        projects = {getattr(p, "project_id", None) for p in people}
        project_id = projects.pop() if len(projects) == 1 else None
    changes: dict[str, Any] = {"page": page, "shown": [str(i) for i in ids[:SHOWN_LISTED]]}
    if len(ids) > SHOWN_LISTED:
        changes["shown_count"] = len(ids)
    event = AuditEvent.objects.create(
        actor=_actor(actor),
        action=AuditAction.VIEW,
        object_type=obj._meta.label_lower if obj is not None else "page",
        object_id=_object_id(obj) if obj is not None else page[:64],
        mentee_id=ids[0] if len(ids) == 1 else None,
        project_id=project_id,
        changes=changes,
    )
    _add_subjects(event, ids, all_of_them=True)  # the same queries for one person as for fifty
    return event


def note_shown(
    request: HttpRequest,
    people: Iterable[Any],
    *,
    obj: Any = None,
    project_id: int | None = None,
    always: bool = False,
) -> None:
    """Note that this request's page shows ``people`` (mentees or public ids); the
    ``AuditViewMiddleware`` writes one ``view`` row for all of them when the page was shown
    (not for a redirect or an error). Sections and fragments call this; ``obj`` is the record
    the page is about, ``project_id`` its project (the first ones given count). A page that
    shows nobody writes no row, unless a call says ``always`` (the record itself holds personal
    data, e.g. an employer's contact persons)."""
    noted = request.__dict__.setdefault(
        "_audit_shown", {"people": [], "obj": None, "project_id": None, "always": False}
    )
    noted["people"].extend(people)
    noted["always"] = noted["always"] or always
    if noted["obj"] is None:
        noted["obj"] = obj
    if noted["project_id"] is None:
        noted["project_id"] = project_id


def write_noted(request: HttpRequest, status_code: int) -> AuditEvent | None:
    """Write the view row for what ``note_shown`` collected (called by the middleware)."""
    noted = request.__dict__.pop("_audit_shown", None)
    if noted is None or not (status_code < 300 or status_code == 400):
        return None
    if not noted["people"] and not noted["always"]:
        return None
    match = getattr(request, "resolver_match", None)
    page = (match.view_name if match else "") or request.path[:64]
    return audit_view(
        actor=request.user,
        page=page,
        shown=noted["people"],
        obj=noted["obj"],
        project_id=noted["project_id"],
    )


# --- the trail's own use ---------------------------------------------------------------------


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
            actor=_actor(actor),
            action=action,
            object_type=AuditEvent._meta.label_lower,
            object_id=str(mentee_id) if mentee_id else "trail",
            object_label="audit trail",
            mentee_id=mentee_id,
            changes={
                k: rules.machine_value(v.pk if isinstance(v, models.Model) else v)
                for k, v in filters.items()
                if v not in (None, "")
            },
        )
        event.full_clean()
        event.save()
        return event


# --- erasure ---------------------------------------------------------------------------------


def _replace(value: Any, old: str, new: str) -> Any:
    if isinstance(value, str):
        return value.replace(old, new)
    if isinstance(value, list):
        return [_replace(v, old, new) for v in value]
    if isinstance(value, dict):
        return {k: _replace(v, old, new) for k, v in value.items()}
    return value


def pseudonymise_person(mentee_public_id: uuid.UUID | str, pseudonym: uuid.UUID | str) -> int:
    """Replace a mentee's public id by ``pseudonym`` everywhere in the trail (the person's
    column, the record id, the people of view rows and ids inside ``changes``), in the caller's
    transaction; returns the number of rows changed. The only way rows of the trail change:
    erasure calls it, so the trail keeps what was done without pointing at the person.

    On PostgreSQL it sets ``lotse.audit_pseudonymise`` for this transaction only, the one
    setting under which the trigger lets an UPDATE through (never a DELETE), and unsets it
    before returning."""
    old, new = uuid.UUID(str(mentee_public_id)), uuid.UUID(str(pseudonym))
    if old == new:
        return 0
    old_s, new_s = str(old), str(new)
    with transaction.atomic():
        _allow_pseudonymise(True)
        rows = models.QuerySet(AuditEvent).filter(
            models.Q(mentee_id=old)
            | models.Q(object_id=old_s)
            | models.Q(pk__in=AuditSubject.objects.filter(mentee_id=old).values("event_id"))
        )
        changed = []
        for event in rows.only("pk", "mentee_id", "object_id", "changes"):
            if event.mentee_id == old:
                event.mentee_id = new
            if event.object_id == old_s:
                event.object_id = new_s
            event.changes = _replace(event.changes, old_s, new_s)
            changed.append(event)
        models.QuerySet(AuditEvent).bulk_update(
            changed, ["mentee_id", "object_id", "changes"], batch_size=500
        )
        models.QuerySet(AuditSubject).filter(mentee_id=old).update(mentee_id=new)
        _allow_pseudonymise(False)
    return len(changed)


def _allow_pseudonymise(on: bool) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config(%s, %s, true)", [PSEUDONYMISE_SETTING, "on" if on else "off"]
            )
