"""The import from upload to records: errors at their row and column, all or nothing, left-out
rows, possible duplicates (skip, update, create anyway), scoping and the audit trail."""

import datetime

import pytest

from lotse.audit.models import AuditEvent
from lotse.cases.models import Mentee
from lotse.cases.tests.factories import MenteeFactory
from lotse.employers.models import Employer, EmployerContact, Vacancy
from lotse.employers.tests.factories import EmployerFactory
from lotse.imports import services
from lotse.imports.models import BatchStatus, ColumnChoice, ImportKind, RowDecision, RowOutcome
from lotse.imports.tests.conftest import MENTEE_HEADER, csv_bytes, mentee_row, xlsx

pytestmark = pytest.mark.django_db


def upload(user, project, rows, kind=ImportKind.MENTEES, name="liste.xlsx", content=None):
    return services.batch_upload(
        actor=user, project=project, kind=kind, file_name=name, content=content or xlsx(rows)
    )


def check(user, batch):
    batch = services.batch_map(
        actor=user, batch=batch, mapping={i: k for k, i in batch.mapping.items()}
    )
    return services.batch_start(actor=user, batch=batch, commit=False)


def run_import(user, batch):
    return services.batch_start(actor=user, batch=batch, commit=True)


def test_a_clean_file_of_mentees_is_imported_with_their_profile(reference, project_a, lena, alice):
    batch = upload(
        lena, project_a, [MENTEE_HEADER, mentee_row(), mentee_row("Yusuf", "Rahimi", "02.02.1990")]
    )
    assert set(batch.mapping) >= {"first_name", "last_name", "entry_date", "mentor", "languages"}
    batch = check(lena, batch)
    assert batch.status == BatchStatus.CHECKED
    assert batch.result["errors"] == 0, list(batch.rows.values_list("errors", flat=True))
    assert batch.result["created"] == 2
    assert not Mentee.objects.exists()  # the check wrote nothing
    batch = run_import(lena, batch)
    assert batch.status == BatchStatus.IMPORTED
    amina = Mentee.objects.get(first_name="Amina")
    assert amina.project == project_a and amina.mentor == alice
    assert amina.birth_date == datetime.date(1995, 3, 14)
    assert amina.phone == "+493711234567"
    assert amina.nationality_id == "SY"
    assert amina.participations.get().entry_date == datetime.date(2025, 1, 15)
    assert {(s.language_id, s.level) for s in amina.languages.all()} == {
        ("de", "B1"),
        ("ar", "native"),
    }
    assert [t.occupation_id for t in amina.target_occupations.all()] == ["29302"]
    assert amina.residence_statuses.get().valid_from == datetime.date(2024, 1, 1)
    assert batch.rows.filter(outcome=RowOutcome.CREATED).count() == 2
    assert not batch.stored_name  # the file is deleted after the import


def test_one_bad_row_imports_nothing_and_each_error_names_its_row_and_column(
    reference, project_a, lena, alice
):
    rows = [
        MENTEE_HEADER,
        mentee_row(),
        mentee_row("Yusuf", "Rahimi", "31.02.1990", postcode="99999", mentor="charlie"),
    ]
    batch = check(lena, upload(lena, project_a, rows))
    assert batch.result["errors"] == 1
    bad = batch.rows.get(number=3)
    columns = {batch.headers[e["column"]] for e in bad.errors if e["column"] is not None}
    assert columns == {
        "Geburtsdatum",
        "Mentor/in",
    }  # the postcode is checked with the row's service
    assert any("31.02.1990" in e["message"] for e in bad.errors)
    with pytest.raises(services.ValidationError, match="1 Zeilen haben Fehler"):
        run_import(lena, batch)
    assert not Mentee.objects.exists()


def test_the_error_of_a_service_lands_at_its_column(reference, project_a, lena, alice):
    batch = check(lena, upload(lena, project_a, [MENTEE_HEADER, mentee_row(postcode="01234")]))
    error = batch.rows.get().errors[0]
    assert batch.headers[error["column"]] == "PLZ"
    assert "01234" in error["message"]


