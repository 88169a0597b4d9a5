"""Writes of data-subject requests, restrictions, access copies and consent texts. Each runs in
one transaction with its audit row; the rows name fields, codes and dates, never the text of
a request, an outcome or a reason (``lotse.audit.rules``)."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import User
from lotse.accounts.selectors import is_administrator
from lotse.audit.models import AuditAction
from lotse.audit.services import audit_record, diff_fields
from lotse.cases.models import Mentee
from lotse.lib.concurrency import claim_version
from lotse.lib.dates import add_months
from lotse.privacy.models import (
    OPEN_STATUSES,
    ConsentText,
    DataSubjectRequest,
    RequestStatus,
    Restriction,
)
from lotse.privacy.selectors import may_handle

#: Art. 12(3) GDPR: an answer within one month of receipt ...
DEADLINE_MONTHS = 1
#: ... which may be extended by two further months where necessary, with the reasons given.
EXTENSION_MONTHS = 2

#: What ``request_update`` may change.
REQUEST_FIELDS = (
    "status",
    "handled_by",
    "details",
    "outcome",
    "closed_on",
    "extended_until",
    "extension_reason",
)


def due_date(received_on: datetime.date) -> datetime.date:
    return add_months(received_on, DEADLINE_MONTHS)


def latest_extension(received_on: datetime.date) -> datetime.date:
    return add_months(received_on, DEADLINE_MONTHS + EXTENSION_MONTHS)


def _require_handler(actor: User, mentee: Mentee | None) -> None:
    if not may_handle(actor, mentee):
        raise PermissionDenied("Only the data protection officer and the project's leads.")


def _not_in_future(field: str, value: datetime.date | None, message: Any) -> None:
    if value is not None and value > timezone.localdate():
        raise ValidationError({field: message})


@transaction.atomic
def request_create(
    *,
    actor: User,
    mentee: Mentee,
    kind: str,
    received_on: datetime.date,
    channel: str,
    details: str = "",
) -> DataSubjectRequest:
    """Record a request of ``mentee``; the answer is due one month after receipt."""
    _require_handler(actor, mentee)
    _not_in_future("received_on", received_on, _("The date of receipt cannot be in the future."))
    request = DataSubjectRequest(
        mentee=mentee,
        kind=kind,
        channel=channel,
        received_on=received_on,
        due_on=due_date(received_on),
        details=details,
        recorded_by=actor,
        status=RequestStatus.RECEIVED,
    )
    request.full_clean()
    request.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=request,
        mentee=mentee,
        changes={"kind": [None, kind], "received_on": [None, received_on]},
    )
    return request


def _check_request(request: DataSubjectRequest) -> None:
    errors: dict[str, Any] = {}
    if request.extended_until is not None:
        if request.extended_until <= request.due_on:
            errors["extended_until"] = _(
                "An extension must end after the regular deadline (%(due)s)."
            ) % {"due": f"{request.due_on:%d.%m.%Y}"}
        elif request.extended_until > latest_extension(request.received_on):
            errors["extended_until"] = _(
                "The deadline can be extended by at most two further months, until %(last)s."
            ) % {"last": f"{latest_extension(request.received_on):%d.%m.%Y}"}
        if not request.extension_reason.strip():
            errors["extension_reason"] = _(
                "Please give the reasons for the extension; the person must be told them."
            )
    if request.status in OPEN_STATUSES:
        request.closed_on = None
    else:
        if request.closed_on is None:
            request.closed_on = timezone.localdate()
        if request.closed_on < request.received_on:
            errors["closed_on"] = _("The answer cannot be before the request was received.")
        elif request.closed_on > timezone.localdate():
            errors["closed_on"] = _("The date of the answer cannot be in the future.")
        if not request.outcome.strip():
            errors["outcome"] = _("Please record what the person was told (the outcome).")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def request_update(
    *, actor: User, request: DataSubjectRequest, version: object, **values: Any
) -> DataSubjectRequest:
    """Change the status, handler, outcome, answer date or extension of a request, if nobody
    saved it since ``version``. Closing it needs an outcome; the answer date defaults to
    today. Whoever changes the status of an unhandled request becomes its handler."""
    unknown = set(values) - set(REQUEST_FIELDS)
    if unknown:
        raise TypeError(f"DataSubjectRequest has no editable fields {sorted(unknown)}")
    _require_handler(actor, request.mentee)
    claim_version(request, version)
    stored = DataSubjectRequest.objects.get(pk=request.pk)
    before = {name: getattr(stored, name) for name in REQUEST_FIELDS}
    for name, value in values.items():
        setattr(request, name, value)
    if request.handled_by_id is None and request.status != stored.status:
        request.handled_by = actor
    _check_request(request)
    request.full_clean()
    request.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=request,
        mentee=request.mentee,
        changes=diff_fields(before, request, list(REQUEST_FIELDS)),
    )
    return request


# --- restriction (Art. 18) ---------------------------------------------------------------------


@transaction.atomic
def restriction_set(
    *, actor: User, mentee: Mentee, reason: str, request: DataSubjectRequest | None = None
) -> Restriction:
    """Restrict the processing of the mentee's data: the record disappears for the project's
    mentors until a lead or the data protection officer lifts the restriction."""
    _require_handler(actor, mentee)
    if Restriction.objects.select_for_update().filter(mentee=mentee).exists():
        raise ValidationError(_("The processing of this record is already restricted."))
    restriction = Restriction(mentee=mentee, reason=reason, request=request, restricted_by=actor)
    restriction.full_clean()
    restriction.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=restriction,
        mentee=mentee,
        changes={
            "reason": [None, reason],
            "request": [None, request.public_id if request else None],
        },
    )
    return restriction


@transaction.atomic
def restriction_lift(*, actor: User, mentee: Mentee) -> None:
    """Lift the restriction: the record is visible to the project's mentors again."""
    _require_handler(actor, mentee)
    restriction = Restriction.objects.select_for_update().filter(mentee=mentee).first()
    if restriction is None:
        raise ValidationError(_("The processing of this record is not restricted."))
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=restriction,
        mentee=mentee,
        changes={"reason": [restriction.reason, None]},
    )
    restriction.delete()


