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


#: The KldB 2010's endings of a five-digit title (the requirement level) and how a reader says
#: them; the titles are the official German ones, so their shortening stays German.
_LEVEL_ENDINGS = {
    "Helfer-/Anlerntätigkeiten": "Helfer/in",
    "fachlich ausgerichtete Tätigkeiten": "Fachkraft",
    "komplexe Spezialistentätigkeiten": "Spezialist/in",
    "hoch komplexe Tätigkeiten": "Expert/in",
}
_LEVEL_ENDING = re.compile(
    r"\s+[–-]\s+(" + "|".join(re.escape(e) for e in _LEVEL_ENDINGS) + r")\s*$"
)
_OCCUPATIONS_PREFIX = re.compile(r"^Berufe (?:in der|in den|im|in|für)\s+")


def readable_occupation(title: str) -> str:
    """A KldB title as a person reads it: "Berufe in der Gesundheits- und Krankenpflege (ohne
    Spezialisierung) – fachlich ausgerichtete Tätigkeiten" becomes "Gesundheits- und
    Krankenpflege (ohne Spezialisierung) – Fachkraft". The BA's short titles
    ("Gesundheits-,Krankenpflege(oS)-Fachkraft") are abbreviations for narrow columns only."""
    text = title.strip()
    level = ""
    match = _LEVEL_ENDING.search(text)
    if match:
        level = _LEVEL_ENDINGS[match.group(1)]
        text = text[: match.start()]
    text = _OCCUPATIONS_PREFIX.sub("", text)
    if text[:1].islower():
        text = text[0].upper() + text[1:]
    return f"{text} – {level}" if level else text
