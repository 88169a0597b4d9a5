"""The records core: how a kind of record is declared, and how one is created, changed and
deleted.

A ``RecordKind`` names the model, the fields a service may set, the record's owner (the
mentee, an employer, an agreement), how to find the project a record belongs to, what the audit
row says, and, for pages, the form, titles, messages and anchor. Every write goes the same way,
in one transaction: ``require_project`` for the actor → stale check (``claim_version``) → apply
the values → derived values (``prepare``) → ``full_clean()`` → save → audit row (with the
diff) → the owning mentee's ``updated_at`` (``touch_owner``) → follow-up work (``after``).

Services take keyword arguments only: the actor, the owner (create) or the record and the
``version`` the client saw (update, delete), and the field values as ``**values``; a name that
is not one of the kind's fields is a ``TypeError``.

The view helpers ``edit_view`` and ``delete_view`` are the form → service → redirect cycle
for every kind, with the stale-edit message and the user's input kept.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lotse.accounts.selectors import require_project
from lotse.audit.models import AuditAction
from lotse.audit.services import audit_record, diff_fields
from lotse.lib.concurrency import (
    StaleRecordError,
    add_version_field,
    claim_version,
    show_current_version,
)
from lotse.lib.views import apply_service_errors, detached

M = TypeVar("M", bound=models.Model)


def _require_project(actor: Any, project_id: int) -> None:
    if actor is not None:  # None: the system itself (reminders, follow-ups, imports)
        require_project(actor, project_id)


def _mentee_project(record: Any) -> int:
    return record.mentee.project_id


def _mentee_audit(record: Any) -> dict[str, Any]:
    return {"mentee": record.mentee}


def touch_owner(record: Any) -> None:
    """A record of a mentee's case file changed: the mentee's ``updated_at`` follows (the
    list's "last changed" order, the API's ``updated_at``, and the revision by which
    ``lotse.matching.profiles`` knows that cached profiles are still current). Not the
    version: an edit form of the mentee opened before stays valid."""
    owner = type(record)._meta.get_field("mentee").related_model
    owner._base_manager.filter(pk=record.mentee_id).update(updated_at=timezone.now())


@dataclass(frozen=True, kw_only=True)
class RecordKind(Generic[M]):
    """One kind of record: what its services accept and check, and how its pages work."""

    model: type[M]
    #: The values a service may set (``**values``); by default the form's fields.
    fields: tuple[str, ...] = ()
    #: The keyword (and field) of the owner a new record is created under.
    parent: str = "mentee"
    #: The project of a record (also of an unsaved one with its owner set), for ``require_project``.
    project_of: Callable[[M], int] = _mentee_project
    #: The person and project the audit row is about.
    audit_of: Callable[[M], dict[str, Any]] = _mentee_audit
    #: Fields besides ``fields`` whose change the audit row records (derived values).
    audited: tuple[str, ...] = ()
    #: Personal data of a non-mentee: the trail says that a field changed, not how.
    private: bool = False
    #: Write an update's audit row also when no field changed (the case file's profile).
    audit_unchanged: bool = False
    #: Values set on a new record from the actor (e.g. ``lambda actor: {"author": actor}``).
    defaults: Callable[[Any], dict[str, Any]] | None = None
    #: Derived values and checks across fields, before ``full_clean()``: ``prepare(record,
    #: changed)`` gets the names of the values given (all of them for a new record).
    prepare: Callable[[M, set[str]], None] | None = None
    #: Work after a write in the same transaction: ``after(actor, record, changes)`` with the
    #: audit diff (``None`` on create).
    after: Callable[[Any, M, dict[str, Any] | None], None] | None = None
    #: Refuses a delete with a ``ValidationError`` (e.g. automatic reminders).
    check_delete: Callable[[M], None] | None = None
    #: The owner's related name for its records of this kind and the queryset (with what it
    #: needs joined) that the owner's page prefetches and its access export lists.
    related: str = ""
    rows: models.QuerySet | None = None

    # --- pages ---
    slug: str = ""
    form: type[forms.BaseModelForm] | None = None
    title: Promise | str = ""
    anchor: str = ""
    created: Promise | str = field(default=_("The entry has been added."))
    saved: Promise | str = field(default=_("The changes have been saved."))
    deleted: Promise | str = field(default=_("The entry has been deleted."))
    texts: dict[str, Promise | str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.fields and self.form is not None:
            object.__setattr__(self, "fields", tuple(self.form._meta.fields))

    def prefetch(self) -> models.Prefetch:
        """The owner's records of this kind, for ``prefetch_related``."""
        rows = self.rows if self.rows is not None else self.model.objects.all()
        return models.Prefetch(self.related, queryset=rows)

    # --- services ---

    def create(self, *, actor: Any, **values: Any) -> M:
        """Create a record under its owner (``mentee=…``, ``employer=…``, …) from ``values``."""
        try:
            parent = values.pop(self.parent)
        except KeyError:
            raise TypeError(
                f"{self.model.__name__}: the owner {self.parent!r} is missing"
            ) from None
        self._check_names(values)
        record = self.model(**{self.parent: parent})
        with transaction.atomic():
            _require_project(actor, self.project_of(record))
            if self.defaults is not None:
                for name, value in self.defaults(actor).items():
                    setattr(record, name, value)
            for name, value in values.items():
                setattr(record, name, value)
            if self.prepare is not None:
                self.prepare(record, set(self.fields))
            record.full_clean()
            record.save()
            audit_record(
                actor=actor, action=AuditAction.CREATE, obj=record, **self.audit_of(record)
            )
            self._touch_owner(record)
            if self.after is not None:
                self.after(actor, record, None)
        return record

    def update(self, *, actor: Any, record: M, version: object, **values: Any) -> M:
        """Change ``values`` of ``record`` if it is still at ``version``; otherwise raise
        ``StaleRecordError`` and change nothing."""
        self._check_names(values)
        with transaction.atomic():
            _require_project(actor, self.project_of(record))
            claim_version(record, version)
            # Compare with the row as stored: a form may already have changed the instance.
            names = [*self.fields, *self.audited]
            stored = self.model._base_manager.get(pk=record.pk)
            before = {name: getattr(stored, name) for name in names}
            for name, value in values.items():
                setattr(record, name, value)
            if self.prepare is not None:
                self.prepare(record, set(values))
            record.full_clean()
            record.save()
            changes = diff_fields(before, record, names)
            if changes or self.audit_unchanged:
                shown = {name: ["…", "…"] for name in changes} if self.private else changes
                audit_record(
                    actor=actor,
                    action=AuditAction.UPDATE,
                    obj=record,
                    changes=shown,
                    **self.audit_of(record),
                )
            self._touch_owner(record)
            if self.after is not None:
                self.after(actor, record, changes)
        return record

    def delete(self, *, actor: Any, record: M, version: object) -> None:
        """Delete ``record`` if it is still at ``version`` (what the user saw when deciding)."""
        with transaction.atomic():
            _require_project(actor, self.project_of(record))
            claim_version(record, version)
            if self.check_delete is not None:
                self.check_delete(record)
            audit_record(
                actor=actor, action=AuditAction.DELETE, obj=record, **self.audit_of(record)
            )
            record.delete()
            self._touch_owner(record)

    def _touch_owner(self, record: M) -> None:
        if self.parent == "mentee":
            touch_owner(record)

    def _check_names(self, values: Iterable[str]) -> None:
        unknown = set(values) - set(self.fields)
        if unknown:
            raise TypeError(f"{self.model.__name__} has no editable fields {sorted(unknown)}")


