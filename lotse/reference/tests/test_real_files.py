"""The official files in settings.LOTSE_REFERENCE_DIR (skipped where they are absent)."""

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models import Count
from django.utils import translation

from lotse.reference.importers.job_titles import TITLES_FILE
from lotse.reference.importers.kldb import KLDB_FILE
from lotse.reference.importers.postcodes import POSTCODES_FILE, SAXON_DISTRICTS
from lotse.reference.models import District, Occupation, OccupationTitle, Postcode
from lotse.reference.selectors import search_job_titles


def _reference_dir() -> Path | None:
    directory = getattr(settings, "LOTSE_REFERENCE_DIR", None)
    if directory is None:
        return None
    directory = Path(directory)
    files = (KLDB_FILE, TITLES_FILE, POSTCODES_FILE)
    return directory if all((directory / name).is_file() for name in files) else None


pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(_reference_dir() is None, reason="the official reference files are absent"),
]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_the_official_files_import_completely_and_a_second_run_changes_nothing():
    out = StringIO()
    call_command("import_reference", stdout=out)

    levels = dict(Occupation.objects.values_list("level").annotate(n=Count("code")))
    assert [levels[level] for level in range(1, 6)] == [10, 37, 144, 703, 1301]
    assert OccupationTitle.objects.count() == 27_854
    assert not OccupationTitle.objects.exclude(occupation__level=5).exists()
    assert Postcode.objects.count() == 23_297
    saxony = District.objects.filter(ags__startswith="14")
    assert dict(saxony.values_list("ags", "name")) == SAXON_DISTRICTS
    assert not saxony.filter(latitude__isnull=True).exists()
    assert all(50.1 < d.latitude < 51.7 and 11.8 < d.longitude < 15.1 for d in saxony)
    assert Postcode.objects.filter(district__ags__startswith="14").count() > 600
    assert "KldB: 2,195 positions, 2,195 created, 0 changed" in out.getvalue()
    assert search_job_titles("Friseur")[0].title == "Friseur/in"
    # Every five-digit occupation reads as words with its level, not as the BA's abbreviation.
    names = [o.name for o in Occupation.objects.filter(level=5)]
    assert not [n for n in names if "(oS)" in n or "(o.S.)" in n or "Tätigkeiten" in n]
    assert not [n for n in names if n.startswith("Berufe ")]

    again = StringIO()
    call_command("import_reference", stdout=again)
    assert "KldB: 2,195 positions, 0 created, 0 changed" in again.getvalue()
    assert "Job titles: 27,854 positions, 0 created, 0 changed" in again.getvalue()
    assert "Postcodes: 23,297 positions, 0 created, 0 changed" in again.getvalue()
