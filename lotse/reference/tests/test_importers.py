import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from lotse.reference.importers.job_titles import TITLES_FILE
from lotse.reference.importers.kldb import KLDB_FILE, KLDB_HEADER
from lotse.reference.importers.postcodes import POSTCODES_FILE
from lotse.reference.importers.residence_rules import RULES_FILE
from lotse.reference.models import (
    Country,
    District,
    Language,
    Occupation,
    OccupationTitle,
    Postcode,
    Region,
    ResidenceTitle,
)
from lotse.reference.services import (
    ReferenceImportError,
    import_catalogues,
    import_job_titles,
    import_kldb,
    import_postcodes,
    import_residence_rules,
)
from lotse.reference.tests.conftest import (
    KLDB_ROWS,
    POSTCODE_ROWS,
    SMALL_KLDB_COUNTS,
    TITLE_ROWS,
    write_kldb,
    write_postcodes,
    write_titles,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The messages are asserted in English (the source language); German is checked apart."""
    with translation.override("en"):
        yield


def snapshot(model):
    return sorted(tuple(row.values()) for row in model.objects.values())


# --- KldB --------------------------------------------------------------------------------------


def test_kldb_import_creates_all_levels_with_padded_codes_parents_and_requirement_level(
    reference_files,
):
    result = import_kldb(directory=reference_files, expected_counts=SMALL_KLDB_COUNTS)

    assert (result.total, result.created, result.changed) == (20, 20, 0)
    counts = [Occupation.objects.filter(level=lvl).count() for lvl in range(1, 6)]
    assert counts == list(SMALL_KLDB_COUNTS)
    officers = Occupation.objects.get(code="01104")  # "1104" in the file
    assert officers.parent_id == "0110"
    assert officers.parent.parent.parent.parent.code == "0"
    assert officers.requirement_level == 4
    hairdresser = Occupation.objects.get(code="82312")
    assert hairdresser.requirement_level == 2
    with translation.override("en"):
        assert hairdresser.requirement_level_label == "skilled (vocational training)"
    assert Occupation.objects.get(code="8231").requirement_level is None
    assert Occupation.objects.filter(requirement_level=1).count() == 2


def test_a_second_kldb_import_changes_nothing_and_says_so(reference_files):
    import_kldb(directory=reference_files, expected_counts=SMALL_KLDB_COUNTS)
    before = snapshot(Occupation)

    result = import_kldb(directory=reference_files, expected_counts=SMALL_KLDB_COUNTS)

    assert (result.created, result.changed) == (0, 0)
    assert "nothing to do" in result.summary()
    assert snapshot(Occupation) == before


def test_a_changed_title_is_updated_in_place(reference_files):
    import_kldb(directory=reference_files, expected_counts=SMALL_KLDB_COUNTS)
    rows = [(c, lvl, "Friseure (neu)" if c == "82312" else t, s) for c, lvl, t, s in KLDB_ROWS]
    write_kldb(reference_files, rows=rows)

    result = import_kldb(directory=reference_files, expected_counts=SMALL_KLDB_COUNTS)

    assert (result.created, result.changed) == (0, 1)
    assert Occupation.objects.get(code="82312").title == "Friseure (neu)"


def test_the_kldb_import_rejects_a_wrong_header(reference_files):
    write_kldb(reference_files, header=["Code", *KLDB_HEADER[1:]])

    with pytest.raises(
        ReferenceImportError, match=r"KldB_2010_V2020_Gliederung.csv:1: wrong header"
    ):
        import_kldb(directory=reference_files, expected_counts=SMALL_KLDB_COUNTS)
    assert Occupation.objects.count() == 0


def test_a_truncated_kldb_file_leaves_the_table_as_it_was(reference_files):
    import_kldb(directory=reference_files, expected_counts=SMALL_KLDB_COUNTS)
    before = snapshot(Occupation)
    path = reference_files / KLDB_FILE
    text = path.read_text(encoding="utf-8-sig")
    # Cut inside the quoted, multi-line note of a row, as an interrupted download would.
    path.write_text(text[: text.index("Bemerkung 18") + 5], encoding="utf-8-sig")

    with pytest.raises(ReferenceImportError, match=r"cut off"):
        import_kldb(directory=reference_files, expected_counts=SMALL_KLDB_COUNTS)
    assert snapshot(Occupation) == before


def test_a_kldb_file_cut_at_a_row_boundary_fails_the_level_counts(reference_files):
    write_kldb(reference_files, rows=KLDB_ROWS[:-1])

    with pytest.raises(ReferenceImportError, match=r"implausible number of positions"):
        import_kldb(directory=reference_files, expected_counts=SMALL_KLDB_COUNTS)
    assert Occupation.objects.count() == 0


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        (("8232", "4", "Kosmetik", ""), r":29: Schlüssel.*: The code 8232 .* no positions below"),
        (("82399", "5", "Ohne Eltern", ""), r":29: Schlüssel.*: The code 82399 has no parent 8239"),
        (("8x231", "5", "Kaputt", ""), r":29: Schlüssel.*: The value '8x231' is not a number"),
        (("82313", "six", "Kaputt", ""), r":29: Ebene: The value 'six' is not a number"),
        (("82313", "6", "Kaputt", ""), r":29: Ebene: The number '6' is not between 1 and 5"),
        (("82312", "5", "Doppelt", ""), r":29: Schlüssel.*: The code 82312 repeats line"),
        (("82314", "5", "", ""), r":29: Titel: The value is empty, but it is required"),
    ],
)
def test_the_kldb_import_names_the_line_of_a_bad_row_and_imports_nothing(
    reference_files, bad_row, message
):
    write_kldb(reference_files, rows=[*KLDB_ROWS, bad_row])

    with pytest.raises(ReferenceImportError, match=message) as error:
        import_kldb(directory=reference_files, expected_counts=None)
    assert "KldB_2010_V2020_Gliederung.csv" in str(error.value)
    assert Occupation.objects.count() == 0


def test_the_import_fails_clearly_when_the_setting_is_missing(settings):
    settings.LOTSE_REFERENCE_DIR = None

    with pytest.raises(ReferenceImportError, match=r"LOTSE_REFERENCE_DIR is not set"):
        import_kldb()


def test_the_import_fails_clearly_when_the_file_is_missing(tmp_path):
    with pytest.raises(ReferenceImportError, match=r"KldB_2010_V2020_Gliederung.csv is missing"):
        import_kldb(directory=tmp_path)


# --- job titles --------------------------------------------------------------------------------


def test_job_titles_are_imported_with_kldb_code_state_and_search_text(reference_files):
    import_kldb(directory=reference_files, expected_counts=SMALL_KLDB_COUNTS)

    result = import_job_titles(directory=reference_files, minimum_rows=1)

    assert (result.total, result.created) == (len(TITLE_ROWS), len(TITLE_ROWS))
    baker = OccupationTitle.objects.get(dkz_id=1001)
    assert baker.occupation_id == "29222"
    assert baker.ba_code == "B 29222-100"
    assert (baker.title, baker.title_male, baker.title_female) == (
        "Bäcker/in",
        "Bäcker",
        "Bäckerin",
    )
    assert "|backer/in|" in baker.search_text
    assert "|baecker|" in baker.search_text
    assert OccupationTitle.objects.get(dkz_id=1006).occupation_id == "01104"


def test_a_second_title_import_changes_nothing(reference_files):
    import_kldb(directory=reference_files, expected_counts=SMALL_KLDB_COUNTS)
    import_job_titles(directory=reference_files, minimum_rows=1)
    before = snapshot(OccupationTitle)

    result = import_job_titles(directory=reference_files, minimum_rows=1)

    assert result.unchanged
    assert snapshot(OccupationTitle) == before


def test_titles_pointing_to_unknown_kldb_codes_are_rejected(reference_files):
    import_kldb(directory=reference_files, expected_counts=SMALL_KLDB_COUNTS)
    write_titles(reference_files, rows=[*TITLE_ROWS, (2000, "B 99999-100", "E", "X/in", "", "")])

    with pytest.raises(
        ReferenceImportError, match=r"xlsx:13: Codenummer: The KldB code 99999 does not exist"
    ):
        import_job_titles(directory=reference_files, minimum_rows=1)
    assert OccupationTitle.objects.count() == 0


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        (("abc", "B 82312-100", "E", "X", "", ""), r":13: DKZ-ID: The value 'abc' is not a num"),
        ((0, "B 82312-100", "E", "X", "", ""), r":13: DKZ-ID: The number '0' is not between 1"),
        ((2001, "82312", "E", "X", "", ""), r":13: Codenummer: The code '82312' is not of"),
        ((2002, "B 82312-100", "Q", "X", "", ""), r":13: Zustand: The value 'Q' is not one of E"),
        ((2003, "B 82312-100", "E", "", "", ""), r":13: Bezeichnung neutral kurz: .* empty"),
        ((9907, "B 82312-100", "E", "Doppelt", "", ""), r":13: DKZ-ID: .* 9907 repeats row 5"),
    ],
)
def test_the_title_import_names_the_row_of_a_bad_value(reference_files, bad_row, message):
    import_kldb(directory=reference_files, expected_counts=SMALL_KLDB_COUNTS)
    write_titles(reference_files, rows=[*TITLE_ROWS, bad_row])

    with pytest.raises(ReferenceImportError, match=message):
        import_job_titles(directory=reference_files, minimum_rows=1)
    assert OccupationTitle.objects.count() == 0


def test_the_title_import_rejects_a_wrong_header(reference_files):
    import_kldb(directory=reference_files, expected_counts=SMALL_KLDB_COUNTS)
    write_titles(reference_files, header=("ID", "Code", "Zustand", "Titel", "m", "w"))

    with pytest.raises(ReferenceImportError, match=r"xlsx:4: sheet .*: expected the header"):
        import_job_titles(directory=reference_files, minimum_rows=1)


def test_a_truncated_workbook_leaves_the_titles_as_they_were(reference_files):
    import_kldb(directory=reference_files, expected_counts=SMALL_KLDB_COUNTS)
    import_job_titles(directory=reference_files, minimum_rows=1)
    before = snapshot(OccupationTitle)
    path = reference_files / TITLES_FILE
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])

    with pytest.raises(ReferenceImportError, match=r"damaged or cut off"):
        import_job_titles(directory=reference_files, minimum_rows=1)
    assert snapshot(OccupationTitle) == before


def test_too_few_titles_are_rejected_as_implausible(reference_files):
    import_kldb(directory=reference_files, expected_counts=SMALL_KLDB_COUNTS)

    with pytest.raises(ReferenceImportError, match=r"only 8 titles, expected at least 25,000"):
        import_job_titles(directory=reference_files)
    assert OccupationTitle.objects.count() == 0


# --- postcodes ---------------------------------------------------------------------------------


def test_postcodes_and_districts_are_imported_by_district_key(reference_files):
    districts, postcodes = import_postcodes(directory=reference_files, minimum_rows=1)

    assert (districts.created, postcodes.created) == (4, len(POSTCODE_ROWS))
    chemnitz = District.objects.get(ags="14511")
    assert chemnitz.name == "Chemnitz, Stadt"  # the official name, whatever GeoNames says
    assert chemnitz.state == "Sachsen"  # from the key, not the inconsistent admin1 columns
    assert chemnitz.latitude == pytest.approx((50.8357 + 50.8270) / 2, abs=1e-4)
    assert District.objects.get(ags="14729").name == "Landkreis Leipzig"
    assert District.objects.get(ags="11000").name == "Berlin, Stadt"
    assert sorted(Postcode.objects.filter(code="04416").values_list("place", flat=True)) == [
        "Markkleeberg",
        "Wachau",
    ]
    jungholz = Postcode.objects.get(code="87491")
    assert jungholz.district is None
    assert (jungholz.latitude, jungholz.longitude) == (47.5741, 10.4472)


def test_a_second_postcode_import_changes_nothing(reference_files):
    import_postcodes(directory=reference_files, minimum_rows=1)
    before = snapshot(Postcode), snapshot(District)

    results = import_postcodes(directory=reference_files, minimum_rows=1)

    assert all(result.unchanged for result in results)
    assert (snapshot(Postcode), snapshot(District)) == before


def test_a_truncated_postcode_file_leaves_the_tables_as_they_were(reference_files):
    import_postcodes(directory=reference_files, minimum_rows=1)
    before = snapshot(Postcode), snapshot(District)
    write_postcodes(reference_files, rows=[], extra_lines="")
    path = reference_files / POSTCODES_FILE
    full = "\t".join(["DE", "01067", "Dresden", "Sachsen", "SN", "", "", "Dresden", "14612"])
    path.write_text(full + "\t51.05", encoding="utf-8")  # cut in the middle of the line

    with pytest.raises(
        ReferenceImportError, match=r"DE.txt:1: columns: .* 10 tab-separated columns .* cut off"
    ):
        import_postcodes(directory=reference_files, minimum_rows=1)
    assert (snapshot(Postcode), snapshot(District)) == before


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        (("0911", "Chemnitz", "", "", "x", "14511", 50.8, 12.9), r"2 \(postal code\): .*'0911'"),
        (("09113", "Chemnitz", "", "", "x", "99511", 50.8, 12.9), r"9 \(.*\): .*'99511' does"),
        (("09113", "Chemnitz", "", "", "x", "14511", "north", 12.9), r"10 \(.*'north' is not"),
        (
            ("09113", "Chemnitz", "", "", "x", "14511", 10.0, 12.9),
            r"10 \(latitude\): The number '10.0' is not between 47",
        ),
        (
            ("09111", "Chemnitz", "", "", "x", "14511", 50.8, 12.9),
            r"3 \(place name\): 09111 Chemnitz repeats line 1",
        ),
    ],
)
def test_the_postcode_import_names_the_line_of_a_bad_row(reference_files, bad_row, message):
    write_postcodes(reference_files, rows=[*POSTCODE_ROWS, bad_row])

    with pytest.raises(ReferenceImportError, match=rf"DE.txt:8: column {message}"):
        import_postcodes(directory=reference_files, minimum_rows=1)
    assert Postcode.objects.count() == 0
    assert District.objects.count() == 0


# --- catalogues and rules ----------------------------------------------------------------------


def test_catalogues_have_german_names_regions_and_the_languages_that_matter():
    countries, languages = import_catalogues()

    assert countries.created > 245
    syria = Country.objects.get(iso_code="SY")
    assert (syria.name_de, syria.name_en, syria.region) == ("Syrien", "Syria", Region.MIDDLE_EAST)
    assert Country.objects.get(iso_code="ER").region == Region.EAST_AFRICA
    assert Country.objects.get(iso_code="AF").region == Region.SOUTH_ASIA
    assert Country.objects.get(iso_code="UA").region == Region.EASTERN_EUROPE
    assert Country.objects.get(iso_code="XK").is_safe_country_of_origin
    assert Country.objects.get(iso_code="PL").is_eu_eea
    assert Country.objects.get(iso_code="CH").is_eu_eea
    assert not Country.objects.get(iso_code="TR").is_eu_eea
    assert not Country.objects.filter(region="").exists()
    names = dict(Language.objects.values_list("iso_code", "name_de"))
    for code, name in {
        "ar": "Arabisch",
        "prs": "Dari",
        "ps": "Paschtu",
        "fa": "Persisch",
        "ku": "Kurdisch",
        "ti": "Tigrinya",
        "uk": "Ukrainisch",
        "ru": "Russisch",
        "tr": "Türkisch",
        "en": "Englisch",
        "fr": "Französisch",
        "so": "Somali",
        "am": "Amharisch",
        "de": "Deutsch",
    }.items():
        assert names[code] == name

    again = import_catalogues()
    assert all(result.unchanged for result in again)


def test_residence_rules_are_imported_once_and_admin_edits_survive_a_rerun():
    first = import_residence_rules()
    assert first.created == len(json.loads(RULES_FILE.read_text())["rules"])
    assert ResidenceTitle.objects.filter(code="gestattung").count() == 2
    rule = ResidenceTitle.objects.get(code="chancenkarte-20a")
    rule.hint = "Vom Admin geändert"
    rule.save()

    second = import_residence_rules()

    assert (second.created, second.changed) == (0, 0)
    assert "differ from the file" in second.details[0]
    assert ResidenceTitle.objects.get(code="chancenkarte-20a").hint == "Vom Admin geändert"
    third = import_residence_rules(overwrite=True)
    assert third.changed == 1
    assert ResidenceTitle.objects.get(code="chancenkarte-20a").hint != "Vom Admin geändert"


def test_overlapping_rule_periods_are_rejected(tmp_path):
    rule = {
        "code": "x",
        "name": "X",
        "work_permission": "allowed",
        "valid_from": "2020-01-01",
    }
    path = tmp_path / "rules.json"
    path.write_text(json.dumps({"rules": [rule, {**rule, "valid_from": "2021-01-01"}]}))

    with pytest.raises(
        ReferenceImportError,
        match=r"rules.json, rules 1 and 2 \(x\): valid_until: The periods overlap",
    ):
        import_residence_rules(path=path)
    assert ResidenceTitle.objects.count() == 0


def test_a_rule_with_an_unknown_permission_is_rejected(tmp_path):
    path = tmp_path / "rules.json"
    rule = {"code": "x", "name": "X", "work_permission": "maybe", "valid_from": "2020-01-01"}
    path.write_text(json.dumps({"rules": [rule]}))

    with pytest.raises(ReferenceImportError, match=r"rule 1 \(x\): work_permission"):
        import_residence_rules(path=path)


# --- commands ----------------------------------------------------------------------------------


def test_the_command_prints_progress_and_a_summary_and_a_rerun_says_nothing_changed():
    out = StringIO()
    call_command("import_residence_rules", stdout=out)
    assert "Residence rules: reading residence_titles.json" in out.getvalue()
    assert "38 positions, 38 created, 0 changed" in out.getvalue()

    again = StringIO()
    call_command("import_residence_rules", stdout=again)
    assert "0 created, 0 changed - nothing to do" in again.getvalue()


def test_the_command_turns_a_bad_file_into_a_command_error(reference_files, settings):
    settings.LOTSE_REFERENCE_DIR = reference_files

    with pytest.raises(CommandError, match=r"implausible number of positions"):
        call_command("import_kldb", stdout=StringIO())
    assert Occupation.objects.count() == 0


def test_the_commands_take_the_plausibility_limits_for_other_file_versions(
    reference_files, settings
):
    settings.LOTSE_REFERENCE_DIR = reference_files
    out = StringIO()

    call_command("import_kldb", "--expected-counts=3,3,4,4,6", stdout=out)
    call_command("import_job_titles", "--minimum-rows=1", stdout=out)
    call_command("import_postcodes", "--minimum-rows=1", stdout=out)

    assert "KldB: 20 positions, 20 created, 0 changed" in out.getvalue()
    assert "Job titles: 8 positions, 8 created, 0 changed" in out.getvalue()
    assert "Postcodes: 7 positions, 7 created, 0 changed" in out.getvalue()
    with pytest.raises(CommandError, match=r"five numbers"):
        call_command("import_kldb", "--expected-counts=1,2", stdout=StringIO())
    call_command("import_kldb", "--expected-counts=none", stdout=out)
