"""Every page and fragment that shows people writes one ``view`` row listing their public ids,
and no names."""

import datetime
import json

from django.urls import reverse
from django.utils import timezone

from lotse.audit.models import AuditAction, AuditEvent, AuditSubject
from lotse.employers.models import ServiceTarget
from lotse.employers.tests.factories import EmployerFactory, EmployerServiceFactory
from lotse.journal.tests.factories import (
    AppointmentFactory,
    JournalEntryFactory,
    ResidenceStatusFactory,
    TaskFactory,
)
from lotse.matching.tests.factories import job, welder
from lotse.placements.models import Stage
from lotse.placements.tests.factories import ApplicationFactory, MenteeFactory, PlacementFactory


def view_row(**filters) -> AuditEvent:
    """The one view row the request wrote."""
    return AuditEvent.objects.get(action=AuditAction.VIEW, **filters)


def assert_lists(row: AuditEvent, people, *names: str) -> None:
    """``row`` lists exactly ``people`` (also as subjects) and none of ``names``."""
    ids = {str(p.public_id) for p in people}
    assert set(row.changes["shown"]) == ids
    subjects = {
        str(s) for s in AuditSubject.objects.filter(event=row).values_list("mentee_id", flat=True)
    }
    assert subjects | ({str(row.mentee_id)} if row.mentee_id else set()) == ids
    stored = json.dumps(
        [row.object_type, row.object_id, row.object_label, row.changes, row.reason],
        ensure_ascii=False,
    )
    for name in names:
        assert name not in stored


def names(*people) -> list[str]:
    return [part for p in people for part in (p.first_name, p.last_name)]


# --- lists -----------------------------------------------------------------------------------


def test_the_mentee_list_writes_one_row_with_the_ids_of_the_page(client, alice, project_a):
    people = MenteeFactory.create_batch(3, project=project_a, mentor=alice)
    client.force_login(alice)
    assert client.get(reverse("cases:list")).status_code == 200
    row = view_row(object_type="page")
    assert row.object_id == "cases:list"
    assert row.project_id == project_a.pk
    assert_lists(row, people, *names(*people))


def test_a_search_writes_the_ids_of_the_people_found_only(client, alice, project_a):
    found = MenteeFactory(project=project_a, mentor=alice, last_name="Zyxwvut")
    MenteeFactory(project=project_a, mentor=alice, last_name="Other")
    client.force_login(alice)
    client.get(reverse("cases:list"), {"q": "Zyxwvut"}, HTTP_HX_REQUEST="true")
    assert_lists(view_row(), [found], "Zyxwvut")


def test_a_list_that_shows_nobody_writes_no_row(client, alice):
    client.force_login(alice)
    client.get(reverse("cases:list"))
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW).exists()


def test_a_page_of_50_is_one_row_with_50_ids(client, alice, project_a):
    people = MenteeFactory.create_batch(55, project=project_a, mentor=alice)
    client.force_login(alice)
    client.get(reverse("cases:list"), {"sort": "name"})
    row = view_row()
    assert len(row.changes["shown"]) == 50
    assert set(row.changes["shown"]) <= {str(p.public_id) for p in people}
    assert AuditSubject.objects.filter(event=row).count() == 50


def test_the_board_lists_the_mentees_on_its_cards(client, alice, project_a):
    applications = [
        ApplicationFactory(mentee__project=project_a, mentee__mentor=alice, stage=stage)
        for stage in (Stage.PROPOSED, Stage.INTERVIEW)
    ]
    client.force_login(alice)
    assert client.get(reverse("placements:board")).status_code == 200
    people = [a.mentee for a in applications]
    assert_lists(view_row(object_id="placements:board"), people, *names(*people))


def test_the_placement_list_lists_the_placed_mentees(client, alice, project_a):
    placements = PlacementFactory.create_batch(2, mentee__project=project_a, mentee__mentor=alice)
    client.force_login(alice)
    assert client.get(reverse("placements:list")).status_code == 200
    people = [p.mentee for p in placements]
    assert_lists(view_row(object_id="placements:list"), people, *names(*people))


