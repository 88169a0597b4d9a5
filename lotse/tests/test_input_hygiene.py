"""Bad input is answered at the field, in German and English, and never stored (issue 8, item 5):
implausible dates, control characters, names without letters, phone numbers, ``next`` values
and GET parameters that are no valid filter."""

import datetime
import zoneinfo
from urllib.parse import parse_qs, urlsplit

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation

from lotse.cases.models import ConsentPurpose, Mentee, TargetOccupation
from lotse.cases.templatetags.phone import phone, phone_uri
from lotse.cases.tests.factories import ConsentFactory, occupation
from lotse.journal.models import Appointment, AppointmentStatus, JournalEntry, Task
from lotse.journal.tests.factories import AppointmentFactory, MenteeFactory, TaskFactory
from lotse.lib import validation
from lotse.lib.migrations import normalise_phones
from lotse.matching.tests.factories import job
from lotse.placements.models import Application

pytestmark = pytest.mark.django_db
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


@pytest.fixture
def mentee(project_a, alice):
    return MenteeFactory(project=project_a, mentor=alice, first_name="Amina", last_name="Haddad")


def errors_of(response, field):
    assert response.status_code == 200, response.status_code
    return " ".join(response.context["form"].errors.get(field, []))


def add_url(mentee, kind):
    return reverse("journal:add", args=[mentee.public_id, kind])


# --- dates and datetimes ----------------------------------------------------------------------


APPOINTMENT = {"kind": "immigration", "place": "Ausländerbehörde", "status": "planned"}


@pytest.mark.parametrize("starts_at", ["0001-01-01T00:00", "9999-12-31T23:59"])
def test_an_appointment_in_year_1_or_9999_is_refused_at_the_field(client, alice, mentee, starts_at):
    client.force_login(alice)
    response = client.post(
        add_url(mentee, "appointments"),
        {**APPOINTMENT, "starts_at": starts_at},
        HTTP_ACCEPT_LANGUAGE="de",
    )
    message = errors_of(response, "starts_at")
    first, last = validation.PLANNED.bounds()
    assert f"zwischen dem {first:%d.%m.%Y} und dem {last:%d.%m.%Y}" in message
    # Never stored, on PostgreSQL neither: the edit and delete pages stay readable.
    assert not Appointment.objects.exists()


