"""The letters' pages: scoping (anonymous → login, another project and the coordinator → 404,
mentors read-only on templates), methods, the letter download with its audit row and journal
note, and the template pages' checks and versions."""

import datetime

import pytest
from django.urls import reverse

from lotse.audit.models import AuditEvent
from lotse.letters.models import Letter, LetterTemplate

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_template(lena, project_a):
    from lotse.letters import services

    return services.template_save(
        actor=lena,
        project=project_a,
        kind="reminder",
        language="fa",
        subject="یادآوری",
        body="سلام {name}\n\nتاریخ: {date}",
    )


def charlie_project(request):
    return request.getfixturevalue("project_b").public_id


def urls(mentee, project, template):
    m, p = mentee.public_id, project.public_id
    return [
        (reverse("letters:new", args=[m]), "get"),
        (reverse("letters:new", args=[m]), "post"),
        (reverse("letters:templates", args=[p]), "get"),
        (reverse("letters:template_preview", args=[p, "invitation", "ar"]), "get"),
        (reverse("letters:template_edit", args=[p, "invitation", "ar"]), "get"),
        (reverse("letters:template_edit", args=[p, "invitation", "ar"]), "post"),
        (reverse("letters:template_confirm", args=[p, template.public_id]), "post"),
    ]


def test_anonymous_users_are_sent_to_the_login_page(client, mentee, project_a, own_template):
    for url, method in [
        *urls(mentee, project_a, own_template),
        (reverse("letters:template_index"), "get"),
    ]:
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("accounts:login")), url


@pytest.mark.parametrize("who", ["charlie", "cora", "dora", "adam"])
def test_other_projects_and_programme_roles_get_404(
    client, mentee, project_a, own_template, appointment, who, request
):
    client.force_login(request.getfixturevalue(who))
    for url, method in urls(mentee, project_a, own_template):
        data = (
            {
                "kind": "invitation",
                "language": "ar",
                "file_format": "pdf",
                "appointment": str(appointment.public_id),
            }
            if method == "post"
            else {}
        )
        assert getattr(client, method)(url, data).status_code == 404, url
    index = client.get(reverse("letters:template_index"))
    if who == "charlie":  # his own project's templates
        assert index.url == reverse("letters:templates", args=[charlie_project(request)])
    else:
        assert index.status_code == 404
    assert not Letter.objects.exists()
    own_template.refresh_from_db()
    assert own_template.checked_at is None


def test_mentors_see_the_templates_but_do_not_edit_or_confirm_them(
    client, alice, project_a, own_template
):
    client.force_login(alice)
    p = project_a.public_id
    page = client.get(reverse("letters:templates", args=[p]))
    assert page.status_code == 200
    assert (
        reverse("letters:template_edit", args=[p, "invitation", "ar"]) not in page.content.decode()
    )
    assert (
        client.get(reverse("letters:template_preview", args=[p, "invitation", "ar"])).status_code
        == 200
    )
    assert (
        client.get(reverse("letters:template_edit", args=[p, "invitation", "ar"])).status_code
        == 404
    )
    response = client.post(
        reverse("letters:template_edit", args=[p, "invitation", "ar"]),
        {"subject": "x", "body": "y"},
    )
    assert response.status_code == 404
    assert (
        client.post(
            reverse("letters:template_confirm", args=[p, own_template.public_id])
        ).status_code
        == 404
    )
    assert not LetterTemplate.objects.filter(project=project_a, kind="invitation").exists()


def test_wrong_methods_are_refused(client, lena, mentee, project_a, own_template):
    client.force_login(lena)
    p = project_a.public_id
    assert client.put(reverse("letters:new", args=[mentee.public_id])).status_code == 405
    assert client.post(reverse("letters:templates", args=[p])).status_code == 405
    assert client.post(reverse("letters:template_index")).status_code == 405
    assert (
        client.post(reverse("letters:template_preview", args=[p, "invitation", "ar"])).status_code
        == 405
    )
    assert (
        client.delete(reverse("letters:template_edit", args=[p, "invitation", "ar"])).status_code
        == 405
    )
    assert (
        client.get(
            reverse("letters:template_confirm", args=[p, own_template.public_id])
        ).status_code
        == 405
    )