# --- the access copy -------------------------------------------------------------------------


@transaction.atomic
def access_copy_record(
    *,
    actor: User,
    mentee: Mentee,
    form: str,
    language: str = "de",
    request: DataSubjectRequest | None = None,
) -> None:
    """Audit that ``actor`` made the access copy of the mentee (``form``: html, pdf or json),
    with the request it answers if the data protection officer made it."""
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        obj=mentee,
        mentee=mentee,
        changes={
            "copy": form,
            "language": language,
            "request": str(request.public_id) if request else None,
        },
        reason="access_copy",
    )


# --- consent texts ---------------------------------------------------------------------------

CONSENT_TEXT_FIELDS = (
    "purpose",
    "version",
    "language",
    "title",
    "text",
    "valid_from",
    "checked_translation",
)
#: What may still change once a consent refers to the text: whether its translation is checked.
AGREED_TEXT_FIELDS = ("checked_translation",)


def consent_text_in_use(text: ConsentText) -> bool:
    return text.pk is not None and text.consents.exists()


@transaction.atomic
def consent_text_save(*, actor: User, text: ConsentText) -> ConsentText:
    """Create or change a consent text (administrators). The wording, version, language,
    purpose and start of a text that consents refer to stay as agreed: write a new version."""
    if not is_administrator(actor):
        raise PermissionDenied("Only administrators edit consent texts.")
    if text.pk is None:
        text.full_clean()
        text.save()
        audit_record(actor=actor, action=AuditAction.CREATE, obj=text)
        return text
    stored = ConsentText.objects.select_for_update().get(pk=text.pk)
    before = {name: getattr(stored, name) for name in CONSENT_TEXT_FIELDS}
    changed = [n for n in CONSENT_TEXT_FIELDS if getattr(text, n) != before[n]]
    if consent_text_in_use(stored) and set(changed) - set(AGREED_TEXT_FIELDS):
        raise ValidationError(
            _(
                "Consents have been recorded with this text, so it stays as it was agreed. "
                "Please add a new version instead."
            )
        )
    text.full_clean()
    text.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=text,
        changes=diff_fields(before, text, list(CONSENT_TEXT_FIELDS)),
    )
    return text


@transaction.atomic
def consent_text_delete(*, actor: User, text: ConsentText) -> None:
    if not is_administrator(actor):
        raise PermissionDenied("Only administrators edit consent texts.")
    if consent_text_in_use(text):
        raise ValidationError(_("Consents have been recorded with this text; it is kept."))
    audit_record(actor=actor, action=AuditAction.DELETE, obj=text)
    text.delete()
