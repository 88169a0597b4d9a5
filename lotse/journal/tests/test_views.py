import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lotse.audit.models import AuditEvent
from lotse.journal.kinds import COURSE
from lotse.journal.models import (
    AgreementStep,
    Appointment,
    CourseParticipation,
    IntegrationAgreement,
    JournalEntry,
    Referral,
    Task,
    TaskKind,
)
from lotse.journal.tests.factories import IntegrationAgreementFactory, TaskFactory

pytestmark = pytest.mark.django_db

KINDS = ["contacts", "appointments", "tasks", "steps", "referrals", "courses"]


def person_urls(mentee, records):
    """Every journal URL about one mentee: "VIEW" (GET only), "GET" (a form: GET and POST) or
    "POST" (POST only)."""
    m = mentee.public_id
    task = records["tasks"].public_id
    urls = [
        (reverse("journal:timeline", args=[m]), "VIEW"),
        (reverse("journal:agreement_edit", args=[m]), "GET"),
        (reverse("journal:agreement_delete", args=[m]), "GET"),
        (reverse("journal:task_done", args=[m, task]), "POST"),
        (reverse("journal:task_reopen", args=[m, task]), "POST"),
        (
            reverse("journal:appointment_status", args=[m, records["appointments"].public_id]),
            "POST",
        ),
    ]
    for kind in KINDS:
        record = records[kind].public_id
        urls += [
            (reverse("journal:add", args=[m, kind]), "GET"),
            (reverse("journal:edit", args=[m, kind, record]), "GET"),
            (reverse("journal:delete", args=[m, kind, record]), "GET"),
        ]
    return urls


def test_anonymous_users_are_sent_to_the_login_page(client, mentee, records):
    for url, method in person_urls(mentee, records) + [
        (reverse("journal:start"), "GET"),
        (reverse("journal:contact_quick"), "GET"),
    ]:
        response = client.post(url) if method == "POST" else client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("accounts:login")), url


@pytest.mark.parametrize("outsider", ["charlie", "cora", "dora", "adam"])
def test_people_outside_the_project_get_404_on_every_person_url(
    client, request, mentee, records, outsider
):
    client.force_login(request.getfixturevalue(outsider))
    for url, method in person_urls(mentee, records):
        response = client.post(url) if method == "POST" else client.get(url)
        assert response.status_code == 404, url
        if method == "GET":
            assert client.post(url).status_code == 404, url
    assert Task.objects.filter(done_at__isnull=False).count() == 0
    assert JournalEntry.objects.count() == 1


@pytest.mark.parametrize("role", ["cora", "dora", "adam"])
def test_programme_roles_have_no_start_page_and_no_quick_form(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("journal:start")).status_code == 404
    assert client.get(reverse("journal:contact_quick")).status_code == 404


@pytest.mark.parametrize("user", ["alice", "bob", "lena"])
def test_the_people_of_the_project_can_open_every_page(client, request, mentee, records, user):
    client.force_login(request.getfixturevalue(user))
    for url, method in person_urls(mentee, records):
        if method != "POST":
            assert client.get(url).status_code == 200, url


def test_state_changes_refuse_get(client, alice, mentee, records):
    client.force_login(alice)
    for url, method in person_urls(mentee, records):
        if method == "POST":
            assert client.get(url).status_code == 405, url
    for name in ["journal:start", "journal:timeline"]:
        args = [] if name == "journal:start" else [mentee.public_id]
        assert client.post(reverse(name, args=args)).status_code == 405


def test_an_unknown_kind_is_404(client, alice, mentee):
    client.force_login(alice)
    assert client.get(reverse("journal:add", args=[mentee.public_id, "secrets"])).status_code == 404


def test_a_record_of_another_mentee_is_404_under_this_mentee(client, alice, mentee, project_a):
    from lotse.journal.tests.factories import JournalEntryFactory, MenteeFactory

    other = JournalEntryFactory(mentee=MenteeFactory(project=project_a))
    client.force_login(alice)
    url = reverse("journal:edit", args=[mentee.public_id, "contacts", other.public_id])
    assert client.get(url).status_code == 404


