"""Normalising text for search: lowercase, umlauts and accents folded, spaces collapsed.

German titles are searched by people typing on German and on other keyboards, so a title is
stored in two foldings (``ä`` → ``a`` and ``ä`` → ``ae``) and a query is folded the first way:
"Bäcker", "Backer" and "Baecker" all find "Bäcker/in".
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_UMLAUTS_AE = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_UMLAUTS_A = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})

#: Separates the forms inside ``OccupationTitle.search_text``: ``|friseur/in|friseur|…|``.
SEPARATOR = "|"


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str, *, umlauts_as_e: bool = False) -> str:
    """Lowercase ``text``, fold umlauts (``ä`` → ``a``, or ``ae`` if ``umlauts_as_e``) and other
    accents, drop the separator character and collapse white space."""
    text = (text or "").lower().replace(SEPARATOR, " ")
    text = text.translate(_UMLAUTS_AE if umlauts_as_e else _UMLAUTS_A)
    return _SPACES.sub(" ", _strip_accents(text)).strip()


def normalise_query(text: str) -> str:
    """The form in which a typed query is compared with ``search_text``."""
    return fold(text)


def search_text(*forms: str) -> str:
    """All distinct foldings of the given title forms, each framed by the separator, so that
    ``|query`` finds a form that starts with the query and ``|query|`` an exact form."""
    seen: list[str] = []
    for form in forms:
        for variant in (fold(form), fold(form, umlauts_as_e=True)):
            if variant and variant not in seen:
                seen.append(variant)
    return SEPARATOR + SEPARATOR.join(seen) + SEPARATOR if seen else ""
