"""The figures added by issue 10, each worked out by hand on the scenario of ``conftest.py``
plus the records made here.

- Integration agreements: m1 signed 2021-03-01 (stay in A since 2020-03-01 → A, Chemnitz);
  m2 signed 2021-09-15 (stays A 02–05/2021 and B from 2021-09-01 → B, Leipzig); m5 signed
  2020-11-11 (outside 2021). In 2021: 2 (A 1, B 1; Chemnitz 1, Leipzig 1).
- Focus groups: women supported in 2021: m1 only (m3 left before 2021) → 1. Without a
  vocational qualification (no qualification above level 1): m2 has none recorded, m4 none,
  m5 has "no vocational qualification" only; m1 has a vocational one → supported without
  VQ: m2, m4, m5 = 3. New entries: m2 and m4 (both without VQ), no woman → women 0, no-VQ 2.
  Into a job: m1 (woman, with VQ) and m5 (no VQ) → women 1, no-VQ 1. Apprenticeship: m2
  (man, no VQ) → women 0, no-VQ 1.
- Contacts, for the mentee's current project: m1 (A) on 2021-01-10 (45 min) and 2021-01-20
  (30 min); m2 (now B) on 2021-04-01 (60 min) and 2021-10-01 (15 min); one on 2022-01-01
  outside. → A 2 contacts, 75 min = 1.25 h; B 2 contacts, 75 min; January 2021: 2, 75 min.
- Services (the scenario's): E1 (A) advice 2021-03-03 and 2021-04-04, 60 min each; E2 (A)
  advice to a mentee 2021-05-05, 60 min; E4 (B) advice 2021-07-07, 60 min; E3's are outside.
  Plus here an acquisition for E4 on 2021-08-08 of 90 min → A advice 3 (180 min), B advice 1
  (60 min), B acquisition 1 (90 min).
"""

import datetime

import pytest

from lotse.cases.models import Qualification, QualificationKind
from lotse.employers.models import Employer, ServiceKind
from lotse.journal.tests.factories import IntegrationAgreementFactory, JournalEntryFactory
from lotse.reporting.figures import TOTAL, Scope, activities, compute
from lotse.reporting.tests.conftest import PERIOD
from lotse.reporting.tests.factories import EmployerServiceFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def _at(day, hour=10):
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=datetime.UTC)


@pytest.fixture
def more(scenario):
    m1, m2, _m3, _m4, m5 = scenario["mentees"]
    IntegrationAgreementFactory(mentee=m1, signed_on=D(2021, 3, 1))
    IntegrationAgreementFactory(mentee=m2, signed_on=D(2021, 9, 15))
    IntegrationAgreementFactory(mentee=m5, signed_on=D(2020, 11, 11))
    Qualification.objects.create(
        mentee=m1, title="Pflegefachkraft", kind=QualificationKind.VOCATIONAL
    )
    Qualification.objects.create(mentee=m5, title="Hilfskraft", kind=QualificationKind.NONE)
    for mentee, day, minutes in (
        (m1, D(2021, 1, 10), 45),
        (m1, D(2021, 1, 20), 30),
        (m2, D(2021, 4, 1), 60),
        (m2, D(2021, 10, 1), 15),
        (m2, D(2022, 1, 1), 20),
    ):
        JournalEntryFactory(mentee=mentee, occurred_at=_at(day), duration_minutes=minutes)
    e4 = Employer.objects.get(services__date=D(2021, 7, 7))
    EmployerServiceFactory(
        employer=e4, date=D(2021, 8, 8), kind=ServiceKind.ACQUISITION, duration_minutes=90
    )
    return scenario


def test_integration_agreements_concluded(more):
    f = compute(Scope(*PERIOD))
    assert f.get(TOTAL, TOTAL, "agreements") == 2
    assert f.get("project", more["a"].pk, "agreements") == 1
    assert f.get("project", more["b"].pk, "agreements") == 1
    assert f.get("district", "14511", "agreements") == 1
    assert f.get("district", "14713", "agreements") == 1


def test_key_figures_by_focus_group(more):
    total = compute(Scope(*PERIOD)).values[TOTAL][TOTAL]
    assert total["gender_f"] == 1
    assert total["fg_no_vq_supported"] == 3
    assert (total["fg_women_entries"], total["fg_no_vq_entries"]) == (0, 2)
    assert (total["fg_women_into_job"], total["fg_no_vq_into_job"]) == (1, 1)
    assert (total["fg_women_into_apprenticeship"], total["fg_no_vq_into_apprenticeship"]) == (
        0,
        1,
    )
    assert total["fg_no_vq_into_training"] == 0


def test_mentoring_contacts_and_hours_per_project_and_month(more):
    work = activities(Scope(*PERIOD))
    assert work.contacts[more["a"].pk] == (2, 75)
    assert work.contacts[more["b"].pk] == (2, 75)
    assert work.months[(2021, 1)] == (2, 75)
    assert work.months[(2021, 4)] == (1, 60)
    assert (2022, 1) not in work.months


def test_employer_services_by_kind_and_hours(more):
    work = activities(Scope(*PERIOD))
    assert work.services[more["a"].pk] == {"advice": (3, 180)}
    assert work.services[more["b"].pk] == {"advice": (1, 60), "acquisition": (1, 90)}
    only_b = activities(Scope(*PERIOD, project_ids=frozenset({more["b"].pk})))
    assert set(only_b.services) == {more["b"].pk}


def test_the_coordinator_gets_the_same_activities_from_the_published_set(client, cora, more):
    from django.urls import reverse

    from lotse.reporting import published

    published.refresh()
    client.force_login(cora)
    params = {"kind": "year", "year": "2021", "project": str(more["b"].pk)}
    report = client.get(reverse("reporting:index"), params).context["report"]
    work = {row.key: row.cells[-1].text for row in report.table("activities").rows}
    assert work["contacts"] == "2"
    assert work["services_acquisition"] == "1"
    months = report.table("contact_months")
    assert [row.cells[0].text for row in months.rows] == ["1", "1"]  # April and October


def test_the_report_shows_the_new_figures(client, lena, more):
    from django.urls import reverse

    client.force_login(lena)
    report = client.get(reverse("reporting:index"), {"kind": "year", "year": "2021"}).context[
        "report"
    ]
    key = {row.key: row.cells[-1].text for row in report.table("key_project").rows}
    assert key["agreements"] == "1"  # project A only
    work = {row.key: row.cells[-1].text for row in report.table("activities").rows}
    assert work["contacts"] == "2"
    assert work["contact_hours"] in ("1,2", "1,3")  # 1.25 h
    focus = {row.key: row.cells[-1].text for row in report.table("focus_groups").rows}
    assert focus["gender_f"] == "1"
