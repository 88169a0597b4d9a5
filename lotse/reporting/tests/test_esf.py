"""ESF Plus indicators: the entry form for mentors of ESF projects, and the indicator table
that counts 'keine Angabe' separately."""

import datetime

import pytest
from django.urls import reverse

from lotse.audit.models import AuditAction, AuditEvent
from lotse.cases.models import Gender, IscedLevel
from lotse.reporting.esf import esf_figures
from lotse.reporting.figures import Scope
from lotse.reporting.models import EsfRecord
from lotse.reporting.tests.factories import (
    CountryFactory,
    EsfRecordFactory,
    MenteeFactory,
    ParticipationFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def esf_project(project_a):
    project_a.esf_indicators = True
    project_a.save()
    return project_a


@pytest.fixture
def esf_mentee(esf_project):
    mentee = MenteeFactory(project=esf_project, gender=Gender.FEMALE, birth_date=D(2000, 1, 1))
    ParticipationFactory(mentee=mentee, project=esf_project, entry_date=D(2021, 3, 1))
    return mentee


def _url(mentee):
    return reverse("reporting:esf_edit", args=[mentee.public_id])


def test_anonymous_users_are_sent_to_the_login(client, esf_mentee):
    response = client.get(_url(esf_mentee))
    assert response.status_code == 302


def test_other_projects_and_the_coordinator_get_404(client, charlie, cora, esf_mentee):
    for user in (charlie, cora):
        client.force_login(user)
        assert client.get(_url(esf_mentee)).status_code == 404
        assert client.post(_url(esf_mentee), {"labour_status": "inactive"}).status_code == 404


def test_projects_without_esf_indicators_have_no_form(client, alice, project_a):
    mentee = MenteeFactory(project=project_a)
    ParticipationFactory(mentee=mentee, project=project_a)
    client.force_login(alice)
    assert client.get(_url(mentee)).status_code == 404


def test_wrong_method_is_refused(client, alice, esf_mentee):
    client.force_login(alice)
    assert client.put(_url(esf_mentee)).status_code == 405


def test_the_mentor_records_the_entry_data_with_keine_angabe(client, alice, esf_mentee):
    client.force_login(alice)
    response = client.get(_url(esf_mentee))
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, actor=alice).exists()
    response = client.post(
        _url(esf_mentee),
        {"labour_status": "long_term", "disability": "not_stated", "entry_asked_on": "2021-03-10"},
    )
    assert response.status_code == 302
    record = EsfRecord.objects.get()
    assert record.labour_status == "long_term"
    assert record.disability == "not_stated"
    assert record.recorded_by == alice
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, actor=alice).count() == 1
    # Regression: the ESF record had no stale check. A form without the version it was
    # opened with (here: the create form, opened before the record existed) is refused.
    response = client.post(_url(esf_mentee), {"labour_status": "employed", "disability": "no"})
    assert response.status_code == 200
    assert [e.code for e in response.context["form"].errors.as_data()["__all__"]] == ["stale"]
    assert response.context["form"]["labour_status"].value() == "employed"
    assert EsfRecord.objects.get().labour_status == "long_term"
    client.post(_url(esf_mentee), {"labour_status": "employed", "disability": "no", "version": "1"})
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE).get()
    assert event.changes["labour_status"] == ["long_term", "employed"]


def test_a_wrong_answer_is_refused_at_its_field_and_nothing_is_saved(client, alice, esf_mentee):
    client.force_login(alice)
    response = client.post(
        _url(esf_mentee),
        {"labour_status": "inactive", "better_situation_after_six_months": "yes"},
    )
    assert response.status_code == 200
    assert "better_situation_after_six_months" in response.context["form"].errors
    assert not EsfRecord.objects.exists()


def test_the_indicator_table_counts_keine_angabe_separately(esf_project):
    germany = CountryFactory(iso_code="DE", name_de="Deutschland", region="eu_eea", is_eu_eea=True)
    syria = CountryFactory(iso_code="SY")
    people = [
        # gender, birth, nationality, isced, record
        (
            Gender.FEMALE,
            D(2005, 6, 1),
            syria,
            IscedLevel.ISCED_2,
            {"labour_status": "long_term", "disability": "not_stated"},
        ),
        (
            Gender.FEMALE,
            D(1960, 1, 1),
            germany,
            IscedLevel.ISCED_6,
            {"labour_status": "employed", "disability": "yes"},
        ),
        (Gender.MALE, D(1995, 1, 1), syria, None, {"labour_status": "not_stated"}),
        (Gender.MALE, D(1990, 1, 1), syria, IscedLevel.ISCED_3, None),
    ]
    for gender, birth, nationality, isced, record in people:
        mentee = MenteeFactory(
            project=esf_project,
            gender=gender,
            birth_date=birth,
            nationality=nationality,
            isced_level=isced,
        )
        stay = ParticipationFactory(mentee=mentee, project=esf_project, entry_date=D(2021, 4, 1))
        if record:
            EsfRecordFactory(participation=stay, **record)
    leaver = MenteeFactory(project=esf_project, gender=Gender.MALE)
    stay = ParticipationFactory(
        mentee=leaver,
        project=esf_project,
        entry_date=D(2020, 1, 1),
        exit_date=D(2021, 8, 1),
        exit_reason="job",
    )
    EsfRecordFactory(
        participation=stay,
        labour_status="employed",
        immediate_result="employment",
        employed_after_six_months="not_stated",
        better_situation_after_six_months="yes",
    )
    result = esf_figures(Scope(D(2021, 1, 1), D(2021, 12, 31)), frozenset({esf_project.pk}))
    women, men = result["f"], result["m"]
    assert women["participants"] == 2 and men["participants"] == 2  # the leaver entered in 2020
    assert women["unemployed"] == 1 and women["long_term"] == 1
    assert women["employed"] == 1
    assert men["labour_not_stated"] == 1
    assert men["entry_missing"] == 1
    assert women["disability"] == 1 and women["disability_not_stated"] == 1
    assert women["under_18"] == 1  # 15 at entry
    assert women["age_55"] == 1
    assert men["age_18_29"] == 1  # 26 at entry; 31 is not
    assert women["isced_0_2"] == 1 and women["isced_5_8"] == 1
    assert men["isced_3_4"] == 1 and men["isced_unknown"] == 1
    assert women["third_country"] == 1 and men["third_country"] == 2
    assert men["leavers"] == 1
    assert men["result_employment"] == 1
    assert men["employed_6m"] == 0 and men["employed_6m_not_stated"] == 1
    assert men["better_6m"] == 1


def test_the_report_shows_the_esf_table_only_for_esf_projects(client, lena, charlie, esf_mentee):
    params = {"kind": "year", "year": "2021"}
    client.force_login(lena)
    report = client.get(reverse("reporting:index"), params).context["report"]
    esf = report.table("esf")
    assert esf is not None
    assert esf.columns[-1] == "Gesamt"
    assert esf.rows[0].cells[-1].text == "1"
    client.force_login(charlie)
    assert client.get(reverse("reporting:index"), params).context["report"].table("esf") is None


def test_the_mentee_page_shows_the_esf_panel_only_in_esf_projects(client, alice, esf_mentee):
    client.force_login(alice)
    html = client.get(reverse("cases:detail", args=[esf_mentee.public_id])).content.decode()
    assert reverse("reporting:esf_edit", args=[esf_mentee.public_id]) in html
    esf_mentee.project.esf_indicators = False
    esf_mentee.project.save()
    html = client.get(reverse("cases:detail", args=[esf_mentee.public_id])).content.decode()
    assert reverse("reporting:esf_edit", args=[esf_mentee.public_id]) not in html
