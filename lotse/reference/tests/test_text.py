"""Occupation names as a person reads them, from the official KldB titles."""

import pytest

from lotse.reference.tests.factories import OccupationFactory
from lotse.reference.text import readable_occupation


@pytest.mark.parametrize(
    "title, name",
    [
        (
            "Berufe in der Gesundheits- und Krankenpflege (ohne Spezialisierung) – fachlich "
            "ausgerichtete Tätigkeiten",
            "Gesundheits- und Krankenpflege (ohne Spezialisierung) – Fachkraft",
        ),
        (
            "Köche/Köchinnen (ohne Spezialisierung) – Helfer-/Anlerntätigkeiten",
            "Köche/Köchinnen (ohne Spezialisierung) – Helfer/in",
        ),
        (
            "Berufe im Holz-, Möbel- und Innenausbau – komplexe Spezialistentätigkeiten",
            "Holz-, Möbel- und Innenausbau – Spezialist/in",
        ),
        (
            "Berufe in der Automatisierungstechnik - hoch komplexe Tätigkeiten",
            "Automatisierungstechnik – Expert/in",
        ),
        # Titles of the upper levels and of managers have no level ending: left as they are.
        ("Berufe in der Krankenpflege", "Krankenpflege"),
        ("Führungskräfte – Museum", "Führungskräfte – Museum"),
        (
            "Medizinisch-technische Berufe in der Radiologie – fachlich ausgerichtete Tätigkeiten",
            "Medizinisch-technische Berufe in der Radiologie – Fachkraft",
        ),
    ],
)
def test_a_kldb_title_reads_as_words_with_its_level(title, name):
    assert readable_occupation(title) == name


@pytest.mark.django_db
def test_an_occupation_shows_its_code_and_readable_name_never_the_abbreviation():
    occupation = OccupationFactory(
        code="81302",
        title="Berufe in der Gesundheits- und Krankenpflege (ohne Spezialisierung) – fachlich "
        "ausgerichtete Tätigkeiten",
        short_title="Gesundheits-,Krankenpflege(oS)-Fachkraft",
    )
    assert (
        str(occupation) == "81302 Gesundheits- und Krankenpflege (ohne Spezialisierung) – Fachkraft"
    )