# --- pages ---------------------------------------------------------------------------------


def edit_view(
    request: HttpRequest,
    kind: RecordKind,
    *,
    owner: dict[str, Any] | None = None,
    record: models.Model | None = None,
    instance: models.Model | None = None,
    form_kwargs: dict[str, Any] | None = None,
    template: str,
    context: dict[str, Any],
    success_url: str | Callable[[models.Model], str],
    message: str | Promise | None = None,
) -> HttpResponse:
    """The add (``owner`` given) or edit (``record`` given) page of a record: GET shows the
    form, a valid POST calls the kind's service and redirects to ``success_url``; service errors
    show at their fields, a stale version above the form with the user's input kept."""
    if record is not None:
        instance = detached(record)
    elif instance is None:
        instance = kind.model(**(owner or {}))
    data = request.POST if request.method == "POST" else None
    form = add_version_field(kind.form(data, instance=instance, **(form_kwargs or {})), record)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        version = values.pop("version", None)
        try:
            if record is None:
                saved = kind.create(actor=request.user, **(owner or {}), **values)
            else:
                saved = kind.update(actor=request.user, record=record, version=version, **values)
        except StaleRecordError as error:
            apply_service_errors(form, error)
            show_current_version(form, record)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, message or (kind.created if record is None else kind.saved))
            return redirect(success_url(saved) if callable(success_url) else success_url)
    return render(request, template, {**context, "form": form, "record": record, "kind": kind})


def delete_view(
    request: HttpRequest,
    kind: RecordKind,
    record: models.Model,
    *,
    back: str,
    message: str | Promise | None = None,
) -> HttpResponse:
    """The delete button of a record: deletes it at the version the page showed and goes back
    to ``back``. A refused delete (changed or deleted meanwhile, or not deletable) deletes
    nothing and answers 409 with the reason and a link back to the current record."""
    try:
        kind.delete(actor=request.user, record=record, version=request.POST.get("version"))
    except ValidationError as error:
        context = {"message": " ".join(error.messages), "back": back}
        return render(request, "record_refused.html", context, status=409)
    messages.success(request, message or kind.deleted)
    return redirect(back)
