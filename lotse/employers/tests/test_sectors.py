import json

import pytest
from django.core.management import call_command

from lotse.employers.models import Sector, SectorLevel
from lotse.employers.sectors import DATA_FILE, load_sectors

pytestmark = pytest.mark.django_db


def test_the_data_file_holds_21_sections_and_88_divisions():
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    sections = data["sections"]
    assert [s["code"] for s in sections] == list("ABCDEFGHIJKLMNOPQRSTU")
    divisions = [d for s in sections for d in s["divisions"]]
    assert len(divisions) == 88
    assert len({d["code"] for d in divisions}) == 88
    assert all(d["name_de"] and d["name_en"] for d in divisions)


def test_load_sectors_creates_the_catalogue_and_can_run_twice():
    assert load_sectors() == 109
    assert load_sectors() == 109
    assert Sector.objects.filter(level=SectorLevel.SECTION).count() == 21
    assert Sector.objects.filter(level=SectorLevel.DIVISION).count() == 88
    gastronomy = Sector.objects.get(code="56")
    assert gastronomy.parent.code == "I"
    assert gastronomy.name_de == "Gastronomie"


def test_the_name_follows_the_language():
    from django.utils import translation

    load_sectors()
    sector = Sector.objects.get(code="I")
    with translation.override("en"):
        assert sector.name == "Accommodation and food service activities"
    with translation.override("de"):
        assert sector.name == "Gastgewerbe"


def test_the_import_sectors_command(capsys):
    call_command("import_sectors")
    assert "109" in capsys.readouterr().out
    assert Sector.objects.count() == 109
