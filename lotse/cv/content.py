"""What the CV says: the mentee's profile put into the tabular German Lebenslauf, as plain
values that the PDF template and the Word template both show (one builder, two papers).

The CV is German whatever the reader's language (it goes to German employers): ``build`` runs
under the German catalogue. Personal details appear only when the mentor chose them
(``Detail``); the rest of the profile is what an application needs — work experience newest
first as "Monat/Jahr – Monat/Jahr", education and qualifications with their recognition in
Germany, courses, languages with their CEFR level ("Muttersprache" for the native one) and the
driving licence.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field
from typing import Any

from django.utils import formats, timezone, translation
from django.utils.translation import ngettext, pgettext

from lotse.cases.models import DrivingLicence, Mentee, Qualification, RecognitionResult
from lotse.cases.selectors import GERMAN_CODES, mentee_page_data
from lotse.cv.models import Detail
from lotse.journal.models import CourseParticipation, CourseResult
from lotse.journal.selectors import courses_for
from lotse.lib.validation import display_phone
from lotse.reference.models import CEFR_RANK, CefrLevel

LANGUAGE = "de"
#: Courses a CV leaves out: a failed or abandoned course is no qualification.
LEFT_OUT_COURSES = {CourseResult.FAILED, CourseResult.DROPPED_OUT}


@dataclass(frozen=True)
class Row:
    """One line of the table: the time on the left, the text and its notes on the right."""

    when: str
    text: str
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Part:
    id: str
    heading: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Photo:
    content: bytes
    content_type: str


@dataclass
class Cv:
    name: str  # "" when the name was not chosen
    personal: list[Row]  # label in ``when``, value in ``text``
    parts: list[Part]
    place_date: str
    photo: Photo | None = None
    details: list[str] = field(default_factory=list)

    def as_context(self) -> dict[str, Any]:
        """The values for the Word template (docxtpl)."""
        return {
            "name": self.name,
            "personal": [{"label": r.when, "value": r.text} for r in self.personal],
            "parts": [
                {
                    "heading": p.heading,
                    "rows": [
                        {"when": r.when, "text": r.text, "notes": list(r.notes)} for r in p.rows
                    ],
                }
                for p in self.parts
            ],
            "place_date": self.place_date,
        }


def month(day: datetime.date | None) -> str:
    return day.strftime("%m/%Y") if day else ""


def span(start: datetime.date | None, end: datetime.date | None) -> str:
    """ "03/2019 – 08/2022", "seit 03/2019", "bis 08/2022" or ""."""
    if start and end:
        return f"{month(start)} – {month(end)}"
    if start:
        return pgettext("cv", "since %(start)s") % {"start": month(start)}
    if end:
        return pgettext("cv", "until %(end)s") % {"end": month(end)}
    return ""


def _personal(mentee: Mentee, details: set[str]) -> list[Row]:
    rows = []
    if Detail.NAME in details:
        rows.append(Row(pgettext("cv", "Name"), mentee.full_name))
    if Detail.ADDRESS in details:
        town = (
            f"{mentee.place.code} {mentee.place.place}" if mentee.place else mentee.postcode
        ).strip()
        address = ", ".join(part for part in (mentee.street, town) if part)
        if address:
            rows.append(Row(pgettext("cv", "Address"), address))
    if Detail.PHONE in details and mentee.phone:
        rows.append(Row(pgettext("cv", "Phone"), display_phone(mentee.phone)))
    if Detail.EMAIL in details and mentee.email:
        rows.append(Row(pgettext("cv", "E-mail"), mentee.email))
    if Detail.BIRTH_DATE in details and mentee.birth_date:
        rows.append(
            Row(
                pgettext("cv", "Date of birth"),
                formats.date_format(mentee.birth_date, "SHORT_DATE_FORMAT"),
            )
        )
    if Detail.NATIONALITY in details and mentee.nationality:
        rows.append(Row(pgettext("cv", "Nationality"), mentee.nationality.name_de))
    return rows


def _years(value: Any) -> str:
    number = formats.number_format(value, decimal_pos=1 if value % 1 else 0)
    return ngettext("%(years)s year", "%(years)s years", int(value) or 1) % {"years": number}


def _work(data: Any) -> Part:
    def newest_first(item: Any) -> tuple:
        latest = item.ended_on or (datetime.date.max if item.started_on else None)
        return (latest is not None, latest or datetime.date.min, item.started_on or item.pk)

    rows = []
    for item in sorted(data.work_experience, key=newest_first, reverse=True):
        when = span(item.started_on, item.ended_on)
        if not when and item.years:
            when = _years(item.years)
        where = ", ".join(
            part for part in (item.employer, item.country.name_de if item.country else "") if part
        )
        notes = tuple(n for n in (item.description, where) if n)
        rows.append(Row(when, item.occupation.name, notes))
    return Part("work", pgettext("cv", "Work experience"), tuple(rows))


def _recognition(q: Qualification) -> str:
    if q.country_id == "DE" and not q.recognition_result:
        return ""  # obtained in Germany: nothing to recognise
    result = {
        RecognitionResult.NOT_APPLIED: pgettext("cv", "not applied for"),
        RecognitionResult.PENDING: pgettext("cv", "procedure running"),
        RecognitionResult.FULL: pgettext("cv", "full equivalence"),
        RecognitionResult.PARTIAL: pgettext("cv", "partial equivalence"),
        RecognitionResult.NONE: pgettext("cv", "no equivalence"),
        RecognitionResult.NOT_NEEDED: pgettext("cv", "not needed"),
    }[RecognitionResult(q.recognition_result or "")]
    text = pgettext("cv", "Recognition in Germany: %(result)s") % {"result": result}
    if q.reference_occupation and q.recognition_result in {"full", "partial"}:
        text += pgettext("cv", " with the reference occupation %(occupation)s") % {
            "occupation": q.reference_occupation.name
        }
    if q.decision_date:
        text += pgettext("cv", " (decision of %(date)s)") % {
            "date": formats.date_format(q.decision_date, "SHORT_DATE_FORMAT")
        }
    elif q.application_date and q.recognition_result == "pending":
        text += pgettext("cv", " (applied for on %(date)s)") % {
            "date": formats.date_format(q.application_date, "SHORT_DATE_FORMAT")
        }
    return text


def _education(mentee: Mentee, data: Any) -> Part:
    rows = []
    for q in sorted(data.qualifications, key=lambda q: (q.year or 0, q.pk), reverse=True):
        kind = str(q.get_kind_display())
        first = ", ".join(part for part in (kind, q.country.name_de if q.country else "") if part)
        notes = [first]
        if recognition := _recognition(q):
            notes.append(recognition)
        if q.bridging_measure:
            notes.append(
                pgettext("cv", "Bridging measure: %(measure)s") % {"measure": q.bridging_measure}
                + (f" ({span(q.bridging_from, q.bridging_until)})" if q.bridging_from else "")
            )
        rows.append(Row(str(q.year or ""), q.title, tuple(notes)))
    if mentee.school_years:
        school = ngettext(
            "%(years)s year of school", "%(years)s years of school", mentee.school_years
        ) % {"years": mentee.school_years}
        notes = (str(mentee.get_isced_level_display()),) if mentee.isced_level is not None else ()
        rows.append(Row("", school, notes))
    return Part("education", pgettext("cv", "Education and qualifications"), tuple(rows))


def _courses(courses: list[CourseParticipation]) -> Part:
    rows = []
    for course in courses:
        if course.result in LEFT_OUT_COURSES:
            continue
        notes = [course.provider] if course.provider else []
        if course.result == CourseResult.PASSED:
            passed = pgettext("cv", "passed")
            if course.achieved_level:
                passed = pgettext("cv", "passed, level %(level)s") % {
                    "level": course.achieved_level
                }
            if course.certificate:
                passed += f" ({course.certificate})"
            notes.append(passed)
        else:
            notes.append(pgettext("cv", "ongoing"))
        rows.append(
            Row(
                span(course.starts_on, course.ends_on),
                course.title or str(course.get_kind_display()),
                tuple(notes),
            )
        )
    return Part("courses", pgettext("cv", "Further training and language courses"), tuple(rows))


def _languages(data: Any) -> Part:
    def order(skill: Any) -> tuple:
        return (
            skill.level != CefrLevel.NATIVE,
            skill.language_id not in GERMAN_CODES,
            -CEFR_RANK.get(skill.level, 0),
        )

    rows = []
    for skill in sorted(data.languages, key=order):
        if skill.level == CefrLevel.NATIVE:
            level = pgettext("cv", "native language")
        else:
            level = pgettext("cv", "%(level)s (CEFR)") % {"level": skill.level}
        if skill.certificate:
            level = pgettext("cv", "%(level)s, certificate %(certificate)s") % {
                "level": level,
                "certificate": skill.certificate,
            }
            if skill.certificate_date:
                level += f" ({skill.certificate_date.year})"
        rows.append(Row(skill.language.name_de, level))
    return Part("languages", pgettext("cv", "Languages"), tuple(rows))


def _licence(mentee: Mentee) -> Part:
    text = {
        DrivingLicence.NONE: "",
        DrivingLicence.B: pgettext("cv", "class B"),
        DrivingLicence.FOREIGN: pgettext("cv", "foreign licence (not yet converted)"),
        DrivingLicence.OTHER: pgettext("cv", "available"),
    }.get(mentee.driving_licence, "")
    rows = ()
    if text:
        notes = (pgettext("cv", "own car"),) if mentee.has_car else ()
        rows = (Row(pgettext("cv", "Driving licence"), text, notes),)
    return Part("licence", pgettext("cv", "Other"), rows)


def build(
    user: Any,
    mentee: Mentee,
    *,
    details: set[str],
    place: str,
    photo: Photo | None = None,
    on: datetime.date | None = None,
) -> Cv:
    """The CV of ``mentee`` (from ``cases.selectors.mentee_for(user, …)``) with the personal
    ``details`` chosen, signed off with ``place`` and the date ``on`` (default today)."""
    on = on or timezone.localdate()
    data = mentee_page_data(user, mentee)
    courses = list(courses_for(user).filter(mentee=mentee).order_by("-starts_on", "-id"))
    with translation.override(LANGUAGE):
        parts = [
            _work(data),
            _education(mentee, data),
            _courses(courses),
            _languages(data),
            _licence(mentee),
        ]
        day = formats.date_format(on, "DATE_FORMAT")
        return Cv(
            name=mentee.full_name if Detail.NAME in details else "",
            personal=_personal(mentee, details),
            parts=[p for p in parts if p.rows],
            place_date=f"{place}, {day}" if place else day,
            photo=photo,
            details=[d for d in Detail.values if d in details],
        )


#: The photo's largest size in pixels (about 3.5 × 4.5 cm at 300 dpi): enough for print,
#: small enough that the PDF stays small.
PHOTO_BOX = (420, 540)


def photo_from(document: Any) -> Photo:
    """The image document (JPEG or PNG, already checked and stripped of metadata on upload)
    scaled down for the CV, as JPEG."""
    from PIL import Image

    from lotse.documents.models import document_storage

    with document_storage().open(document.file.name, "rb") as handle:
        image = Image.open(handle)
        image.load()
    image.thumbnail(PHOTO_BOX)
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, "JPEG", quality=88)
    return Photo(buffer.getvalue(), "image/jpeg")
