"""Turning the text of a cell into a value: dates, yes/no, numbers, choices (by their code or
their German or English name) and the reference data a spreadsheet names in words (countries,
languages with their level, occupations by KldB code or BA job title, residence statuses,
WZ sectors, mentors and employers of the project).

Each parser takes the cell's text (already stripped) and returns the value or raises a
``ValidationError`` with a sentence for the preview. ``Lookups`` holds the reference tables a
batch needs, loaded once per batch and cached per distinct cell text, so 10,000 rows cost a few
queries, not 10,000.
"""

import datetime
import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import cached_property
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _

from lotse.accounts.models import Membership, Project, User
from lotse.employers.models import Employer, Sector, SectorLevel, SizeClass
from lotse.reference.models import CefrLevel, Country, Language, Occupation, ResidenceTitle
from lotse.reference.selectors import find_occupation, residence_titles_in_force


def fold(text: str) -> str:
    """Text for comparing names and headers: without accents and case, words separated by
    one space ("Straße  und Nr." → "strasse und nr")."""
    text = unicodedata.normalize("NFKD", (text or "").replace("ß", "ss"))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.findall(r"[^\W_]+", text))


# --- plain values --------------------------------------------------------------------------

_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y", "%d/%m/%Y", "%Y/%m/%d")


def parse_date(text: str) -> datetime.date:
    """ISO dates (what a date cell becomes), 31.12.2024, 31.12.24 and 31/12/2024."""
    text = text.split(" ")[0].split("T")[0]
    for pattern in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a date
        except ValueError:
            continue
    raise ValidationError(
        _("“%(value)s” is not a date; write it as 31.12.2024."), params={"value": text}
    )


_YES = {"ja", "j", "x", "yes", "y", "1", "true", "wahr"}
_NO = {"nein", "n", "no", "0", "false", "falsch", "-"}


def parse_bool(text: str) -> bool:
    value = fold(text) or text.strip().casefold()
    if value in _YES:
        return True
    if value in _NO:
        return False
    raise ValidationError(_("Write “ja” or “nein” instead of “%(value)s”."), params={"value": text})


def parse_int(text: str) -> int:
    cleaned = text.strip()
    if re.fullmatch(r"\d+(\.0+)?", cleaned):
        return int(cleaned.split(".")[0])
    raise ValidationError(_("“%(value)s” is not a whole number."), params={"value": text})


def parse_postcode(text: str) -> str:
    """Five digits; four digits get their leading zero back (Excel drops it from 01067)."""
    digits = text.strip().split(".")[0]
    if re.fullmatch(r"\d{4}", digits):
        digits = "0" + digits
    if not re.fullmatch(r"\d{5}", digits):
        raise ValidationError(
            _("A postcode has five digits, not “%(value)s”."), params={"value": text}
        )
    return digits


def parse_phone(text: str) -> str:
    """The number as written; a number Excel kept as digits without its leading zero gets it
    back. The model stores it in E.164 (``lotse.lib.validation``)."""
    digits = text.strip().split(".")[0] if re.fullmatch(r"\d+(\.0)?", text.strip()) else text
    if digits.isdigit() and not digits.startswith("0") and 6 <= len(digits) <= 14:
        return "0" + digits
    return digits


def choice_parser(
    choices: type[models.Choices], extra: dict[str, Any] | None = None
) -> Callable[[str], Any]:
    """A parser for a ``TextChoices``/``IntegerChoices``: the stored value, the German or the
    English label, or one of ``extra`` (folded text → value)."""
    known: dict[str, Any] = {}
    for value, label in choices.choices:
        known[fold(str(value))] = value
        for language in ("de", "en"):
            with translation.override(language):
                known.setdefault(fold(str(label)), value)
    for word, value in (extra or {}).items():
        known[fold(word)] = value

    def parse(text: str) -> Any:
        key = fold(text)
        if key in known:
            return known[key]
        labels = ", ".join(str(label) for _value, label in choices.choices if str(label))
        raise ValidationError(
            _("“%(value)s” is not one of: %(labels)s."), params={"value": text, "labels": labels}
        )

    return parse


def split_list(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;\n]|,(?!\d)", text) if part.strip()]


# --- reference data and the project's people ------------------------------------------------

_LEVELS = {fold(code): code for code in CefrLevel.values} | {
    "muttersprache": CefrLevel.NATIVE,
    "ms": CefrLevel.NATIVE,
    "native": CefrLevel.NATIVE,
    "native language": CefrLevel.NATIVE,
    "erstsprache": CefrLevel.NATIVE,
}