def test_unknown_kinds_and_languages_are_404(client, lena, project_a):
    client.force_login(lena)
    p = project_a.public_id
    assert (
        client.get(reverse("letters:template_preview", args=[p, "ransom", "ar"])).status_code == 404
    )
    assert (
        client.get(reverse("letters:template_edit", args=[p, "invitation", "xx"])).status_code
        == 404
    )


def test_the_form_defaults_to_the_mother_tongue_and_takes_the_appointment_from_the_link(
    client, alice, mentee, appointment
):
    client.force_login(alice)
    url = reverse("letters:new", args=[mentee.public_id])
    page = client.get(url, {"kind": "invitation", "appointment": str(appointment.public_id)})
    html = page.content.decode()
    assert page.status_code == 200
    assert '<option value="ar" selected>' in html
    assert '<option value="invitation" selected>' in html
    assert f'<option value="{appointment.public_id}" selected>' in html
    assert "Muttersprachlich zu prüfen" in html
    # Garbled parameters are ignored, never a 500.
    assert client.get(url, {"kind": "x\x00", "appointment": "-1"}).status_code == 200


def test_an_appointment_still_planned_long_after_its_date_can_be_chosen_from_its_link(
    client, alice, mentee, appointment
):
    """The journal offers an invitation for every planned appointment; the letter form must
    offer it too, however long ago it was due (a cancelled one and an old held one never)."""
    from lotse.journal.tests.factories import AppointmentFactory

    long_ago = appointment.starts_at - datetime.timedelta(days=90)
    overdue = AppointmentFactory(mentee=mentee, starts_at=long_ago, status="planned")
    held = AppointmentFactory(mentee=mentee, starts_at=long_ago, status="done")
    client.force_login(alice)
    url = reverse("letters:new", args=[mentee.public_id])
    html = client.get(url, {"kind": "reminder", "appointment": str(overdue.public_id)})
    assert f'<option value="{overdue.public_id}" selected>' in html.content.decode()
    assert str(held.public_id) not in html.content.decode()
    data = {"kind": "reminder", "language": "ar", "file_format": "pdf"}
    assert client.post(url, {**data, "appointment": str(overdue.public_id)}).status_code == 200
    assert client.post(url, {**data, "appointment": str(held.public_id)}).status_code == 400