VALID = {
    "contacts": (
        JournalEntry,
        {
            "occurred_at": "2026-11-20T10:30",
            "kind": "in_person",
            "duration_minutes": "60",
            "topics": ["job_search", "language_course"],
            "notes": "Lebenslauf aktualisiert.",
        },
    ),
    "appointments": (
        Appointment,
        {
            "starts_at": "2026-12-01T09:00",
            "ends_at": "2026-12-01T10:00",
            "kind": "immigration",
            "place": "Ausländerbehörde Chemnitz",
            "status": "planned",
        },
    ),
    "tasks": (Task, {"title": "Zeugnis übersetzen lassen", "due_date": "2026-12-05"}),
    "referrals": (
        Referral,
        {
            "partner_kind": "recognition",
            "partner_name": "IQ Sachsen",
            "referred_on": "2026-11-01",
            "purpose": "Anerkennung Pflegefachkraft",
        },
    ),
    "courses": (
        CourseParticipation,
        {
            "kind": "deufoev",
            "title": "B1→B2",
            "starts_on": "2026-09-01",
            "target_level": "B2",
            "result": "ongoing",
        },
    ),
    "steps": (
        AgreementStep,
        {"description": "B2-Kurs anmelden", "responsible": "mentee", "status": "open"},
    ),
}


@pytest.mark.parametrize("kind", KINDS)
def test_adding_a_record_saves_it_audits_it_and_goes_back(client, alice, mentee, kind):
    IntegrationAgreementFactory(mentee=mentee)
    model, data = VALID[kind]
    client.force_login(alice)
    response = client.post(reverse("journal:add", args=[mentee.public_id, kind]), data)
    assert response.status_code == 302
    record = model.objects.get(mentee=mentee)
    page, anchor = response.url.split("#")
    assert page == reverse("cases:detail", args=[mentee.public_id])
    if kind == "steps":
        assert anchor == "journal"
    else:  # the page lands at the record just saved
        assert anchor == f"{'task' if kind == 'tasks' else 'entry'}-{record.public_id}"
        assert f'id="{anchor}"' in client.get(page).content.decode()
    assert AuditEvent.objects.filter(
        object_id=str(record.public_id), action="create", actor=alice
    ).exists()


def test_a_contact_keeps_its_topics_and_local_time(client, alice, mentee):
    client.force_login(alice)
    client.post(reverse("journal:add", args=[mentee.public_id, "contacts"]), VALID["contacts"][1])
    entry = JournalEntry.objects.get()
    assert entry.topics == ["job_search", "language_course"]
    assert timezone.localtime(entry.occurred_at).hour == 10
    assert entry.author == alice