def test_a_row_left_out_explicitly_lets_the_rest_be_imported(reference, project_a, lena, alice):
    rows = [MENTEE_HEADER, mentee_row(), mentee_row("Yusuf", "Rahimi", "kein Datum")]
    batch = check(lena, upload(lena, project_a, rows))
    services.batch_set_decisions(actor=lena, batch=batch, decisions={3: RowDecision.EXCLUDE})
    batch = run_import(lena, batch)
    assert batch.status == BatchStatus.IMPORTED
    assert list(Mentee.objects.values_list("first_name", flat=True)) == ["Amina"]
    assert batch.rows.get(number=3).outcome == RowOutcome.EXCLUDED


def test_the_messages_are_in_english_for_an_english_uploader(reference, project_a, lena, alice):
    from django.utils import translation

    with translation.override("en"):
        batch = upload(lena, project_a, [MENTEE_HEADER, mentee_row(birth="gestern")])
    batch = check(lena, batch)
    assert "is not a date" in batch.rows.get().errors[0]["message"]
    with translation.override("de"):
        batch2 = upload(lena, project_a, [MENTEE_HEADER, mentee_row(birth="gestern")])
    batch2 = check(lena, batch2)
    assert "ist kein Datum" in batch2.rows.get().errors[0]["message"]


def test_the_same_person_twice_in_one_file_is_an_error(reference, project_a, lena, alice):
    batch = check(
        lena,
        upload(lena, project_a, [MENTEE_HEADER, mentee_row(), mentee_row(email="x@example.org")]),
    )
    assert batch.rows.get(number=3).errors
    assert (
        "Row 2" in batch.rows.get(number=3).errors[0]["message"]
        or "Zeile 2" in batch.rows.get(number=3).errors[0]["message"]
    )


# --- possible duplicates ---------------------------------------------------------------------


@pytest.fixture
def existing(project_a, alice):
    return MenteeFactory(
        project=project_a,
        first_name="Amina",
        last_name="Haddad",
        birth_date=datetime.date(1995, 3, 14),
        phone="",
        email="",
    )


def test_a_possible_duplicate_is_flagged_and_skipped_by_default(
    reference, project_a, lena, alice, existing
):
    batch = check(lena, upload(lena, project_a, [MENTEE_HEADER, mentee_row()]))
    row = batch.rows.get()
    assert row.duplicates == [{"id": existing.pk, "why": ["name_birth"]}]
    assert row.decision == RowDecision.SKIP
    batch = run_import(lena, batch)
    assert Mentee.objects.count() == 1 and batch.rows.get().outcome == RowOutcome.SKIPPED


def test_matching_by_phone_and_e_mail(reference, project_a, lena, alice):
    other = MenteeFactory(
        project=project_a,
        first_name="X",
        last_name="Y",
        phone="+493711234567",
        email="AMINA@example.org",
    )
    batch = check(lena, upload(lena, project_a, [MENTEE_HEADER, mentee_row()]))
    assert batch.rows.get().duplicates == [{"id": other.pk, "why": ["phone", "email"]}]


def test_a_possible_duplicate_can_update_the_existing_record(
    reference, project_a, lena, alice, existing
):
    batch = check(lena, upload(lena, project_a, [MENTEE_HEADER, mentee_row()]))
    services.batch_set_decisions(actor=lena, batch=batch, decisions={2: RowDecision.UPDATE})
    batch = run_import(lena, batch)
    assert batch.status == BatchStatus.IMPORTED
    existing.refresh_from_db()
    assert Mentee.objects.count() == 1
    assert existing.phone == "+493711234567" and existing.mentor == alice
    assert existing.languages.count() == 2 and existing.target_occupations.count() == 1
    assert batch.rows.get().outcome == RowOutcome.UPDATED


def test_a_possible_duplicate_can_be_created_anyway(reference, project_a, lena, alice, existing):
    batch = check(lena, upload(lena, project_a, [MENTEE_HEADER, mentee_row()]))
    services.batch_set_decisions(actor=lena, batch=batch, decisions={2: RowDecision.CREATE})
    run_import(lena, batch)
    assert Mentee.objects.filter(first_name="Amina").count() == 2