def test_the_date_window_is_stated_in_english(client, alice, mentee):
    client.force_login(alice)
    response = client.post(
        add_url(mentee, "appointments"),
        {**APPOINTMENT, "starts_at": "0001-01-01T00:00"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "Please enter a date and time between" in errors_of(response, "starts_at")


def test_a_year_1_datetime_never_reaches_the_database_through_a_service(mentee):
    appointment = Appointment(
        mentee=mentee, kind="other", starts_at=datetime.datetime(1, 1, 1, tzinfo=BERLIN)
    )
    with pytest.raises(ValidationError) as error:
        appointment.full_clean()
    assert "starts_at" in error.value.error_dict


def test_a_task_due_on_9999_12_31_is_refused(client, alice, mentee):
    client.force_login(alice)
    response = client.post(
        add_url(mentee, "tasks"),
        {"title": "Zeugnis übersetzen", "due_date": "9999-12-31"},
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert "Bitte geben Sie ein Datum zwischen dem" in errors_of(response, "due_date")
    assert not Task.objects.exists()


def test_a_birth_date_before_1900_is_refused_in_the_model(mentee):
    mentee.birth_date = datetime.date(1899, 12, 31)
    with pytest.raises(ValidationError) as error:
        mentee.full_clean()
    with translation.override("de"):
        assert "01.01.1900" in " ".join(error.value.message_dict["birth_date"])


def test_an_appointment_of_three_weeks_is_too_long(mentee):
    start = timezone.now().replace(microsecond=0)
    appointment = Appointment(
        mentee=mentee, kind="other", starts_at=start, ends_at=start + datetime.timedelta(days=21)
    )
    with pytest.raises(ValidationError) as error:
        appointment.full_clean()
    with translation.override("de"):
        assert "länger als 14 Tage" in " ".join(error.value.message_dict["ends_at"])


def test_a_stored_implausible_date_does_not_block_other_changes(mentee):
    """Records stored before the check (imports, old data) can still be changed and removed."""
    appointment = AppointmentFactory(mentee=mentee)
    Appointment.objects.filter(pk=appointment.pk).update(
        starts_at=datetime.datetime(1990, 1, 1, 9, tzinfo=BERLIN)
    )
    appointment = Appointment.objects.get(pk=appointment.pk)
    appointment.status = AppointmentStatus.DONE
    appointment.full_clean()


#: The apps whose records users and services write; reference data, the audit trail and the
#: operations log are written by importers and the system.
CHECKED_APPS = {"cases", "journal", "employers", "placements", "reporting"}
#: Tables of those apps that only the system writes (a cache of computed figures).
SYSTEM_MODELS = {"reporting.PublishedPeriod"}


def test_every_date_field_of_a_record_has_a_window_and_is_checked():
    from lotse.lib.models import CheckedModel

    fields = [
        (model, field)
        for model in apps.get_models()
        if model._meta.app_label in CHECKED_APPS and model._meta.label not in SYSTEM_MODELS
        for field in model._meta.concrete_fields
        if isinstance(field, models.DateField) and not (field.auto_now or field.auto_now_add)
    ]
    assert len(fields) > 40
    assert [
        validation.model_key(m, f.name) for m, f in fields if not issubclass(m, CheckedModel)
    ] == []
    assert [
        validation.model_key(m, f.name)
        for m, f in fields
        if validation.window_for(m, f.name) is None
    ] == []


def test_the_audit_list_answers_a_date_in_9999_at_the_field(client, dora):
    client.force_login(dora)
    response = client.get(reverse("audit:list"), {"date_until": "9999-12-31"})
    assert "date_until" in response.context["form"].errors
    response = client.get(reverse("audit:export"), {"date_until": "9999-12-31"})
    assert response.status_code < 500


# --- control characters, NFC, names -----------------------------------------------------------


def test_a_nul_byte_in_the_occupation_search_is_answered(client, alice):
    client.force_login(alice)
    url = reverse("reference:occupation_search")
    response = client.get(url, {"q": "Pfle\x00ge"}, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    assert "Steuerzeichen" in " ".join(response.context["form"].errors["q"])
    response = client.get(url, {"q": "Pfle\x00ge", "target": "id_x"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200


def test_a_nul_byte_in_an_occupation_field_is_answered_at_the_field(client, alice, mentee):
    occupation()
    client.force_login(alice)
    response = client.post(
        reverse("cases:target_add", args=[mentee.public_id]),
        {"occupation": "81302\x00", "priority": "1"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "control characters (U+0000)" in errors_of(response, "occupation")
    assert not TargetOccupation.objects.exists()


def test_the_occupation_picker_refuses_a_superscript_digit(client, alice):
    client.force_login(alice)
    response = client.get(
        reverse("reference:occupation_pick"), {"dkz": "²", "field": "occupation", "target": "x"}
    )
    assert response.status_code == 400


def test_a_nul_byte_in_a_list_filter_is_answered(client, alice):
    client.force_login(alice)
    response = client.get(reverse("cases:list"), {"q": "a\x00", "district": "\x00"})
    assert response.status_code == 200
    assert "q" in response.context["form"].errors


def create_data(project, **overrides):
    return {
        "project": project.pk,
        "entry_date": timezone.localdate().isoformat(),
        "first_name": "Amal",
        "last_name": "Haddad",
        "gender": "f",
        "goal": "job",
        "commute_limit_km": "25",
        **overrides,
    }


def test_a_right_to_left_override_in_a_name_is_refused(client, alice, project_a):
    client.force_login(alice)
    response = client.post(
        reverse("cases:create"),
        create_data(project_a, first_name="Amal\u202egnp.exe"),
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert "Steuerzeichen (U+202E)" in errors_of(response, "first_name")
    assert not Mentee.objects.filter(first_name__startswith="Amal").exists()
    mentee = Mentee(project=project_a, first_name="Amal\u2066x", last_name="Haddad")
    with pytest.raises(ValidationError) as error:
        mentee.full_clean()
    assert "first_name" in error.value.error_dict


def test_minus_one_as_a_name_is_refused_in_german_and_english(client, alice, project_a):
    client.force_login(alice)
    data = create_data(project_a, last_name="-1")
    response = client.post(reverse("cases:create"), data, HTTP_ACCEPT_LANGUAGE="de")
    assert "mindestens einem Buchstaben" in errors_of(response, "last_name")
    response = client.post(reverse("cases:create"), data, HTTP_ACCEPT_LANGUAGE="en")
    assert "at least one letter" in errors_of(response, "last_name")
    assert not Mentee.objects.exists()


def test_a_phone_number_from_the_form_is_stored_in_e164(client, alice, project_a):
    client.force_login(alice)
    data = create_data(project_a, phone="0351 1234567")
    assert client.post(reverse("cases:create"), data).status_code == 302
    assert Mentee.objects.get().phone == "+493511234567"
    response = client.post(
        reverse("cases:create"),
        create_data(project_a, first_name="Samir", phone="morgen ab 10"),
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert "gültige Telefonnummer" in errors_of(response, "phone")


@pytest.mark.parametrize("name", ["-1", "123", "…"])
def test_a_name_without_a_letter_is_refused(mentee, name):
    mentee.last_name = name
    with pytest.raises(ValidationError) as error:
        mentee.full_clean()
    with translation.override("de"):
        assert "mindestens einem Buchstaben" in " ".join(error.value.message_dict["last_name"])


def test_names_are_nfc_without_direction_marks(mentee):
    mentee.first_name = "\u200fJose\u0301"
    mentee.full_clean()
    assert mentee.first_name == "José"


def test_notes_keep_their_line_breaks_but_not_control_characters(client, alice, mentee):
    client.force_login(alice)
    data = {"occurred_at": "2026-11-20T10:30", "kind": "phone", "duration_minutes": "10"}
    response = client.post(add_url(mentee, "contacts"), {**data, "notes": "eins\r\nzwei\tdrei"})
    assert response.status_code == 302
    assert JournalEntry.objects.get().notes == "eins\r\nzwei\tdrei"
    response = client.post(add_url(mentee, "contacts"), {**data, "notes": "eins\x00zwei"})
    assert "notes" in response.context["form"].errors
    assert JournalEntry.objects.count() == 1


# --- phone numbers ----------------------------------------------------------------------------


def test_a_phone_number_is_stored_in_e164_and_shown_in_national_format(mentee):
    mentee.phone = "0351/123 4567"
    mentee.full_clean()
    assert mentee.phone == "+493511234567"
    assert phone(mentee.phone) == "0351 1234567"
    assert phone_uri(mentee.phone) == "tel:+49-351-1234567"
    assert phone("+48221234567") == "+48 22 123 45 67"


@pytest.mark.parametrize("value", ["12.05.2026", "🙂", "<b>1</b>", "1"])
def test_text_in_a_phone_field_is_refused(mentee, value):
    mentee.phone = value
    with pytest.raises(ValidationError) as error:
        mentee.full_clean()
    with translation.override("de"):
        assert "gültige Telefonnummer" in " ".join(error.value.message_dict["phone"])


def test_the_mentee_page_shows_the_national_format(client, alice, mentee):
    Mentee.objects.filter(pk=mentee.pk).update(phone="+493511234567")
    client.force_login(alice)
    html = client.get(reverse("cases:detail", args=[mentee.public_id])).content.decode()
    assert 'href="tel:+49-351-1234567">0351 1234567</a>' in html


def test_the_migration_normalises_stored_numbers_and_leaves_the_rest(client, alice, mentee):
    other = MenteeFactory(project=mentee.project, mentor=alice)
    Mentee.objects.filter(pk=mentee.pk).update(phone="0351 / 123 45-67")
    Mentee.objects.filter(pk=other.pk).update(phone="ruft zurück")
    assert normalise_phones(Mentee) == 1
    assert Mentee.objects.get(pk=mentee.pk).phone == "+493511234567"
    assert Mentee.objects.get(pk=other.pk).phone == "ruft zurück"
    client.force_login(alice)
    response = client.get(reverse("cases:detail", args=[other.public_id]))
    assert response.status_code == 200
    assert "ruft zurück" in response.content.decode()


# --- next -------------------------------------------------------------------------------------


@pytest.mark.parametrize("next_url", ["-1", "ab cd", "https://example.org/", "//example.org"])
def test_task_done_with_a_bad_next_saves_and_goes_to_the_mentee(client, alice, mentee, next_url):
    task = TaskFactory(mentee=mentee)
    client.force_login(alice)
    url = reverse("journal:task_done", args=[mentee.public_id, task.public_id])
    response = client.post(url, {"next": next_url})
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:detail", args=[mentee.public_id])
    task.refresh_from_db()
    assert task.done_at is not None


@pytest.mark.parametrize("next_url", ["-1", "ab cd"])
def test_appointment_status_with_a_bad_next(client, alice, mentee, next_url):
    appointment = AppointmentFactory(mentee=mentee)
    client.force_login(alice)
    url = reverse("journal:appointment_status", args=[mentee.public_id, appointment.public_id])
    response = client.post(url, {"status": "done", "next": next_url})
    # On to the contact form (filled in from the appointment), then back to the mentee page.
    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["next"] == [reverse("cases:detail", args=[mentee.public_id])]
    appointment.refresh_from_db()
    assert appointment.status == "done"
    response = client.post(url, {"status": "cancelled", "next": next_url})
    assert response["Location"] == reverse("cases:detail", args=[mentee.public_id])


@pytest.mark.parametrize("next_url", ["-1", "ab cd"])
def test_propose_from_matching_with_a_bad_next(client, alice, mentee, project_a, next_url):
    ConsentFactory(mentee=mentee, purpose=ConsentPurpose.EMPLOYER_PROPOSAL)  # proposing needs it
    vacancy = job(project_a, title="Pflegehilfskraft")
    client.force_login(alice)
    url = reverse("matching:propose", args=[mentee.public_id, vacancy.public_id])
    response = client.post(url, {"next": next_url})
    application = Application.objects.get(mentee=mentee, vacancy=vacancy)
    page = reverse("cases:detail", args=[mentee.public_id])
    assert response["Location"] == f"{page}#application-{application.public_id}"


def test_a_local_next_is_followed(client, alice, mentee):
    task = TaskFactory(mentee=mentee)
    client.force_login(alice)
    url = reverse("journal:task_done", args=[mentee.public_id, task.public_id])
    response = client.post(url, {"next": "/journal/today/?x=1"})
    assert response["Location"] == "/journal/today/?x=1"


# --- GET parameters ---------------------------------------------------------------------------


@pytest.mark.parametrize("params", [{"page": "²"}, {"page": "-1", "show": "x"}, {"show": "\x00"}])
def test_the_journal_page_ignores_an_invalid_page_or_filter(client, alice, mentee, params):
    client.force_login(alice)
    response = client.get(reverse("journal:timeline", args=[mentee.public_id]), params)
    assert response.status_code == 200
    assert response.context["page"] == 1


@pytest.mark.parametrize("value", ["\x00", "nobody", "-1"])
def test_the_board_says_when_the_mentor_is_not_valid(client, alice, mentee, value):
    client.force_login(alice)
    response = client.get(reverse("placements:board"), {"mentor": value}, follow=True)
    assert response.status_code == 200
    assert response.context["mentor"] == alice
    assert len(list(response.context["messages"])) == 1


@pytest.mark.parametrize("url", ["employers:list", "vacancies:list", "placements:list"])
def test_list_filters_with_a_nul_byte_do_not_fail(client, alice, url):
    client.force_login(alice)
    response = client.get(
        reverse(url), {"q": "\x00", "district": "\x00", "year": "²", "mentor": "\x00"}
    )
    assert response.status_code == 200


def test_a_password_is_checked_as_typed(rf, alice):
    """Passwords are neither normalised nor refused for their characters."""
    from lotse.accounts.forms import LoginForm

    password = "Jose\u0301\u200f\t geheim"
    alice.set_password(password)
    alice.save()
    form = LoginForm(rf.post("/"), data={"username": alice.username, "password": password})
    assert form.is_valid(), form.errors
    form = LoginForm(rf.post("/"), data={"username": alice.username, "password": "José geheim"})
    assert not form.is_valid()


def test_the_edit_form_shows_the_stored_number_in_national_format(client, alice, mentee):
    Mentee.objects.filter(pk=mentee.pk).update(phone="+493511234567")
    client.force_login(alice)
    html = client.get(reverse("cases:edit", args=[mentee.public_id])).content.decode()
    assert 'value="0351 1234567"' in html
    assert 'type="tel"' in html
