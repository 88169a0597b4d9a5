"""What a letter says: the templates in force filled in with the mentee's, the appointment's,
the agreement's, the consent text's or the employer's values, German paragraph beside its
translation. ``lotse.letters.paper`` lays the same content out as PDF and DOCX, and the
preview pages show it as HTML, so all three always say the same.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from lotse.letters import placeholders
from lotse.letters.models import LetterKind, LetterLanguage, LetterTemplate, direction

DATE = "d.m.Y"


def format_date(value: datetime.date | datetime.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    return date_format(value, DATE)


@dataclass(frozen=True)
class Row:
    """One paragraph: the German lines and the translation's (empty when German only)."""

    german: list[str]
    translation: list[str]


@dataclass(frozen=True)
class ConsentPart:
    """The consent text (``privacy.ConsentText``) in German and, if there is one of the same
    version, in the letter's language."""

    title: str
    version: str
    rows: list[Row]
    translation_title: str = ""
    #: The consent text is not available in the letter's language.
    missing_translation: bool = False


@dataclass(frozen=True)
class StepRow:
    description: str
    responsible: str
    due: str
    status: str


@dataclass(frozen=True)
class LetterContent:
    kind: str
    language: str  # the language beside German; "de" for German alone
    language_name: str
    direction: str
    sender: list[str]
    recipient: list[str]
    place_date: str
    subject: str
    translated_subject: str
    rows: list[Row]
    steps: list[StepRow] = field(default_factory=list)
    consent: ConsentPart | None = None
    signatures: list[str] = field(default_factory=list)
    #: The translation has not been confirmed by a native speaker yet.
    needs_check: bool = False

    @property
    def bilingual(self) -> bool:
        return self.language != LetterLanguage.GERMAN

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"


def pair(german: list[list[str]], translation: list[list[str]]) -> list[Row]:
    size = max(len(german), len(translation))
    german = german + [[]] * (size - len(german))
    translation = translation + [[]] * (size - len(translation))
    return [Row(g, t) for g, t in zip(german, translation, strict=True)]


def compose(
    *,
    kind: str,
    language: str,
    template: LetterTemplate,
    translation: LetterTemplate | None,
    values: dict[str, str],
    sender: list[str],
    recipient: list[str],
    place: str = "",
    steps: list[StepRow] | None = None,
    consent: ConsentPart | None = None,
    signatures: list[str] | None = None,
) -> LetterContent:
    """The letter from its two templates and the values of its placeholders."""
    german = placeholders.fill_paragraphs(template.body, values)
    translated = placeholders.fill_paragraphs(translation.body, values) if translation else []
    today = values.get("today", "")
    return LetterContent(
        kind=kind,
        language=language,
        language_name=LetterLanguage(language).label,
        direction=direction(language),
        sender=[line for line in sender if line],
        recipient=[line for line in recipient if line],
        place_date=", ".join(part for part in (place, today) if part),
        subject=placeholders.fill(template.subject, values),
        translated_subject=placeholders.fill(translation.subject, values) if translation else "",
        rows=pair(german, translated),
        steps=steps or [],
        consent=consent,
        signatures=signatures or [],
        needs_check=bool(translation and translation.needs_check),
    )


# --- sample values, for the template pages' preview ---------------------------------------

SAMPLE_VALUES: dict[str, str] = {
    "name": "Amina Haddad",
    "first_name": "Amina",
    "last_name": "Haddad",
    "mentor": "Lena Berger",
    "project": "Projekt Chemnitz",
    "organisation": "Bildungswerk Sachsen e. V.",
    "date": "15.01.2027",
    "time": "10:30",
    "place": "Jobcenter Chemnitz, Raum 2.14",
    "with_whom": "Frau Schulze",
    "purpose": "Begleitung im Programm",
    "consent_version": "v3",
    "signed_on": "01.12.2026",
    "reviewed_on": "",
    "goal": "Ausbildung als Pflegefachfrau",
    "employer": "Pflegedienst Sonnenschein GmbH",
    "since": "01.10.2026",
    "birth_date": "12.03.1994",
}


def sample(template: LetterTemplate, translation: LetterTemplate | None) -> LetterContent:
    """The letter with invented values (the preview of a template)."""
    values = {**SAMPLE_VALUES, "today": format_date(timezone.localdate())}
    kind = template.kind
    steps = None
    if kind == LetterKind.AGREEMENT:
        steps = [
            StepRow("Anerkennung des Abschlusses beantragen", "Mentee", "31.01.2027", "offen"),
            StepRow("Sprachkurs B2 anmelden", "Mentor/in", "15.02.2027", "offen"),
        ]
    consent = None
    if kind == LetterKind.CONSENT:
        consent = ConsentPart(
            title="(Text der Einwilligung)",
            version="v3",
            rows=[Row(["Hier steht der Text der Einwilligung in der gewählten Fassung."], [])],
        )
    language = translation.language if translation else LetterLanguage.GERMAN
    return compose(
        kind=kind,
        language=language,
        template=template,
        translation=translation,
        values=values,
        sender=[values["project"], values["organisation"], values["mentor"]],
        recipient=[values["name"], "Musterstraße 1", "09111 Chemnitz"],
        place="Chemnitz",
        steps=steps,
        consent=consent,
        signatures=signatures_for(kind),
    )


def signatures_for(kind: str) -> list[str]:
    """The signature fields at the end of the letter (German labels: the paper is German)."""
    with override("de"):
        if kind == LetterKind.CONSENT:
            return [_("Place, date"), _("Signature of the mentee")]
        if kind == LetterKind.AGREEMENT:
            return [_("Place, date"), _("Signature of the mentee"), _("Signature of the mentor")]
        return []


def values_common(mentee: Any, actor: Any) -> dict[str, str]:
    mentor = mentee.mentor or actor
    project = mentee.project
    return {
        "name": mentee.full_name,
        "first_name": mentee.first_name,
        "last_name": mentee.last_name,
        "mentor": (mentor.get_full_name() or mentor.get_username()) if mentor else "",
        "project": project.name,
        "organisation": project.organisation.name,
        "today": format_date(timezone.localdate()),
    }


def german(label: Any) -> str:
    """A choice's label in German (the letter's language of record)."""
    with override("de"):
        return str(label)


def appointment_values(appointment: Any) -> dict[str, str]:
    starts = timezone.localtime(appointment.starts_at)
    return {
        "date": format_date(starts),
        "time": starts.strftime("%H:%M"),
        "place": appointment.place,
        "with_whom": appointment.with_whom,
    }


def agreement_values(agreement: Any) -> dict[str, str]:
    return {
        "signed_on": format_date(agreement.signed_on),
        "reviewed_on": format_date(agreement.reviewed_on),
        "goal": agreement.goal,
    }
