"""Writes of letters: a new version of a project's template, the native speaker's check, and
generating a letter (the file, the ``Letter`` row the journal shows, and the audit row), and
the letters' part of erasure. Each runs in one transaction with its audit row; none puts
personal data into the trail (kind, language, format and versions are codes)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.accounts.models import Project
from lotse.accounts.selectors import is_administrator, lead_project_ids_for, require_project
from lotse.audit.models import AuditAction
from lotse.audit.services import audit_record
from lotse.cases.models import Mentee
from lotse.letters import content, output, placeholders, selectors
from lotse.letters.models import (
    APPOINTMENT_KINDS,
    Letter,
    LetterKind,
    LetterLanguage,
    LetterTemplate,
)

# --- templates ----------------------------------------------------------------------------


def _require_lead(actor: Any, project: Project) -> None:
    if project.pk not in lead_project_ids_for(actor):
        raise PermissionDenied("Only the project's leads change its letter templates.")


def check_template_text(kind: str, *, subject: str, body: str) -> None:
    """The placeholder check of both fields, as field errors."""
    errors: dict[str, list[ValidationError]] = {}
    for name, text in (("subject", subject), ("body", body)):
        try:
            placeholders.check(text, kind)
        except ValidationError as error:
            errors[name] = error.error_list
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def template_save(
    *, actor: Any, project: Project, kind: str, language: str, subject: str, body: str
) -> LetterTemplate:
    """The project's next version of the text (the first one overrides the programme's).
    A translation starts "to be checked by a native speaker"."""
    _require_lead(actor, project)
    check_template_text(kind, subject=subject, body=body)
    # Lock the project's row so that two leads saving at once get versions n and n+1.
    Project.objects.select_for_update().filter(pk=project.pk).first()
    newest = LetterTemplate.objects.filter(kind=kind, language=language, project=project)
    version = (newest.aggregate(top=Max("version"))["top"] or 0) + 1
    template = LetterTemplate(
        kind=kind,
        language=language,
        project=project,
        version=version,
        subject=subject,
        body=body,
        created_by=actor,
    )
    template.full_clean()
    template.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=template,
        project_id=project.pk,
        changes={"kind": kind, "language": language, "new_version": version},
    )
    return template


@transaction.atomic
def template_confirm_check(*, actor: Any, template: LetterTemplate) -> LetterTemplate:
    """A native speaker confirms the translation: a lead of the project for the project's
    text, an administrator (in the admin) for the programme's. Confirming twice changes
    nothing."""
    if template.project is None:
        if not is_administrator(actor):
            raise PermissionDenied("Programme-wide texts are confirmed by an administrator.")
    else:
        _require_lead(actor, template.project)
    locked = LetterTemplate.objects.select_for_update().get(pk=template.pk)
    if not locked.is_translation or locked.checked_at is not None:
        return locked
    locked.checked_by = actor
    locked.checked_at = timezone.now()
    locked.save(update_fields=["checked_by", "checked_at", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=locked,
        project_id=locked.project_id,
        changes={"checked_at": [None, locked.checked_at.isoformat()]},
    )
    return locked


# --- generating a letter ------------------------------------------------------------------


@dataclass(frozen=True)
class Generated:
    letter: Letter
    file: bytes
    content_type: str
    filename: str


def _templates(kind: str, language: str, project: Project):
    german = selectors.template_in_force(kind, LetterLanguage.GERMAN, project)
    if german is None:
        raise ValidationError({"kind": _("There is no German text for this letter yet.")})
    translation = None
    if language != LetterLanguage.GERMAN:
        translation = selectors.template_in_force(kind, language, project)
        if translation is None:
            raise ValidationError(
                {"language": _("This letter has no text in the chosen language yet.")}
            )
    return german, translation


def _address(mentee: Mentee) -> list[str]:
    place = " ".join(
        part for part in (mentee.postcode, mentee.place.place if mentee.place else "") if part
    )
    return [mentee.full_name, mentee.street, place]


def _employer_address(employer: Any) -> list[str]:
    place = " ".join(
        part for part in (employer.postcode, employer.place.place if employer.place else "") if part
    )
    return [employer.name, employer.street, place]


def _consent(purpose: str, language: str):
    """The German consent text for ``purpose`` in force today and its translation of the same
    version (``None`` when there is none in that language)."""
    from lotse.privacy.selectors import consent_texts_to_agree

    texts = consent_texts_to_agree().filter(purpose=purpose)
    german = texts.filter(language=LetterLanguage.GERMAN).order_by("-valid_from", "-pk").first()
    if german is None:
        raise ValidationError({"purpose": _("There is no consent text for this purpose yet.")})
    translation = None
    if language != LetterLanguage.GERMAN:
        translation = texts.filter(language=language, version=german.version).first()
    rows = content.pair(
        placeholders.paragraphs(german.text),
        placeholders.paragraphs(translation.text) if translation else [],
    )
    part = content.ConsentPart(
        title=german.title,
        version=german.version,
        rows=rows,
        translation_title=translation.title if translation else "",
        missing_translation=language != LetterLanguage.GERMAN and translation is None,
    )
    return german, translation, part


def _steps(agreement: Any) -> list[content.StepRow]:
    return [
        content.StepRow(
            description=step.description,
            responsible=content.german(step.get_responsible_display()),
            due=content.format_date(step.due_date),
            status=content.german(step.get_status_display()),
        )
        for step in agreement.steps.order_by("due_date", "id")
    ]


def _since(mentee: Mentee):
    participation = mentee.participations.filter(project=mentee.project).order_by("-entry_date")
    first = participation.first()
    return first.entry_date if first else timezone.localdate(mentee.created_at)


def letter_generate(
    *,
    actor: Any,
    mentee: Mentee,
    kind: str,
    language: str,
    file_format: str,
    appointment: Any = None,
    agreement: Any = None,
    employer: Any = None,
    purpose: str = "",
) -> Generated:
    """Make the letter, record it (the ``Letter`` row, shown in the mentee's journal) and
    write the audit row, in one transaction. ``appointment``, ``agreement`` and ``employer``
    must come from scoped selectors; they are checked to belong to the mentee."""
    with transaction.atomic():
        require_project(actor, mentee.project_id)
        german, translation = _templates(kind, language, mentee.project)
        values = content.values_common(mentee, actor)
        recipient = _address(mentee)
        extra: dict[str, Any] = {}
        steps = None
        consent_part = None
        if kind in APPOINTMENT_KINDS:
            if appointment is None or appointment.mentee_id != mentee.pk:
                raise ValidationError({"appointment": _("Please choose one of the appointments.")})
            values.update(content.appointment_values(appointment))
            extra["appointment"] = appointment
        elif kind == LetterKind.AGREEMENT:
            if agreement is None or agreement.mentee_id != mentee.pk:
                raise ValidationError(
                    {"kind": _("No integration agreement has been recorded yet.")}
                )
            values.update(content.agreement_values(agreement))
            steps = _steps(agreement)
        elif kind == LetterKind.CONSENT:
            text, translated, consent_part = _consent(purpose, language)
            values.update(
                purpose=content.german(text.get_purpose_display()),
                consent_version=text.version,
            )
            extra.update(consent_text=text, consent_translation=translated)
        elif kind == LetterKind.EMPLOYER:
            if employer is None or employer.project_id != mentee.project_id:
                raise ValidationError({"employer": _("Please choose one of the employers.")})
            values.update(
                employer=employer.name,
                since=content.format_date(_since(mentee)),
                birth_date=content.format_date(mentee.birth_date),
            )
            recipient = _employer_address(employer)
            extra["employer"] = employer
        letter_content = content.compose(
            kind=kind,
            language=language,
            template=german,
            translation=translation,
            values=values,
            sender=[values["project"], values["organisation"], values["mentor"]],
            recipient=recipient,
            steps=steps,
            consent=consent_part,
            signatures=content.signatures_for(kind),
        )
        file, content_type = output.render(letter_content, file_format)
        letter = Letter(
            mentee=mentee,
            kind=kind,
            language=language,
            file_format=file_format,
            template=german,
            translation=translation,
            created_by=actor,
            **extra,
        )
        letter.full_clean()
        letter.save()
        audit_record(
            actor=actor,
            action=AuditAction.EXPORT,
            obj=letter,
            mentee=mentee,
            changes={
                "kind": kind,
                "language": language,
                "file_format": file_format,
                "template_version": german.version,
                "translation_version": translation.version if translation else None,
            },
        )
    day = timezone.localdate().isoformat()
    filename = f"{kind}-{language}-{day}.{file_format}"
    return Generated(letter, file, content_type, filename)


def letters_erase(*, mentee: Mentee, actor: Any) -> int:
    """Delete the record of every letter made for the mentee (erasure)."""
    count = 0
    with transaction.atomic():
        for letter in Letter.objects.filter(mentee=mentee).order_by("pk"):
            audit_record(
                actor=actor, action=AuditAction.DELETE, obj=letter, mentee=mentee, reason="erasure"
            )
            letter.delete()
            count += 1
    return count
