"""The import pages: who may see them (leads of the batch's project only), and the way from the
upload through the mapping and preview to the import."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lotse.cases.models import Mentee
from lotse.imports import services
from lotse.imports.models import BatchStatus, ImportBatch, ImportKind
from lotse.imports.tests.conftest import MENTEE_HEADER, mentee_row, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def batch(reference, project_a, lena, alice):
    return services.batch_upload(
        actor=lena,
        project=project_a,
        kind=ImportKind.MENTEES,
        file_name="liste.xlsx",
        content=xlsx([MENTEE_HEADER, mentee_row(), mentee_row("Yusuf", "Rahimi", "nie")]),
    )


def urls(batch):
    detail = [
        ("get", reverse("imports:detail", args=[batch.public_id])),
        ("get", reverse("imports:rejected", args=[batch.public_id])),
        ("post", reverse("imports:mapping", args=[batch.public_id])),
        ("post", reverse("imports:decide", args=[batch.public_id])),
        ("post", reverse("imports:decide_all", args=[batch.public_id])),
        ("post", reverse("imports:recheck", args=[batch.public_id])),
        ("post", reverse("imports:discard", args=[batch.public_id])),
    ]
    return [
        ("get", reverse("imports:index")),
        ("get", reverse("imports:template", args=["mentees"])),
        *detail,
    ]


def test_anonymous_users_go_to_the_login(client, batch):
    for method, url in urls(batch):
        assert getattr(client, method)(url).status_code == 302, url


@pytest.mark.parametrize("who", ["alice", "lead_of_b", "cora", "dora"])
def test_mentors_other_projects_and_programme_roles_get_404(client, batch, who, request, project_b):
    if who == "lead_of_b":
        from lotse.accounts.models import ProjectRole
        from lotse.accounts.tests.factories import MembershipFactory, UserFactory

        user = UserFactory(username="lea")
        MembershipFactory(user=user, project=project_b, role=ProjectRole.LEAD)  # leads B, not A
    else:
        user = request.getfixturevalue(who)
    client.force_login(user)
    for method, url in urls(batch):
        if who == "lead_of_b" and url in (
            reverse("imports:index"),
            reverse("imports:template", args=["mentees"]),
        ):
            continue  # a lead of B may import into B
        assert getattr(client, method)(url).status_code == 404, url
    assert ImportBatch.objects.get().status == BatchStatus.UPLOADED


def test_wrong_methods_get_405(client, batch, lena):
    client.force_login(lena)
    assert client.post(reverse("imports:detail", args=[batch.public_id])).status_code == 405
    assert client.get(reverse("imports:discard", args=[batch.public_id])).status_code == 405
    assert client.post(reverse("imports:template", args=["mentees"])).status_code == 405


def test_an_unknown_template_is_404(client, lena):
    client.force_login(lena)
    assert client.get(reverse("imports:template", args=["pets"])).status_code == 404


def test_the_template_is_a_workbook(client, lena):
    client.force_login(lena)
    response = client.get(reverse("imports:template", args=["employers"]))
    assert response.status_code == 200 and response.content.startswith(b"PK")
    assert "lotse-vorlage-employers.xlsx" in response["Content-Disposition"]


def test_upload_mapping_preview_and_import(client, reference, project_a, lena, alice):
    client.force_login(lena)
    content = xlsx([MENTEE_HEADER, mentee_row(), mentee_row("Yusuf", "Rahimi", "nie")])
    response = client.post(
        reverse("imports:index"),
        {
            "project": project_a.pk,
            "kind": "mentees",
            "file": SimpleUploadedFile("liste.xlsx", content),
        },
    )
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    page = client.get(reverse("imports:detail", args=[batch.public_id])).content.decode()
    assert "Spalten zuordnen" in page and 'value="first_name" selected' in page
    data = {f"column_{i}": "" for i in range(len(batch.headers))}
    data.update({f"column_{index}": key for key, index in batch.mapping.items()})
    client.post(reverse("imports:mapping", args=[batch.public_id]), data)
    page = client.get(reverse("imports:detail", args=[batch.public_id])).content.decode()
    assert "1 Zeile hat Fehler" in page and "„nie“ ist kein Datum" in page
    assert "Spalte C (Geburtsdatum)" in page
    response = client.post(reverse("imports:decide", args=[batch.public_id]), {"action": "import"})
    assert not Mentee.objects.exists()
    client.post(
        reverse("imports:decide", args=[batch.public_id]), {"action": "import", "row_3": "on"}
    )
    batch.refresh_from_db()
    assert batch.status == BatchStatus.IMPORTED
    assert list(Mentee.objects.values_list("first_name", flat=True)) == ["Amina"]
    page = client.get(reverse("imports:detail", args=[batch.public_id])).content.decode()
    assert "1 Datensatz angelegt" in page
    rejected = client.get(reverse("imports:rejected", args=[batch.public_id]))
    assert rejected.status_code == 200 and rejected.content.startswith(b"PK")


def test_a_bad_file_is_answered_at_the_field(client, project_a, lena):
    client.force_login(lena)
    response = client.post(
        reverse("imports:index"),
        {
            "project": project_a.pk,
            "kind": "mentees",
            "file": SimpleUploadedFile("x.csv", b"\x00\x01"),
        },
    )
    assert response.status_code == 200
    assert "NUL-Bytes" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_a_mapping_without_a_required_field_is_refused(client, batch, lena):
    client.force_login(lena)
    response = client.post(
        reverse("imports:mapping", args=[batch.public_id]), {"column_0": "first_name"}
    )
    assert response.status_code == 400
    assert "Ordnen Sie „Nachname“ eine Spalte zu" in response.content.decode()


def test_the_progress_page_of_a_running_batch(client, batch, lena):
    ImportBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.IMPORTING, progress=1)
    client.force_login(lena)
    page = client.get(reverse("imports:detail", args=[batch.public_id])).content.decode()
    assert "1 von 2 Zeilen erledigt" in page and 'hx-trigger="every 2s"' in page
    ImportBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.IMPORTED)
    response = client.get(
        reverse("imports:detail", args=[batch.public_id]), headers={"HX-Request": "true"}
    )
    assert response["HX-Refresh"] == "true"


def test_discarding_deletes_the_file_and_rows(client, batch, lena):
    client.force_login(lena)
    name = batch.stored_name
    client.post(reverse("imports:discard", args=[batch.public_id]))
    assert not services.storage().exists(name) and not batch.rows.exists()
    assert client.get(reverse("imports:detail", args=[batch.public_id])).status_code == 404


def test_the_list_of_uploads_has_a_bounded_number_of_queries(
    client, batch, lena, django_assert_max_num_queries
):
    client.force_login(lena)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("imports:index")).status_code == 200


def test_the_preview_of_many_possible_duplicates_has_a_bounded_number_of_queries(
    client, reference, project_a, lena, alice, django_assert_max_num_queries
):
    import datetime

    from lotse.cases.tests.factories import MenteeFactory

    rows = [MENTEE_HEADER]
    for n in range(30):
        MenteeFactory(
            project=project_a,
            first_name=f"P{n}",
            last_name="Q",
            birth_date=datetime.date(1990, 1, n % 28 + 1),
        )
        rows.append(mentee_row(f"P{n}", "Q", f"{n % 28 + 1:02d}.01.1990", phone="", email=""))
    batch = services.batch_upload(
        actor=lena,
        project=project_a,
        kind=ImportKind.MENTEES,
        file_name="d.xlsx",
        content=xlsx(rows),
    )
    services.batch_start(actor=lena, batch=batch, commit=False)
    client.force_login(lena)
    with django_assert_max_num_queries(20):
        page = client.get(reverse("imports:detail", args=[batch.public_id])).content.decode()
    assert page.count("gleicher Name und gleiches Geburtsdatum") == 30
