"""Reading reference data. Reference data is not personal data: these selectors take no user.

Other apps use:

- ``search_job_titles(query, limit=20)`` → list of ``OccupationTitle`` (with ``occupation``
  loaded), best first: exact title, then titles starting with the query, then titles with a
  word starting with it, then any other match; shorter and current titles first. Umlauts and
  case do not matter ("backer" finds "Bäcker/in"); several words must all occur. Digits search
  by KldB code ("8231" finds the titles of 82311…82314; "82312 Friseur/in", as the picker
  fills the field, finds the titles of 82312). Queries shorter than two characters
  return nothing. About 20-50 ms on SQLite (a scan of the 27,854 folded titles).
- ``find_occupation(text)`` → the 5-digit ``Occupation`` named by a KldB code ("82312", also
  "82312 Friseur/in") or by an exact job title ("Friseurin"), or ``None``.
- ``occupations_of_level(level=5)`` → queryset of occupations, e.g. for form fields.
- ``places_for_postcode(code)`` → queryset of ``Postcode`` (with ``district``) for a code.
- ``locate_postcode(code)`` → ``PostcodeLocation(postcode, district, latitude, longitude)`` or
  ``None``: the first place of the code, its most common district and the centre of its places.
- ``residence_titles_in_force(on_date=None)`` → queryset of the rules in force on a date
  (today by default), e.g. for the residence-status form.
- ``rules_by_code()`` → ``{code: [ResidenceTitle, …]}`` (newest first) for computing many
  hints with one query (``rules.work_permission_hint(…, rules=…)``).
- ``COMMON_LANGUAGES``: the ISO 639 codes of the programme's common languages, in the order a
  language picker lists them first; ``languages_common_first()`` → ``(common, others)``: the
  common languages in that order and the rest alphabetically by the active language's names
  (``reference.fields.LanguageField`` shows them as two groups).
"""

import datetime
import re
from collections import Counter
from typing import NamedTuple

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.translation import get_language

from lotse.reference.models import (
    District,
    Language,
    Occupation,
    OccupationTitle,
    Postcode,
    ResidenceTitle,
    TitleState,
)
from lotse.reference.text import SEPARATOR, normalise_query

#: Shorter queries match thousands of titles and help nobody; they return nothing.
MIN_QUERY_LENGTH = 2
_CODE_PREFIX = re.compile(r"^\s*(\d{5})(?:\D.*)?$")
_WORD_STARTS = (" ", "-", "/", "(")
_LEADING_DIGITS = re.compile(r"^(\d[\d ]{1,5})(?:\D|$)")