def test_making_a_letter_downloads_it_writes_the_audit_row_and_notes_it_in_the_journal(
    client, alice, mentee, appointment
):
    client.force_login(alice)
    response = client.post(
        reverse("letters:new", args=[mentee.public_id]),
        {
            "kind": "invitation",
            "language": "ar",
            "file_format": "docx",
            "appointment": str(appointment.public_id),
        },
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith("attachment")
    assert "no-store" in response["Cache-Control"]
    assert "Haddad" not in response["Content-Disposition"]
    letter = Letter.objects.get()
    assert AuditEvent.objects.filter(action="export", object_id=str(letter.public_id)).exists()
    journal = client.get(reverse("journal:timeline", args=[mentee.public_id]))
    assert "Einladung zu einem Termin" in journal.content.decode()
    only_letters = client.get(
        reverse("journal:timeline", args=[mentee.public_id]), {"show": "letters"}
    )
    assert "timeline-letter" in only_letters.content.decode()
    # The mentee page's letters section (deferred: fetched from its own URL).
    page = client.get(
        reverse("cases:section", args=[mentee.public_id, "letters"]), HTTP_HX_REQUEST="true"
    )
    assert 'id="letters-heading"' in page.content.decode()
    assert "Erstellte Briefe" in page.content.decode()


def test_missing_details_are_answered_at_the_field(client, alice, mentee):
    client.force_login(alice)
    url = reverse("letters:new", args=[mentee.public_id])
    for data, field in [
        # Without an appointment in the journal, invitations are not offered: the field says so.
        ({"kind": "invitation", "language": "ar", "file_format": "pdf"}, "kind"),
        ({"kind": "consent", "language": "ar", "file_format": "pdf"}, "purpose"),
        ({"kind": "employer", "language": "ar", "file_format": "pdf"}, "employer"),
        ({"kind": "agreement", "language": "ar", "file_format": "pdf"}, "kind"),
        ({"kind": "invitation", "language": "xx", "file_format": "pdf"}, "language"),
        ({"kind": "invitation\x00", "language": "ar", "file_format": "pdf"}, "kind"),
    ]:
        response = client.post(url, data)
        assert response.status_code == 400, data
        assert f'id="id_{field}_error"' in response.content.decode(), data
    assert (
        "für diese Person ist keiner geplant"
        in client.post(url, {"kind": "reminder"}).content.decode()
    )
    assert not Letter.objects.exists()


def test_a_lead_saves_a_new_version_and_bad_placeholders_are_refused_at_the_field(
    client, lena, project_a
):
    client.force_login(lena)
    url = reverse("letters:template_edit", args=[project_a.public_id, "invitation", "ar"])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'dir="rtl"' in html and 'lang="ar"' in html and "{with_whom}" in html
    bad = client.post(url, {"subject": "دعوة", "body": "مرحباً {nmae}"})
    assert bad.status_code == 400
    assert "{nmae}" in bad.content.decode() and 'id="id_body_error"' in bad.content.decode()
    nul = client.post(url, {"subject": "دعوة\x00", "body": "مرحباً"})
    assert nul.status_code == 400 and 'id="id_subject_error"' in nul.content.decode()
    brace = client.post(url, {"subject": "دعوة", "body": "{name"})
    assert brace.status_code == 400 and "kein Platzhalter" in brace.content.decode()
    assert not LetterTemplate.objects.filter(project=project_a).exists()
    good = client.post(url, {"subject": "دعوة", "body": "مرحباً {name}"})
    assert good.status_code == 302
    saved = LetterTemplate.objects.get(project=project_a)
    assert (saved.version, saved.created_by, saved.needs_check) == (1, lena, True)
    client.post(url, {"subject": "دعوة", "body": "مرحباً {name}!"})
    assert list(
        LetterTemplate.objects.filter(project=project_a)
        .values_list("version", flat=True)
        .order_by("version")
    ) == [1, 2]


def test_the_preview_marks_the_translation_until_a_lead_confirms_it(
    client, lena, project_a, own_template
):
    client.force_login(lena)
    p = project_a.public_id
    url = reverse("letters:template_preview", args=[p, "reminder", "fa"])
    html = client.get(url).content.decode()
    assert "muttersprachlich zu prüfen" in html
    assert 'lang="fa" dir="rtl"' in html
    assert "Amina Haddad" in html  # the invented sample values
    response = client.post(reverse("letters:template_confirm", args=[p, own_template.public_id]))
    assert response.status_code == 302
    own_template.refresh_from_db()
    assert own_template.checked_by == lena
    html = client.get(url).content.decode()
    assert "muttersprachlich geprüft" in html and "muttersprachlich zu prüfen" not in html
    listing = client.get(reverse("letters:templates", args=[p])).content.decode()
    assert "Fassung 1 des Projekts" in listing


def test_the_template_index_goes_to_the_users_project(client, alice, project_a):
    client.force_login(alice)
    response = client.get(reverse("letters:template_index"))
    assert response.status_code == 302
    assert response.url == reverse("letters:templates", args=[project_a.public_id])


def test_without_an_appointment_the_form_as_shown_makes_a_consent_form(client, alice, mentee):
    client.force_login(alice)
    url = reverse("letters:new", args=[mentee.public_id])
    html = client.get(url, {"kind": "invitation"}).content.decode()
    assert '<option value="consent" selected>' in html
    assert '<option value="case" selected>' in html
    assert 'value="invitation"' not in html and 'name="appointment"' not in html
    response = client.post(
        url, {"kind": "consent", "purpose": "case", "language": "ar", "file_format": "pdf"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert Letter.objects.get().kind == "consent"


def test_the_employer_choice_lists_only_employers_the_mentee_has_to_do_with(
    client, alice, mentee, employer
):
    """Not the project's whole list (it made the mentee page grow with the project)."""
    from lotse.employers.tests.factories import EmployerFactory, VacancyFactory
    from lotse.placements.tests.factories import ApplicationFactory

    applied = EmployerFactory(project=mentee.project, name="Bäckerei Beworben")
    ApplicationFactory(mentee=mentee, vacancy=VacancyFactory(employer=applied))
    EmployerFactory(project=mentee.project, name="Gärtnerei Fremd")
    client.force_login(alice)
    html = client.get(reverse("letters:new", args=[mentee.public_id])).content.decode()
    assert "Bäckerei Beworben" in html
    assert "Gärtnerei Fremd" not in html and employer.name not in html
