"""The German catalogues keep the glossary's wording: no term of the table "Wording to avoid in
the German interface" in docs/glossary.md appears in a translation (msgstr), in any case."""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = ROOT / "docs" / "glossary.md"
CATALOGUES = sorted((ROOT / "lotse").glob("**/locale/de/LC_MESSAGES/django.po"))
_HEADING = "## Wording to avoid in the German interface"
_ROW = re.compile(r"^\|\s*([^|*]+?)\s*\|.*\|\s*$")


def forbidden_terms(glossary: str) -> list[str]:
    """The left column of the glossary's table of wording to avoid."""
    section = glossary.split(_HEADING, 1)[1].split("\n## ", 1)[0]
    rows = [_ROW.match(line) for line in section.splitlines()]
    terms = [row.group(1) for row in rows if row]
    return [term for term in terms if term != "avoid" and not set(term) <= set("-: ")]


def offences(path: Path, terms: list[str]) -> list[str]:
    """'term: translation' for every translation of the catalogue that uses a term."""
    with path.open("rb") as file:
        catalogue = read_po(file)
    found = []
    for message in catalogue:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings:
            found += [f"{term}: {text}" for term in terms if term.lower() in text.lower()]
    return found


TERMS = forbidden_terms(GLOSSARY.read_text(encoding="utf-8"))


def test_the_glossary_lists_the_terms_to_avoid():
    assert {"das Mentee", "in vier Wochen", "Eingliederungsvereinbarung"} <= set(TERMS)


def test_every_german_catalogue_is_checked():
    names = {path.relative_to(ROOT).parts[1] for path in CATALOGUES}
    assert {"locale", "cases", "journal", "placements", "reference"} <= names


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: str(path.relative_to(ROOT)))
def test_no_german_translation_uses_a_term_to_avoid(path):
    assert offences(path, TERMS) == []


def test_a_term_to_avoid_is_found_in_any_case_and_in_plural_forms(tmp_path):
    catalogue = tmp_path / "django.po"
    catalogue.write_text(
        'msgid "The mentee has started."\n'
        'msgstr "Das Mentee hat angefangen."\n\n'
        'msgid "one mentee"\nmsgid_plural "%(n)s mentees"\n'
        'msgstr[0] "ein Mentee"\nmsgstr[1] "Fällig in vier Wochen"\n\n'
        'msgid "das Mentee (in the source only)"\nmsgstr "der Mentee"\n',
        encoding="utf-8",
    )

    assert offences(catalogue, TERMS) == [
        "das Mentee: Das Mentee hat angefangen.",
        "in vier Wochen: Fällig in vier Wochen",
    ]