def search_job_titles(query: str, limit: int = 20) -> list[OccupationTitle]:
    """Job titles matching ``query``, best first (see the module docstring)."""
    text = normalise_query(query)
    if len(text) < MIN_QUERY_LENGTH:
        return []
    titles = OccupationTitle.objects.select_related("occupation")
    leading_code = _LEADING_DIGITS.match(text)
    if leading_code:
        # A KldB code (or its beginning), perhaps followed by a title as the picker fills it.
        code = leading_code.group(1).replace(" ", "")[:5]
        return list(
            titles.filter(occupation__code__startswith=code).order_by(
                "occupation_id", Length("title"), "title"
            )[:limit]
        )
    for word in text.split(" "):
        titles = titles.filter(search_text__contains=word)
    word_start = Q()
    for mark in _WORD_STARTS:
        word_start |= Q(search_text__contains=f"{mark}{text}")
    rank = Case(
        When(search_text__contains=f"{SEPARATOR}{text}{SEPARATOR}", then=Value(0)),
        When(search_text__contains=f"{SEPARATOR}{text}", then=Value(1)),
        When(word_start, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    state_rank = Case(
        When(state=TitleState.CURRENT, then=Value(0)),
        When(state=TitleState.OBSOLETE, then=Value(2)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return list(
        titles.annotate(rank=rank, state_rank=state_rank, title_length=Length("title")).order_by(
            "rank", "state_rank", "title_length", "title"
        )[:limit]
    )


def occupations_of_level(level: int = 5) -> QuerySet[Occupation]:
    return Occupation.objects.filter(level=level)


def find_occupation(text: str) -> Occupation | None:
    """The 5-digit occupation named by a KldB code or an exact job title, else ``None``."""
    text = (text or "").strip()
    if not text:
        return None
    match = _CODE_PREFIX.match(text)
    if match:
        return Occupation.objects.filter(level=5, code=match.group(1)).first()
    folded = normalise_query(text)
    if not folded:
        return None
    title = (
        OccupationTitle.objects.select_related("occupation")
        .filter(search_text__contains=f"{SEPARATOR}{folded}{SEPARATOR}")
        .annotate(
            state_rank=Case(
                When(state=TitleState.CURRENT, then=Value(0)),
                When(state=TitleState.OBSOLETE, then=Value(2)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("state_rank", "dkz_id")
        .first()
    )
    return title.occupation if title else None


def places_for_postcode(code: str) -> QuerySet[Postcode]:
    """All places with this postal code (one code can name several places)."""
    return Postcode.objects.select_related("district").filter(code=(code or "").strip())


class PostcodeLocation(NamedTuple):
    postcode: Postcode
    district: District | None
    latitude: float
    longitude: float


def locate_postcode(code: str) -> PostcodeLocation | None:
    """Where a 5-digit postal code is: ``(postcode, district, latitude, longitude)``, or
    ``None`` for an unknown or malformed code. One query."""
    code = (code or "").strip()
    if len(code) != 5 or not code.isdigit():
        return None
    places = list(places_for_postcode(code).order_by("place"))
    if not places:
        return None
    districts = Counter(p.district_id for p in places if p.district_id)
    district_id = min(districts, key=lambda ags: (-districts[ags], ags)) if districts else None
    first = next((p for p in places if p.district_id == district_id), places[0])
    latitude = sum(p.latitude for p in places) / len(places)
    longitude = sum(p.longitude for p in places) / len(places)
    return PostcodeLocation(first, first.district if district_id else None, latitude, longitude)


def residence_titles_in_force(on_date: datetime.date | None = None) -> QuerySet[ResidenceTitle]:
    """The residence-title rules in force on ``on_date`` (today by default), one per code."""
    on_date = on_date or timezone.localdate()
    return ResidenceTitle.objects.filter(valid_from__lte=on_date).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=on_date)
    )


def rules_by_code() -> dict[str, list[ResidenceTitle]]:
    """All residence-title rules grouped by code, newest version first. One query."""
    grouped: dict[str, list[ResidenceTitle]] = {}
    for rule in ResidenceTitle.objects.order_by("code", "-valid_from"):
        grouped.setdefault(rule.code, []).append(rule)
    return grouped


#: The languages most mentees speak, first in every language picker: Arabic, Dari,
#: Persian (Farsi), Pashto, Ukrainian, Russian, Tigrinya, Kurdish (Kurmanji, Sorani, and the
#: code for Kurdish as such), Turkish, Somali, English, French.
COMMON_LANGUAGES = (
    "ar",
    "prs",
    "fa",
    "ps",
    "uk",
    "ru",
    "ti",
    "kmr",
    "ckb",
    "ku",
    "tr",
    "so",
    "en",
    "fr",
)


def languages_common_first(
    languages: QuerySet[Language] | None = None,
) -> tuple[list[Language], list[Language]]:
    """The common languages in the order of ``COMMON_LANGUAGES``, and all others
    alphabetically by their names in the active language (one query); ``languages`` narrows
    the choice (all languages by default)."""
    name = "name_en" if (get_language() or "de").startswith("en") else "name_de"
    if languages is None:
        languages = Language.objects.all()
    languages = list(languages.order_by(name, "iso_code"))
    by_code = {language.iso_code: language for language in languages}
    common = [by_code[code] for code in COMMON_LANGUAGES if code in by_code]
    others = [language for language in languages if language.iso_code not in COMMON_LANGUAGES]
    return common, others