def test_bad_input_is_shown_at_the_field_and_nothing_typed_is_lost(client, alice, mentee):
    client.force_login(alice)
    data = dict(VALID["contacts"][1], duration_minutes="5000", kind="")
    response = client.post(reverse("journal:add", args=[mentee.public_id, "contacts"]), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_kind_error"' in html
    assert 'aria-invalid="true"' in html
    assert "Lebenslauf aktualisiert." in html
    assert "error-summary" in html
    assert not JournalEntry.objects.exists()


def test_a_model_rule_is_shown_at_its_field(client, alice, mentee):
    client.force_login(alice)
    data = dict(VALID["appointments"][1], ends_at="2026-12-01T08:00")
    response = client.post(reverse("journal:add", args=[mentee.public_id, "appointments"]), data)
    assert response.status_code == 200
    assert 'id="id_ends_at_error"' in response.content.decode()
    assert not Appointment.objects.exists()


def test_editing_a_record_audits_the_old_and_new_value(client, bob, mentee, records):
    entry = records["contacts"]
    client.force_login(bob)
    url = reverse("journal:edit", args=[mentee.public_id, "contacts", entry.public_id])
    data = {
        "occurred_at": timezone.localtime(entry.occurred_at).strftime("%Y-%m-%dT%H:%M"),
        "kind": "phone",
        "duration_minutes": "45",
        "topics": ["job_search"],
        "notes": entry.notes,
        "version": str(entry.version),
    }
    response = client.post(url, data)
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.kind == "phone"
    event = AuditEvent.objects.get(object_id=str(entry.public_id), action="update")
    assert event.actor == bob
    assert event.changes == {"kind": ["in_person", "phone"]}


def test_deleting_asks_first_and_deletes_on_post(client, alice, mentee, records):
    referral = records["referrals"]
    client.force_login(alice)
    url = reverse("journal:delete", args=[mentee.public_id, "referrals", referral.public_id])
    assert client.get(url).status_code == 200
    assert Referral.objects.filter(pk=referral.pk).exists()
    response = client.post(url, {"version": str(referral.version)})
    assert response.status_code == 302
    assert not Referral.objects.filter(pk=referral.pk).exists()
    assert AuditEvent.objects.filter(object_id=str(referral.public_id), action="delete").exists()


def test_an_automatic_task_cannot_be_deleted_and_says_why(client, alice, mentee):
    task = TaskFactory(mentee=mentee, source_key="journal:residence:1", kind=TaskKind.PERMIT_EXPIRY)
    client.force_login(alice)
    response = client.post(
        reverse("journal:delete", args=[mentee.public_id, "tasks", task.public_id]),
        {"version": str(task.version)},
    )
    assert response.status_code == 400
    assert Task.objects.filter(pk=task.pk).exists()


def test_a_step_needs_an_agreement(client, alice, mentee):
    client.force_login(alice)
    assert client.get(reverse("journal:add", args=[mentee.public_id, "steps"])).status_code == 404


def test_recording_and_then_editing_the_agreement(client, alice, mentee):
    client.force_login(alice)
    url = reverse("journal:agreement_edit", args=[mentee.public_id])
    assert client.post(url, {"signed_on": "2026-10-01", "goal": "Ausbildung"}).status_code == 302
    response = client.post(
        url, {"signed_on": "2026-10-01", "reviewed_on": "2026-09-01", "version": "1"}
    )
    assert response.status_code == 200
    assert 'id="id_reviewed_on_error"' in response.content.decode()
    data = {"signed_on": "2026-10-01", "reviewed_on": "2026-11-01", "version": "1"}
    assert client.post(url, data).status_code == 302
    agreement = IntegrationAgreement.objects.get(mentee=mentee)
    assert agreement.reviewed_on == datetime.date(2026, 11, 1)
    assert IntegrationAgreement.objects.count() == 1
    response = client.post(
        reverse("journal:agreement_delete", args=[mentee.public_id]), {"version": "2"}
    )
    assert response.status_code == 302
    assert not IntegrationAgreement.objects.exists()


def test_the_done_button_works_without_javascript(client, alice, mentee):
    task = TaskFactory(mentee=mentee)
    client.force_login(alice)
    url = reverse("journal:task_done", args=[mentee.public_id, task.public_id])
    response = client.post(url, {"next": reverse("journal:start")})
    assert response.status_code == 302
    assert response.url == reverse("journal:start")
    task.refresh_from_db()
    assert task.done_at is not None and task.done_by == alice


def test_the_done_button_swaps_the_row_with_htmx(client, alice, mentee):
    task = TaskFactory(mentee=mentee)
    client.force_login(alice)
    url = reverse("journal:task_done", args=[mentee.public_id, task.public_id])
    response = client.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(f'<li id="task-{task.public_id}"')
    assert reverse("journal:task_reopen", args=[mentee.public_id, task.public_id]) in html
    task.refresh_from_db()
    assert task.done_at is not None
    response = client.post(
        reverse("journal:task_reopen", args=[mentee.public_id, task.public_id]),
        HTTP_HX_REQUEST="true",
    )
    task.refresh_from_db()
    assert task.done_at is None


def test_next_may_not_point_to_another_site(client, alice, mentee):
    task = TaskFactory(mentee=mentee)
    client.force_login(alice)
    url = reverse("journal:task_done", args=[mentee.public_id, task.public_id])
    response = client.post(url, {"next": "https://evil.example/"})
    assert response.url == reverse("cases:detail", args=[mentee.public_id])


def test_the_timeline_page_writes_a_view_audit_row(client, alice, mentee, records):
    client.force_login(alice)
    response = client.get(reverse("journal:timeline", args=[mentee.public_id]))
    assert response.status_code == 200
    assert AuditEvent.objects.filter(
        action="view", mentee_id=mentee.public_id, actor=alice
    ).exists()


def test_the_quick_form_logs_a_contact_for_a_chosen_mentee(client, alice, mentee):
    client.force_login(alice)
    url = reverse("journal:contact_quick")
    page = client.get(url, {"mentee": str(mentee.public_id)})
    assert page.status_code == 200
    assert f'value="{mentee.public_id}" selected' in page.content.decode()
    data = {
        "mentee": str(mentee.public_id),
        "occurred_at": "2026-11-26T08:15",
        "kind": "phone",
        "duration_minutes": "10",
        "topics": ["residence"],
        "notes": "",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    assert response.url == reverse("journal:start")
    entry = JournalEntry.objects.get()
    assert entry.mentee == mentee and entry.kind == "phone" and entry.topics == ["residence"]


def test_the_quick_form_offers_no_mentee_of_another_project(client, charlie, mentee):
    client.force_login(charlie)
    url = reverse("journal:contact_quick")
    assert str(mentee.public_id) not in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "mentee": str(mentee.public_id),
            "occurred_at": "2026-11-26T08:15",
            "kind": "phone",
            "duration_minutes": "10",
        },
    )
    assert response.status_code == 200
    assert 'id="id_mentee_error"' in response.content.decode()
    assert not JournalEntry.objects.exists()