def test_my_day_lists_the_mentees_with_appointments_tasks_and_expiring_documents(
    client, alice, project_a
):
    today = timezone.localdate()
    appointment = AppointmentFactory(mentee__project=project_a, mentee__mentor=alice)
    task = TaskFactory(mentee__project=project_a, mentee__mentor=alice, assignee=alice)
    expiring = ResidenceStatusFactory(
        mentee__project=project_a,
        mentee__mentor=alice,
        valid_until=today + datetime.timedelta(days=20),
    )
    for mentee in (appointment.mentee, task.mentee, expiring.mentee):
        JournalEntryFactory(mentee=mentee)  # recent contact: not also "without contact"
    client.force_login(alice)
    response = client.get(reverse("journal:start"))
    assert response.status_code == 200
    day = response.context["day"]
    shown = {a.mentee for a in day.appointments} | {d.mentee for d in day.expiring_documents}
    assert {appointment.mentee, expiring.mentee} <= shown
    people = {appointment.mentee, task.mentee, expiring.mentee, *day.without_contact}
    assert_lists(view_row(object_id="journal:start"), people, *names(*people))


def test_the_quick_contact_picker_lists_the_mentees_it_offers(client, alice, project_a):
    people = MenteeFactory.create_batch(2, project=project_a, mentor=alice)
    client.force_login(alice)
    client.get(reverse("journal:contact_quick"))
    assert_lists(view_row(object_id="journal:contact_quick"), people, *names(*people))


# --- edit forms ------------------------------------------------------------------------------


def test_the_journal_edit_form_writes_a_row_about_the_mentee_and_the_record(
    client, alice, project_a
):
    entry = JournalEntryFactory(
        mentee__project=project_a,
        mentee__mentor=alice,
        notes="Hat Panikattacken, in Therapie bei Dr. K.",
    )
    client.force_login(alice)
    url = reverse("journal:edit", args=[entry.mentee.public_id, "contacts", entry.public_id])
    assert client.get(url).status_code == 200
    row = view_row()
    assert row.object_type == "journal.journalentry"
    assert row.object_id == str(entry.public_id)
    assert row.mentee_id == entry.mentee.public_id
    assert_lists(row, [entry.mentee], "Panikattacken", *names(entry.mentee))


def test_saving_the_journal_form_writes_the_change_without_the_note(client, alice, project_a):
    entry = JournalEntryFactory(mentee__project=project_a, mentee__mentor=alice)
    client.force_login(alice)
    url = reverse("journal:edit", args=[entry.mentee.public_id, "contacts", entry.public_id])
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data["notes"] = "Hat Panikattacken, in Therapie bei Dr. K."
    data["occurred_at"] = timezone.localtime(entry.occurred_at).strftime("%Y-%m-%dT%H:%M")
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    update = AuditEvent.objects.get(action=AuditAction.UPDATE)
    assert update.changes["notes"] == ["…", "…"]
    assert "Panikattacken" not in json.dumps(update.changes, ensure_ascii=False)
    # the redirect itself showed nothing: only the GET wrote a view row
    assert AuditEvent.objects.filter(action=AuditAction.VIEW).count() == 1


def test_the_residence_status_edit_form_writes_a_row(client, alice, project_a):
    status = ResidenceStatusFactory(mentee__project=project_a, mentee__mentor=alice)
    client.force_login(alice)
    url = reverse("cases:residence_edit", args=[status.mentee.public_id, status.public_id])
    assert client.get(url).status_code == 200
    row = view_row()
    assert row.object_type == "cases.residencestatus"
    assert row.object_id == str(status.public_id)
    assert_lists(row, [status.mentee], *names(status.mentee))


