"""The administrator's page of BA import runs."""

import pytest
from django.urls import reverse

from lotse.jobsuche.models import ImportRun, ImportStatus
from lotse.jobsuche.sync import ba_import
from lotse.jobsuche.tests.conftest import SAXONY

pytestmark = pytest.mark.django_db
URL = reverse("admin:jobsuche_importrun_changelist")


def test_the_administrator_sees_each_run_with_its_counts_and_problems(
    client, adam, reference, api, stub
):
    stub.fail("garbage", times=5, refnr="10000-1000000003-S")
    run = ba_import(client=api, areas=SAXONY)
    assert run.status == ImportStatus.PARTIAL
    client.force_login(adam)
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "teilweise fehlgeschlagen" in page
    assert "posting 10000-1000000003-S" in page
    detail = client.get(reverse("admin:jobsuche_importrun_change", args=[run.pk]))
    assert detail.status_code == 200
    assert [run.new, run.failed] == [4, 1]


def test_runs_cannot_be_added_changed_or_deleted(client, adam):
    run = ImportRun.objects.create(status=ImportStatus.SUCCEEDED, new=3)
    client.force_login(adam)
    assert client.get(reverse("admin:jobsuche_importrun_add")).status_code == 403
    client.post(reverse("admin:jobsuche_importrun_change", args=[run.pk]), {"new": 9})
    run.refresh_from_db()
    assert run.new == 3
    delete = client.post(reverse("admin:jobsuche_importrun_delete", args=[run.pk]))
    assert delete.status_code == 403


def test_people_without_admin_access_do_not_see_the_page(client, alice, cora):
    assert client.get(URL).status_code == 302  # to the admin login
    for user in (alice, cora):
        client.force_login(user)
        assert client.get(URL).status_code == 302