def test_a_concurrent_edit_is_refused_not_lost(client, alice, bob, mentee, records):
    """Bob opens the form, Alice saves first; Bob's save is refused and his input kept."""

    course = records["courses"]
    url = reverse("journal:edit", args=[mentee.public_id, "courses", course.public_id])
    client.force_login(bob)
    form_html = client.get(url).content.decode()
    version = form_html.split('name="version" value="')[1].split('"')[0]
    COURSE.update(
        actor=alice, record=course, version=course.version, provider="Volkshochschule Chemnitz"
    )
    data = {
        "kind": "deufoev",
        "title": "B1→B2 (Abendkurs)",
        "provider": "VHS",
        "starts_on": "2026-02-01",
        "result": "ongoing",
        "version": version,
    }
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "error-summary" in html
    assert "B1→B2 (Abendkurs)" in html
    course.refresh_from_db()
    assert course.provider == "Volkshochschule Chemnitz"
    assert course.title == "B1→B2"
    # Saving again, now knowingly over Alice's change, works.
    data["version"] = html.split('name="version" value="')[1].split('"')[0]
    assert client.post(url, data).status_code == 302
    course.refresh_from_db()
    assert course.title == "B1→B2 (Abendkurs)"


def test_an_edit_with_the_current_version_is_saved(client, alice, mentee, records):
    agreement = records["agreement"]
    client.force_login(alice)
    url = reverse("journal:agreement_edit", args=[mentee.public_id])
    html = client.get(url).content.decode()
    version = html.split('name="version" value="')[1].split('"')[0]
    response = client.post(
        url, {"signed_on": "2026-01-15", "goal": "Ausbildung", "version": version}
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.goal == "Ausbildung"


def test_the_edit_page_of_an_automatic_task_offers_no_delete(client, alice, mentee):
    automatic = TaskFactory(mentee=mentee, source_key="journal:residence:9", kind="permit_expiry")
    manual = TaskFactory(mentee=mentee)
    client.force_login(alice)
    for task, deletable in [(automatic, False), (manual, True)]:
        html = client.get(
            reverse("journal:edit", args=[mentee.public_id, "tasks", task.public_id])
        ).content.decode()
        delete_url = reverse("journal:delete", args=[mentee.public_id, "tasks", task.public_id])
        assert (delete_url in html) is deletable


def test_an_appointment_can_be_marked_held_or_cancelled(client, alice, charlie, mentee, records):
    appointment = records["appointments"]
    url = reverse("journal:appointment_status", args=[mentee.public_id, appointment.public_id])
    client.force_login(charlie)
    assert client.post(url, {"status": "done"}).status_code == 404
    client.force_login(alice)
    assert client.get(url).status_code == 405
    response = client.post(url, {"status": "done", "next": reverse("journal:start")})
    # Held: on to the contact form filled in from it, and back to "My day" after it.
    add = reverse("journal:add", args=[mentee.public_id, "contacts"])
    assert response.url == f"{add}?appointment={appointment.public_id}&next=%2Fjournal%2Ftoday%2F"
    appointment.refresh_from_db()
    assert appointment.status == "done"
    assert AuditEvent.objects.filter(object_id=str(appointment.public_id), action="update").exists()
    client.post(url, {"status": "nonsense"})
    appointment.refresh_from_db()
    assert appointment.status == "done"


def test_the_swapped_row_keeps_the_start_page_layout(client, alice, mentee):
    task = TaskFactory(mentee=mentee, title="Lebenslauf drucken")
    client.force_login(alice)
    url = reverse("journal:task_done", args=[mentee.public_id, task.public_id])
    html = client.post(
        url, {"show_mentee": "1", "next": "/journal/today/"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert reverse("cases:detail", args=[mentee.public_id]) in html
    assert 'name="show_mentee" value="1"' in html
    assert 'name="next" value="/journal/today/"' in html


def test_saving_a_contact_with_next_goes_to_next_unchanged(client, alice, mentee):
    client.force_login(alice)
    url = reverse("journal:add", args=[mentee.public_id, "contacts"])
    target = reverse("journal:timeline", args=[mentee.public_id])
    response = client.post(url, {**VALID["contacts"][1], "next": target})
    assert response.url == target
