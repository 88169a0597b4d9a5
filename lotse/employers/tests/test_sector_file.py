"""The sector file is checked like the official reference files before anything is written."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from lotse.employers.models import Sector
from lotse.employers.sectors import DATA_FILE, load_sectors
from lotse.reference.importers.base import ReferenceImportError

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def sector_file(tmp_path, change):
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    change(data["sections"])
    path = tmp_path / "wz2008.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def set_value(section: int, division: int | None, name: str, value):
    def change(sections):
        entry = sections[section] if division is None else sections[section]["divisions"][division]
        entry[name] = value

    return change


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            set_value(8, 0, "code", "٥٥"),
            r"wz2008.json, sections\[8\].divisions\[0\]: code: The value '٥٥' is not a number "
            r"written with the digits 0-9",
        ),
        (set_value(0, None, "code", "a"), r"sections\[0\]: code: The value 'a' is not one of A, B"),
        (
            set_value(8, 1, "name_de", "Gastro\x00nomie"),
            r"sections\[8\].divisions\[1\]: name_de: The text 'Gastro\\x00nomie' contains .* NULL",
        ),
        (
            set_value(8, 1, "name_en", "x" * 301),
            r"name_en: The text .* is 301 characters long; at most 300 fit",
        ),
        (set_value(8, 1, "name_en", 56), r"name_en: The value 56 is not text"),
        (set_value(8, 1, "code", "55"), r"\[1\]: code: The value .55. repeats sections\[8\]"),
        (set_value(8, None, "divisions", {}), r"\[8\]: divisions: The value {} is not a JSON"),
    ],
)
def test_a_bad_value_in_the_sector_file_is_reported_and_nothing_is_written(
    tmp_path, change, message
):
    path = sector_file(tmp_path, change)

    with pytest.raises(ReferenceImportError, match=message):
        load_sectors(path)
    assert Sector.objects.count() == 0


def test_the_command_exits_with_an_error_and_keeps_the_catalogue(tmp_path):
    load_sectors()
    before = sorted(Sector.objects.values_list("code", "name_de"))
    path = sector_file(tmp_path, set_value(8, 1, "name_de", "Neu\u202e"))

    with pytest.raises(CommandError, match=r"U\+202E RIGHT-TO-LEFT OVERRIDE") as error:
        call_command("import_sectors", f"--file={path}")

    assert error.value.returncode == 1
    assert sorted(Sector.objects.values_list("code", "name_de")) == before