def test_another_projects_form_is_404_and_writes_nothing(client, charlie, alice, project_a):
    status = ResidenceStatusFactory(mentee__project=project_a, mentee__mentor=alice)
    client.force_login(charlie)
    url = reverse("cases:residence_edit", args=[status.mentee.public_id, status.public_id])
    assert client.get(url).status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW).exists()


# --- sections of the vacancy and employer pages ----------------------------------------------


def test_the_vacancy_page_lists_its_matching_mentees_and_applicants(client, alice, project_a):
    vacancy = job(project_a, title="Schweißer/in MAG", german_level="B1", hours_per_week=40)
    matching = welder(project_a, alice)
    applicant = MenteeFactory(project=project_a, mentor=alice, last_name="Bewerberin")
    ApplicationFactory(mentee=applicant, vacancy=vacancy)
    client.force_login(alice)
    response = client.get(reverse("vacancies:detail", args=[vacancy.public_id]))
    assert response.status_code == 200
    row = view_row()  # one row for the page, whatever its sections show
    assert row.object_type == "employers.vacancy"
    assert row.object_id == str(vacancy.public_id)
    assert_lists(row, [matching, applicant], *names(matching, applicant))


def test_the_employer_page_lists_the_mentees_of_its_services_and_placements(
    client, alice, project_a
):
    employer = EmployerFactory(project=project_a)
    served = MenteeFactory(project=project_a, mentor=alice, status="exited")
    EmployerServiceFactory(
        employer=employer, target=ServiceTarget.MENTEE, mentee=served, author=alice
    )
    placed = PlacementFactory(employer=employer, mentee__project=project_a).mentee
    client.force_login(alice)
    assert client.get(reverse("employers:detail", args=[employer.public_id])).status_code == 200
    row = view_row()
    assert row.object_type == "employers.employer"
    assert row.project_id == project_a.pk
    # the service form's picker offers the active and placed mentees of the project
    assert {str(served.public_id), str(placed.public_id)} <= set(row.changes["shown"])
    assert_lists(row, {served, placed, *_picker(project_a)}, *names(served, placed))


def _picker(project):
    from lotse.cases.models import Mentee

    return Mentee.objects.filter(project=project, status__in=["active", "placed"])


def test_the_employer_page_without_people_still_records_the_contact_persons_view(
    client, alice, project_a
):
    employer = EmployerFactory(project=project_a)
    client.force_login(alice)
    client.get(reverse("employers:detail", args=[employer.public_id]))
    row = view_row()
    assert row.object_id == str(employer.public_id)
    assert row.changes["shown"] == []


def test_the_placement_edit_form_writes_a_row(client, alice, project_a):
    placement = PlacementFactory(mentee__project=project_a, mentee__mentor=alice)
    client.force_login(alice)
    url = reverse("placements:placement_edit", args=[placement.public_id])
    assert client.get(url).status_code == 200
    row = view_row()
    assert row.object_type == "placements.placement"
    assert_lists(row, [placement.mentee], *names(placement.mentee))


def test_the_propose_form_lists_the_mentees_its_picker_offers(client, alice, project_a):
    people = MenteeFactory.create_batch(2, project=project_a, mentor=alice)
    client.force_login(alice)
    assert client.get(reverse("placements:propose")).status_code == 200
    assert_lists(view_row(object_id="placements:propose"), people, *names(*people))


def test_the_contact_person_form_writes_a_row_for_the_record_without_the_name(
    client, alice, project_a
):
    from lotse.employers.tests.factories import EmployerContactFactory

    contact = EmployerContactFactory(employer__project=project_a, name="Frau Zyxwvut")
    client.force_login(alice)
    url = reverse("employers:contact_edit", args=[contact.public_id])
    assert client.get(url).status_code == 200
    row = view_row()
    assert (row.object_type, row.object_id) == ("employers.employercontact", str(contact.public_id))
    assert row.project_id == project_a.pk
    assert_lists(row, [], "Zyxwvut")
