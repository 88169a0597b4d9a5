"""A file larger than the request limit is checked and imported by the background task, run by
django-tasks-db's real worker (the way ``db_worker`` does)."""

import pytest

from lotse.cases.models import Mentee
from lotse.imports import services
from lotse.imports.models import BatchStatus, ImportKind
from lotse.imports.tests.conftest import MENTEE_HEADER, mentee_row, xlsx
from lotse.ops.tests.test_runs import work

TRANSACTIONAL = pytest.mark.django_db(transaction=True)


@TRANSACTIONAL
def test_a_large_file_is_checked_and_imported_in_the_background(
    reference, project_a, lena, alice, monkeypatch
):
    monkeypatch.setattr(services, "INLINE_ROWS", 2)
    rows = [MENTEE_HEADER] + [
        mentee_row(
            f"Person{n}", "Test", f"{n % 28 + 1:02d}.01.1990", email=f"p{n}@example.org", phone=""
        )
        for n in range(5)
    ]
    batch = services.batch_upload(
        actor=lena,
        project=project_a,
        kind=ImportKind.MENTEES,
        file_name="gross.xlsx",
        content=xlsx(rows),
    )
    # The request read only the first rows of the workbook; the task reads the rest.
    assert batch.rows.count() == 2 and not batch.rows_complete and batch.row_count == 5
    batch = services.batch_start(actor=lena, batch=batch, commit=False)
    assert batch.status == BatchStatus.CHECKING  # the request only enqueued the check
    work()
    batch.refresh_from_db()
    assert batch.status == BatchStatus.CHECKED and batch.result["created"] == 5
    assert batch.rows.count() == 5 and batch.rows_complete
    assert batch.progress == 5
    batch = services.batch_start(actor=lena, batch=batch, commit=True)
    assert batch.status == BatchStatus.IMPORTING and not Mentee.objects.exists()
    work()
    batch.refresh_from_db()
    assert batch.status == BatchStatus.IMPORTED
    assert Mentee.objects.filter(project=project_a).count() == 5
    assert not services.storage().exists(batch.stored_name or "gone")


@TRANSACTIONAL
def test_a_batch_cannot_be_started_twice(reference, project_a, lena, alice, monkeypatch):
    monkeypatch.setattr(services, "INLINE_ROWS", 0)  # even one row goes to the task
    batch = services.batch_upload(
        actor=lena,
        project=project_a,
        kind=ImportKind.MENTEES,
        file_name="x.xlsx",
        content=xlsx([MENTEE_HEADER, mentee_row()]),
    )
    services.batch_start(actor=lena, batch=batch, commit=False)
    with pytest.raises(services.ValidationError):
        services.batch_start(actor=lena, batch=batch, commit=False)
    work()
    batch.refresh_from_db()
    assert batch.status == BatchStatus.CHECKED


@TRANSACTIONAL
def test_a_bad_row_far_down_a_large_workbook_fails_the_batch_with_its_message(
    reference, project_a, lena, alice, monkeypatch
):
    monkeypatch.setattr(services, "INLINE_ROWS", 1)
    rows = [MENTEE_HEADER, mentee_row(), mentee_row("B", "x" * 10_001)]
    batch = services.batch_upload(
        actor=lena,
        project=project_a,
        kind=ImportKind.MENTEES,
        file_name="x.xlsx",
        content=xlsx(rows),
    )
    services.batch_start(actor=lena, batch=batch, commit=False)
    work()
    batch.refresh_from_db()
    assert batch.status == BatchStatus.FAILED and "10.000 Zeichen" in batch.error
    assert not Mentee.objects.exists()


@TRANSACTIONAL
def test_on_postgresql_the_progress_is_seen_while_the_rows_are_worked_on(
    reference, project_a, lena, monkeypatch
):
    from django.db import connection, connections

    from lotse.imports import progress

    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer: the count is written at the end")
    seen = []
    report = progress.report

    def report_and_look(batch_id, done):
        report(batch_id, done)
        other = connections.create_connection("default")  # what the progress page reads
        with other.cursor() as cursor:
            cursor.execute("SELECT progress FROM imports_importbatch WHERE id = %s", [batch_id])
            seen.append(cursor.fetchone()[0])
        other.close()

    monkeypatch.setattr(progress, "report", report_and_look)
    rows = [["Firma"]] + [[f"Firma {n}"] for n in range(200)]
    batch = services.batch_upload(
        actor=lena,
        project=project_a,
        kind=ImportKind.EMPLOYERS,
        file_name="x.xlsx",
        content=xlsx(rows),
    )
    services.batch_start(actor=lena, batch=batch, commit=False)
    progress.close()
    assert seen == [100, 200]
