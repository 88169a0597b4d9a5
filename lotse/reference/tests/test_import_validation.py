"""Every value of every reference file is checked before anything is written: digits are the
ASCII digits 0-9, texts are NFC without control characters and fit their field (never cut),
and each problem is reported as ``file:line: column: what is wrong``."""

import json
import unicodedata

import pytest
from django.core.management import execute_from_command_line
from django.db import connections
from django.utils import translation

from lotse.reference.importers import catalogues
from lotse.reference.importers.base import shown
from lotse.reference.models import (
    Country,
    District,
    Language,
    Occupation,
    OccupationTitle,
    Postcode,
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

KLDB_NAME = "KldB_2010_V2020_Gliederung.csv"
TITLES_NAME = "Gesamtberufsliste_der_BA_Januar_2019.xlsx"
CHEMNITZ = ("09113", "Chemnitz", "Sachsen", "SN", "Chemnitz, Stadt", "14511", 50.85, 12.92)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def snapshot(*models):
    return [sorted(tuple(row.values()) for row in model.objects.values()) for model in models]


def import_small_kldb(directory):
    return import_kldb(directory=directory, expected_counts=SMALL_KLDB_COUNTS)


def kldb_error(directory, extra_row) -> str:
    write_kldb(directory, rows=[*KLDB_ROWS, extra_row])
    with pytest.raises(ReferenceImportError) as error:
        import_kldb(directory=directory, expected_counts=None)
    assert Occupation.objects.count() == 0
    return str(error.value)


def postcode_error(directory, extra_row) -> str:
    write_postcodes(directory, rows=[*POSTCODE_ROWS, extra_row])
    with pytest.raises(ReferenceImportError) as error:
        import_postcodes(directory=directory, minimum_rows=1)
    assert (Postcode.objects.count(), District.objects.count()) == (0, 0)
    return str(error.value)


def title_error(directory, extra_row) -> str:
    import_small_kldb(directory)
    write_titles(directory, rows=[*TITLE_ROWS, extra_row])
    with pytest.raises(ReferenceImportError) as error:
        import_job_titles(directory=directory, minimum_rows=1)
    assert OccupationTitle.objects.count() == 0
    return str(error.value)


# --- digits are ASCII digits ---------------------------------------------------------------------


def test_a_superscript_digit_as_kldb_level_is_reported_not_a_traceback(reference_files):
    message = kldb_error(reference_files, ("82313", "²", "Friseure", ""))

    assert (
        f"{KLDB_NAME}:29: Ebene: The value '²' is not a number written with the digits 0-9 "
        "(it contains U+00B2 SUPERSCRIPT TWO)." in message
    )
    assert "nothing was imported" in message


@pytest.mark.parametrize("code", ["8231²", "8231٣", "８２３１３"])
def test_a_kldb_code_with_other_digits_than_0_to_9_is_reported(reference_files, code):
    message = kldb_error(reference_files, (code, "5", "Friseure", ""))

    assert f"{KLDB_NAME}:29: Schlüssel KldB 2010, V. 2020: The value {code!r} is not a number" in (
        message
    )


@pytest.mark.parametrize("dkz_id", ["²", "٩٩١٠", "9910.0", "99999999999", "9" * 5000])
def test_a_dkz_id_that_is_not_a_plain_number_is_reported(reference_files, dkz_id):
    message = title_error(reference_files, (dkz_id, "B 82312-100", "E", "Friseur/in", "", ""))

    assert f"{TITLES_NAME}:13: DKZ-ID: The " in message
    assert shown(dkz_id) in message


def test_a_ba_code_with_arabic_indic_digits_is_reported(reference_files):
    message = title_error(reference_files, (2000, "B ٨٢٣١٢-100", "E", "Friseur/in", "", ""))

    assert f"{TITLES_NAME}:13: Codenummer: The code 'B ٨٢٣١٢-100' is not of the form" in message


def test_a_postcode_in_arabic_indic_digits_is_reported_not_imported(reference_files):
    message = postcode_error(reference_files, ("٠٩١١٣", *CHEMNITZ[1:]))

    assert (
        "DE.txt:8: column 2 (postal code): The value '٠٩١١٣' is not a number written with the "
        "digits 0-9 (it contains U+0660 ARABIC-INDIC DIGIT ZERO)." in message
    )


@pytest.mark.parametrize(
    ("latitude", "longitude"), [("٥٠.٨", "12.9"), ("nan", "12.9"), ("50.8", "1_2.9")]
)
def test_coordinates_are_plain_decimal_numbers(reference_files, latitude, longitude):
    message = postcode_error(reference_files, (*CHEMNITZ[:6], latitude, longitude))

    assert "DE.txt:8: column 1" in message
    assert "is not a decimal number written with the digits 0-9" in message


def test_a_district_key_in_other_digits_is_reported(reference_files):
    message = postcode_error(reference_files, (*CHEMNITZ[:5], "１４５１１", *CHEMNITZ[6:]))

    assert "DE.txt:8: column 9 (district key): The value '１４５１１' is not a number" in message


# --- text is NFC, without control characters, and fits -------------------------------------------


def test_a_nul_byte_in_a_place_name_is_reported_not_a_traceback(reference_files):
    message = postcode_error(reference_files, (CHEMNITZ[0], "Chem\x00nitz", *CHEMNITZ[2:]))

    assert (
        "DE.txt:8: column 3 (place name): The text 'Chem\\x00nitz' contains the control or "
        "invisible formatting character U+0000 NULL, which is not allowed" in message
    )


@pytest.mark.parametrize(
    ("bad", "name"),
    [
        ("Friseur\u202eni/", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("Fri\u200bseur", "U+200B ZERO WIDTH SPACE"),
        ("Friseur\nin", "U+000A"),
    ],
)
def test_control_and_invisible_characters_in_a_title_are_reported(reference_files, bad, name):
    message = title_error(reference_files, (2000, "B 82312-100", "E", bad, "", ""))

    assert f"{TITLES_NAME}:13: Bezeichnung neutral kurz: The text " in message
    assert name in message


def test_a_5000_character_title_is_reported_not_cut(reference_files):
    message = kldb_error(reference_files, ("82313", "5", "F" * 5000, ""))

    assert (
        f"{KLDB_NAME}:29: Titel: The text 'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF'… is 5000 "
        "characters long; at most 300 fit. Shorten it in the file: nothing is cut off on "
        "import." in message
    )


def test_a_too_long_job_title_and_place_name_are_reported_not_cut(reference_files):
    message = title_error(reference_files, (2000, "B 82312-100", "E", "X", "m" * 301, ""))
    assert f"{TITLES_NAME}:13: Bezeichnung männlich lang: " in message
    assert "is 301 characters long; at most 300 fit" in message

    message = postcode_error(reference_files, (CHEMNITZ[0], "P" * 201, *CHEMNITZ[2:]))
    assert "DE.txt:8: column 3 (place name): " in message
    assert "is 201 characters long; at most 200 fit" in message


def test_decomposed_text_is_stored_composed(reference_files):
    decomposed = unicodedata.normalize("NFD", "Bäcker/in")
    assert decomposed != "Bäcker/in"
    import_small_kldb(reference_files)
    write_titles(reference_files, rows=[(2000, "B 29222-100", "E", decomposed, "", "")])

    import_job_titles(directory=reference_files, minimum_rows=1)

    assert OccupationTitle.objects.get(dkz_id=2000).title == "Bäcker/in"


# --- the byte-order mark and the country -------------------------------------------------------


def test_a_byte_order_mark_at_the_start_of_de_txt_is_skipped(reference_files):
    path = write_postcodes(reference_files)
    path.write_text(path.read_text(encoding="utf-8"), encoding="utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbfDE\t09111")

    districts, postcodes = import_postcodes(directory=reference_files, minimum_rows=1)

    assert postcodes.created == len(POSTCODE_ROWS)
    assert Postcode.objects.filter(code="09111", place="Chemnitz").exists()


def test_a_row_of_another_country_is_still_reported(reference_files):
    path = write_postcodes(reference_files, rows=[*POSTCODE_ROWS, CHEMNITZ])
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[7] = "AT" + lines[7][2:]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")

    with pytest.raises(ReferenceImportError) as error:
        import_postcodes(directory=reference_files, minimum_rows=1)

    assert "DE.txt:8: column 1 (country code): The country is 'AT' instead of 'DE'" in str(
        error.value
    )


# --- all problems of a file, at once -----------------------------------------------------------


def test_every_bad_value_of_a_file_is_reported_at_once(reference_files):
    rows = [
        *POSTCODE_ROWS,
        ("٠٩١١٣", "Chem\x00nitz", *CHEMNITZ[2:6], "north", 12.9),
        ("0911", *CHEMNITZ[1:]),
    ]
    write_postcodes(reference_files, rows=rows)

    with pytest.raises(ReferenceImportError) as error:
        import_postcodes(directory=reference_files, minimum_rows=1)

    message = str(error.value)
    assert "DE.txt: values that cannot be imported (4 problem(s)); nothing was imported" in message
    for where in ("8: column 2", "8: column 3", "8: column 10", "9: column 2"):
        assert f"DE.txt:{where} (" in message


def test_a_file_full_of_bad_values_lists_the_first_twenty_and_counts_the_rest(reference_files):
    rows = [(f"{n:04d}", *CHEMNITZ[1:]) for n in range(30)]
    write_postcodes(reference_files, rows=rows)

    with pytest.raises(ReferenceImportError) as error:
        import_postcodes(directory=reference_files, minimum_rows=1)

    message = str(error.value)
    assert "(30 problem(s))" in message
    assert "DE.txt:20: column 2" in message
    assert "DE.txt:21: column 2" not in message
    assert message.endswith("… and 10 more")


def test_the_messages_are_german_by_default(reference_files):
    write_kldb(reference_files, rows=[*KLDB_ROWS, ("82313", "²", "Friseure", "")])

    with translation.override("de"), pytest.raises(ReferenceImportError) as error:
        import_kldb(directory=reference_files, expected_counts=None)

    assert (
        f"{KLDB_NAME}:29: Ebene: Der Wert '²' ist keine Zahl aus den Ziffern 0-9 (er enthält "
        "U+00B2 SUPERSCRIPT TWO)." in str(error.value)
    )
    assert "nichts wurde importiert" in str(error.value)


# --- the commands: non-zero exit, nothing imported ---------------------------------------------


@pytest.fixture
def run_command(monkeypatch):
    """Run a command as ``manage.py`` does and return its exit status. The command closes the
    database connections at the end; here that would end the test's transaction."""
    monkeypatch.setattr(connections, "close_all", lambda: None)

    def run(*argv: str) -> int:
        with pytest.raises(SystemExit) as exit_:
            execute_from_command_line(["manage.py", *argv])
        return exit_.value.code

    return run


def test_the_postcode_command_exits_non_zero_and_leaves_the_tables_as_they_were(
    reference_files, capsys, run_command
):
    import_postcodes(directory=reference_files, minimum_rows=1)
    before = snapshot(Postcode, District)
    write_postcodes(reference_files, rows=[*POSTCODE_ROWS, ("٠٩١١٣", *CHEMNITZ[1:])])
    argv = ("import_postcodes", f"--directory={reference_files}", "--minimum-rows=1")

    assert run_command(*argv) == 1

    assert "DE.txt:8: column 2 (postal code): The value '٠٩١١٣'" in capsys.readouterr().err
    assert snapshot(Postcode, District) == before


def test_the_kldb_command_exits_non_zero_on_a_superscript_level(
    reference_files, capsys, run_command
):
    write_kldb(reference_files, rows=[*KLDB_ROWS, ("82313", "²", "Friseure", "")])

    assert (
        run_command("import_kldb", f"--directory={reference_files}", "--expected-counts=none") == 1
    )

    assert f"{KLDB_NAME}:29: Ebene: " in capsys.readouterr().err
    assert Occupation.objects.count() == 0


def test_the_title_command_exits_non_zero_and_leaves_the_titles_as_they_were(
    reference_files, capsys, run_command
):
    import_small_kldb(reference_files)
    import_job_titles(directory=reference_files, minimum_rows=1)
    before = snapshot(OccupationTitle)
    changed = [
        (dkz, code, state, f"{title}²", m, f) for dkz, code, state, title, m, f in TITLE_ROWS
    ]
    write_titles(reference_files, rows=[*changed, ("²", "B 82312-100", "E", "Friseur/in", "", "")])
    argv = ("import_job_titles", f"--directory={reference_files}", "--minimum-rows=1")

    assert run_command(*argv) == 1

    assert f"{TITLES_NAME}:13: DKZ-ID: The value '²'" in capsys.readouterr().err
    assert snapshot(OccupationTitle) == before


# --- residence rules ---------------------------------------------------------------------------

RULE = {"code": "x", "name": "X", "work_permission": "allowed", "valid_from": "2020-01-01"}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("needs_permit", "false", r"needs_permit: The value \"false\" is not true or false"),
        ("waiting_months", "3", r"waiting_months: The value \"3\" is not a whole number"),
        ("waiting_months", True, r"waiting_months: The value true is not a whole number"),
        ("hint", "Achtung\x00", r"hint: The text 'Achtung\\x00' contains .* U\+0000 NULL"),
        ("name", "N" * 201, r"name: The text .* is 201 characters long; at most 200 fit"),
        ("valid_until", "٢٠٢١-01-01", r"valid_until: The value '٢٠٢١-01-01' is not a date"),
        ("legal_basis", 29, r"legal_basis: The value 29 is not text"),
    ],
)
def test_a_rule_with_a_badly_typed_value_is_reported(tmp_path, field, value, message):
    path = tmp_path / "rules.json"
    path.write_text(json.dumps({"rules": [{**RULE, field: value}]}), encoding="utf-8")

    with pytest.raises(ReferenceImportError, match=rf"rules.json, rule 1 \(x\): {message}"):
        import_residence_rules(path=path)
    assert ResidenceTitle.objects.count() == 0


# --- catalogues from libraries -----------------------------------------------------------------


def test_a_library_name_too_long_for_its_field_is_reported_not_cut(monkeypatch):
    monkeypatch.setitem(catalogues.EXTRA_COUNTRIES, "XS", ("s" * 201, "stateless"))
    monkeypatch.setitem(catalogues.EXTRA_LANGUAGES, "qaa", ("Neu\x00", "New"))

    with pytest.raises(ReferenceImportError, match=r"country XS: name_de: .* 201 characters long"):
        import_catalogues()
    monkeypatch.setitem(catalogues.EXTRA_COUNTRIES, "XS", ("staatenlos", "stateless"))
    with pytest.raises(ReferenceImportError, match=r"language qaa: name_de: .* U\+0000 NULL"):
        import_catalogues()
    assert (Country.objects.count(), Language.objects.count()) == (0, 0)