def test_people_of_other_projects_are_no_duplicates(
    reference, project_a, project_b, lena, alice, charlie
):
    MenteeFactory(
        project=project_b,
        first_name="Amina",
        last_name="Haddad",
        birth_date=datetime.date(1995, 3, 14),
    )
    batch = check(lena, upload(lena, project_a, [MENTEE_HEADER, mentee_row()]))
    assert batch.rows.get().duplicates == []


def test_the_same_decision_for_all_duplicates(reference, project_a, lena, alice, existing):
    batch = check(lena, upload(lena, project_a, [MENTEE_HEADER, mentee_row()]))
    assert (
        services.batch_set_all(actor=lena, batch=batch, which="duplicates", decision="create") == 1
    )
    assert batch.rows.get().decision == RowDecision.CREATE


# --- employers and vacancies -----------------------------------------------------------------


EMPLOYER_HEADER = [
    "Firma",
    "PLZ",
    "Branche",
    "Mitarbeiter",
    "Ansprechpartner",
    "Telefon",
    "E-Mail",
    "Einwilligung am",
]


def test_employers_with_contact_persons_and_a_repeated_name_adds_a_contact(
    reference, project_a, lena
):
    rows = [
        EMPLOYER_HEADER,
        [
            "Bäckerei Müller",
            "09111",
            "",
            "25",
            "Petra Müller",
            "0371 7654321",
            "p@example.org",
            "02.02.2025",
        ],
        ["Bäckerei Müller", "", "", "", "Jan Müller", "", "", "03.02.2025"],
        ["Hotel Sonne", "9111", "", "", "", "", "", ""],
    ]
    batch = check(lena, upload(lena, project_a, rows, kind=ImportKind.EMPLOYERS))
    assert batch.result["errors"] == 0, list(batch.rows.values_list("errors", flat=True))
    run_import(lena, batch)
    muller = Employer.objects.get(name="Bäckerei Müller")
    assert muller.size_class == "small" and muller.place is not None
    assert sorted(muller.contacts.values_list("name", flat=True)) == ["Jan Müller", "Petra Müller"]
    assert Employer.objects.get(name="Hotel Sonne").postcode == "09111"


def test_a_contact_person_needs_the_date_of_consent(reference, project_a, lena):
    rows = [EMPLOYER_HEADER, ["Hotel Sonne", "", "", "", "Petra", "", "", ""]]
    batch = check(lena, upload(lena, project_a, rows, kind=ImportKind.EMPLOYERS))
    error = batch.rows.get().errors[0]
    assert batch.headers[error["column"]] == "Einwilligung am"
    assert not EmployerContact.objects.exists()


def test_an_employer_of_the_project_is_a_possible_duplicate_and_can_be_updated(
    reference, project_a, lena
):
    employer = EmployerFactory(project=project_a, name="Hotel Sonne", postcode="")
    rows = [EMPLOYER_HEADER, ["hotel  sonne", "09111", "", "", "", "", "", ""]]
    batch = check(lena, upload(lena, project_a, rows, kind=ImportKind.EMPLOYERS))
    assert batch.rows.get().duplicates == [{"id": employer.pk, "why": ["name"]}]
    services.batch_set_decisions(actor=lena, batch=batch, decisions={2: RowDecision.UPDATE})
    run_import(lena, batch)
    employer.refresh_from_db()
    assert employer.postcode == "09111" and Employer.objects.count() == 1