class Lookups:
    """The reference rows and the project's mentors and employers one batch needs, each loaded
    on first use; occupations named by a job title are looked up once per distinct title."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self._occupations: dict[str, Occupation | None] = {}

    @cached_property
    def countries(self) -> dict[str, Country]:
        table: dict[str, Country] = {}
        for country in Country.objects.all():
            for name in (country.iso_code, country.name_de, country.name_en):
                table.setdefault(fold(name), country)
        return table

    @cached_property
    def languages(self) -> dict[str, Language]:
        table: dict[str, Language] = {}
        for language in Language.objects.all():
            for name in (language.iso_code, language.name_de, language.name_en):
                table.setdefault(fold(name), language)
        return table

    @cached_property
    def kldb(self) -> dict[str, Occupation]:
        return {o.code: o for o in Occupation.objects.filter(level=5)}

    @cached_property
    def residence_titles(self) -> dict[str, ResidenceTitle]:
        table: dict[str, ResidenceTitle] = {}
        for title in residence_titles_in_force().order_by("code"):
            for name in (title.code, title.name, title.name_en, title.legal_basis):
                if name:
                    table.setdefault(fold(name), title)
        return table

    @cached_property
    def sectors(self) -> dict[str, Sector]:
        table: dict[str, Sector] = {}
        for sector in Sector.objects.filter(level=SectorLevel.DIVISION):
            for name in (sector.code, sector.name_de, sector.name_en):
                table.setdefault(fold(name), sector)
        return table

    @cached_property
    def mentors(self) -> dict[str, User]:
        """The active members of the project by user name, e-mail and full name."""
        table: dict[str, User] = {}
        members = Membership.objects.filter(
            project=self.project, user__is_active=True
        ).select_related("user")
        for membership in members:
            user = membership.user
            names = [user.username, user.email, f"{user.first_name} {user.last_name}"]
            names.append(f"{user.last_name} {user.first_name}")
            for name in names:
                if fold(name):
                    table.setdefault(fold(name), user)
        return table

    @cached_property
    def employers(self) -> dict[str, list[Employer]]:
        table: dict[str, list[Employer]] = {}
        for employer in Employer.objects.filter(project=self.project).order_by("pk"):
            table.setdefault(fold(employer.name), []).append(employer)
        return table

    # --- parsers ---

    def country(self, text: str) -> Country:
        found = self.countries.get(fold(text))
        if found is None:
            raise ValidationError(
                _("No country is called “%(value)s”; write its German name or ISO code (SY)."),
                params={"value": text},
            )
        return found

    def language_levels(self, text: str) -> list[tuple[Language, str]]:
        """ "Deutsch B1; Arabisch Muttersprache" → [(German, "B1"), (Arabic, "native")]."""
        found: list[tuple[Language, str]] = []
        for part in split_list(text):
            words = part.replace(":", " ").split()
            level = None
            for size in (2, 1):
                if len(words) > size - 1 and fold(" ".join(words[-size:])) in _LEVELS:
                    level, words = _LEVELS[fold(" ".join(words[-size:]))], words[:-size]
                    break
            if level is None:
                raise ValidationError(
                    _(
                        "Give the level after the language: “%(value)s B1” (A1 to C2 or "
                        "Muttersprache)."
                    ),
                    params={"value": part},
                )
            language = self.languages.get(fold(" ".join(words)))
            if language is None:
                raise ValidationError(
                    _("No language is called “%(value)s”."), params={"value": " ".join(words)}
                )
            if any(language == seen for seen, _level in found):
                raise ValidationError(
                    _("The language “%(value)s” is named twice."), params={"value": language}
                )
            found.append((language, level))
        return found

    def occupation(self, text: str) -> Occupation:
        """A five-digit KldB code or a job title of the BA's list."""
        key = text.strip()
        if key not in self._occupations:
            code = re.match(r"^\s*(\d{5})\b", key)
            self._occupations[key] = self.kldb.get(code.group(1)) if code else find_occupation(key)
        found = self._occupations[key]
        if found is None:
            raise ValidationError(
                _("“%(value)s” is neither a KldB code with five digits nor a job title of the BA."),
                params={"value": text},
            )
        return found

    def occupations(self, text: str) -> list[Occupation]:
        found: list[Occupation] = []
        for part in re.split(r"[;\n]", text):
            if part.strip():
                occupation = self.occupation(part)
                if occupation not in found:
                    found.append(occupation)
        return found

    def residence_title(self, text: str) -> ResidenceTitle:
        found = self.residence_titles.get(fold(text))
        if found is None:
            raise ValidationError(
                _(
                    "No residence status in force is called “%(value)s”; write its name as in "
                    "the form, e.g. “Aufenthaltserlaubnis § 25 Abs. 2 AufenthG”."
                ),
                params={"value": text},
            )
        return found

    def sector(self, text: str) -> Sector:
        found = self.sectors.get(fold(text.split(".")[0] if text[:2].isdigit() else text))
        if found is None:
            raise ValidationError(
                _("“%(value)s” is not a division of the WZ 2008 (two digits, e.g. 56)."),
                params={"value": text},
            )
        return found

    def mentor(self, text: str) -> User:
        found = self.mentors.get(fold(text))
        if found is None:
            raise ValidationError(
                _(
                    "Nobody in the project %(project)s is called “%(value)s”; write the user "
                    "name, e-mail address or full name of a mentor of the project."
                ),
                params={"value": text, "project": self.project},
            )
        return found

    def employer(self, text: str) -> Employer:
        found = self.employers.get(fold(text), [])
        if not found:
            raise ValidationError(
                _(
                    "The project has no employer called “%(value)s”; import or add the "
                    "employer first."
                ),
                params={"value": text},
            )
        if len(found) > 1:
            raise ValidationError(
                _(
                    "The project has %(count)s employers called “%(value)s”; give each a "
                    "distinct name first."
                ),
                params={"value": text, "count": len(found)},
            )
        return found[0]


def size_class(text: str) -> str:
    """A size class by name, or by the number of employees."""
    if text.strip().isdigit():
        count = int(text)
        if count < 10:
            return SizeClass.MICRO
        if count < 50:
            return SizeClass.SMALL
        return SizeClass.MEDIUM if count < 250 else SizeClass.LARGE
    return choice_parser(
        SizeClass, {"kleinst": "micro", "klein": "small", "mittel": "medium", "gross": "large"}
    )(text)


def first_error(error: ValidationError) -> Iterable[str]:
    return error.messages