def test_vacancies_name_an_employer_of_the_project(reference, project_a, lena):
    EmployerFactory(project=project_a, name="Hotel Sonne")
    rows = [
        ["Arbeitgeber", "Stellentitel", "Beruf", "Art", "Wochenstunden", "Beginn"],
        ["Hotel Sonne", "Koch (m/w/d)", "29302", "Arbeit", "40", "01.08.2026"],
        ["Unbekannt GmbH", "Koch", "Koch/Köchin", "Ausbildung", "", ""],
    ]
    batch = check(lena, upload(lena, project_a, rows, kind=ImportKind.VACANCIES))
    assert batch.rows.get(number=2).errors == []
    assert batch.headers[batch.rows.get(number=3).errors[0]["column"]] == "Arbeitgeber"
    services.batch_set_all(actor=lena, batch=batch, which="errors", decision="exclude")
    run_import(lena, batch)
    vacancy = Vacancy.objects.get()
    assert vacancy.occupation_id == "29302" and vacancy.requirement_level == 2
    assert vacancy.hours_per_week == 40


# --- scoping, mapping memory, audit ----------------------------------------------------------


def test_only_project_leads_import(reference, project_a, alice, charlie):
    with pytest.raises(services.PermissionDenied):
        upload(alice, project_a, [MENTEE_HEADER, mentee_row()])
    with pytest.raises(services.PermissionDenied):
        upload(charlie, project_a, [MENTEE_HEADER, mentee_row()])


def test_the_mapping_is_kept_for_the_projects_next_import(reference, project_a, lena, alice):
    rows = [["Spalte A", "Spalte B", "Start"], ["Amina", "Haddad", "15.01.2025"]]
    batch = upload(
        lena,
        project_a,
        rows,
        content=csv_bytes([["Vorname", "Spalte B", "Start"], ["Amina", "Haddad", "15.01.2025"]]),
        name="a.csv",
    )
    services.batch_map(
        actor=lena, batch=batch, mapping={0: "first_name", 1: "last_name", 2: "entry_date"}
    )
    assert ColumnChoice.objects.get(project=project_a, header="spalte b").field == "last_name"
    again = upload(
        lena,
        project_a,
        rows,
        content=csv_bytes([["Vorname", "Spalte B", "Start"], ["X", "Y", "15.01.2025"]]),
        name="b.csv",
    )
    assert again.mapping == {"first_name": 0, "last_name": 1, "entry_date": 2}


def test_the_audit_trail_records_the_import_without_personal_data(
    reference, project_a, lena, alice
):
    batch = check(lena, upload(lena, project_a, [MENTEE_HEADER, mentee_row()]))
    run_import(lena, batch)
    events = AuditEvent.objects.filter(object_type="imports.importbatch")
    assert events.count() == 2
    text = str(list(events.values("changes", "object_label", "reason")))
    assert "Amina" not in text and "liste" not in text
    mentee = Mentee.objects.get()
    assert AuditEvent.objects.filter(mentee_id=mentee.public_id, actor=lena).count() >= 4


def test_a_formula_in_a_cell_is_stored_as_text(reference, project_a, lena, alice):
    row = mentee_row()
    row[1] = '=HYPERLINK("http://evil.example","Haddad")'
    batch = check(lena, upload(lena, project_a, [MENTEE_HEADER, row]))
    run_import(lena, batch)
    assert Mentee.objects.get().last_name == '=HYPERLINK("http://evil.example","Haddad")'


def test_prune_deletes_old_uploads_with_rows_and_files(reference, project_a, lena):
    from django.utils import timezone

    from lotse.imports.models import ImportBatch, ImportRow

    batch = upload(lena, project_a, [MENTEE_HEADER, mentee_row()])
    name = batch.stored_name
    assert services.storage().exists(name)
    assert services.batches_prune() == {"batches": 0, "files": 0}
    ImportBatch.objects.filter(pk=batch.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=2)
    )
    assert services.batches_prune() == {"batches": 1, "files": 1}
    assert not services.storage().exists(name) and not ImportRow.objects.exists()


def test_an_unexpected_failure_marks_the_batch_failed_and_writes_nothing(
    reference, project_a, lena, alice, monkeypatch
):
    from lotse.imports import writers

    batch = check(lena, upload(lena, project_a, [MENTEE_HEADER, mentee_row()]))

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setitem(writers.WRITERS, "mentees", broken)
    batch = run_import(lena, batch)
    assert batch.status == BatchStatus.FAILED
    assert "nichts importiert" in batch.error
    assert not Mentee.objects.exists()
