"""Every page: anonymous → login, another project (charlie) → 404, coordinator (cora) → 404,
the right user → success and the database state, wrong method → 405."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from lotse.audit.models import AuditAction, AuditEvent
from lotse.cases.models import MenteeStatus
from lotse.placements import selectors
from lotse.placements.adequacy import PlacementType
from lotse.placements.models import Application, FollowUp, Placement
from lotse.placements.stages import Stage
from lotse.placements.tests.factories import (
    ApplicationFactory,
    EmployerFactory,
    MenteeFactory,
    PlacementFactory,
    VacancyFactory,
    occupation,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(alice, project_a):
    mentee = MenteeFactory(project=project_a, mentor=alice, first_name="Amal", last_name="Haddad")
    application = ApplicationFactory(mentee=mentee, stage=Stage.INTERVIEW)
    closed = ApplicationFactory(mentee=mentee, stage=Stage.WITHDRAWN)
    placement = PlacementFactory(mentee=mentee)
    followup = FollowUp.objects.create(placement=placement, months=3, due_on=timezone.localdate())
    return {
        "mentee": mentee,
        "application": application,
        "closed": closed,
        "placement": placement,
        "followup": followup,
        "vacancy": application.vacancy,
    }


# (url name, object key for the uuid, url kwarg, methods allowed)
PAGES = [
    ("placements:application", "application", "public_id", {"GET"}),
    ("placements:move", "application", "public_id", {"POST"}),
    ("placements:reopen", "closed", "public_id", {"POST"}),
    ("placements:placement_create", "mentee", "mentee_id", {"GET", "POST"}),
    ("placements:placement", "placement", "public_id", {"GET"}),
    ("placements:placement_edit", "placement", "public_id", {"GET", "POST"}),
    ("placements:placement_override", "placement", "public_id", {"POST"}),
    ("placements:placement_end", "placement", "public_id", {"POST"}),
    ("placements:followup", "followup", "public_id", {"GET", "POST"}),
]


def _url(world, name, key, kwarg):
    return reverse(name, kwargs={kwarg: world[key].public_id})


def _call(client, method, url):
    return client.get(url) if method == "GET" else client.post(url, {})


@pytest.mark.parametrize(("name", "key", "kwarg", "methods"), PAGES)
def test_anonymous_users_go_to_the_login(client, world, name, key, kwarg, methods):
    url = _url(world, name, key, kwarg)
    for method in methods:
        response = _call(client, method, url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(("name", "key", "kwarg", "methods"), PAGES)
@pytest.mark.parametrize("outsider", ["charlie", "cora"])
def test_outsiders_get_404(client, request, world, name, key, kwarg, methods, outsider):
    client.force_login(request.getfixturevalue(outsider))
    url = _url(world, name, key, kwarg)
    for method in methods:
        assert _call(client, method, url).status_code == 404


@pytest.mark.parametrize(("name", "key", "kwarg", "methods"), PAGES)
def test_wrong_methods_get_405(client, alice, world, name, key, kwarg, methods):
    client.force_login(alice)
    url = _url(world, name, key, kwarg)
    for method in {"GET", "POST", "PUT"} - methods:
        response = client.generic(method, url)
        assert response.status_code == 405, method


@pytest.mark.parametrize(("name", "key", "kwarg", "methods"), PAGES)
def test_a_teammate_may_see_every_page(client, bob, world, name, key, kwarg, methods):
    client.force_login(bob)
    if "GET" in methods:
        assert client.get(_url(world, name, key, kwarg)).status_code == 200


def test_board_and_propose_are_404_for_the_coordinator_and_login_for_anonymous(client, cora):
    for name in ("placements:board", "placements:propose"):
        assert client.get(reverse(name)).status_code == 302
    client.force_login(cora)
    for name in ("placements:board", "placements:propose"):
        assert client.get(reverse(name)).status_code == 404
    assert client.post(reverse("placements:board")).status_code == 405


# --- the board -----------------------------------------------------------------------------


def test_the_board_shows_the_mentors_cards_in_their_columns(client, alice, world):
    client.force_login(alice)
    response = client.get(reverse("placements:board"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Amal Haddad" in html
    [interview] = [c for c in response.context["columns"] if c.stage == Stage.INTERVIEW]
    assert interview.applications == [world["application"]]
    # a closed application is not on the board
    assert all(world["closed"] not in c.applications for c in response.context["columns"])


def test_charlie_sees_none_of_project_a_on_his_board(client, charlie, world):
    client.force_login(charlie)
    response = client.get(reverse("placements:board") + "?mentor=all")
    assert response.status_code == 200
    assert "Amal Haddad" not in response.content.decode()


def test_another_mentors_board_is_chosen_by_the_filter(client, alice, bob, world, project_a):
    other = MenteeFactory(project=project_a, mentor=bob, last_name="Bobsmentee")
    ApplicationFactory(mentee=other)
    client.force_login(alice)
    mine = client.get(reverse("placements:board")).content.decode()
    assert "Bobsmentee" not in mine
    bobs = client.get(reverse("placements:board") + f"?mentor={bob.public_id}").content.decode()
    assert "Bobsmentee" in bobs and "Haddad" not in bobs
    everyone = client.get(reverse("placements:board") + "?mentor=all").content.decode()
    assert "Bobsmentee" in everyone and "Haddad" in everyone


def test_a_lead_without_own_mentees_sees_the_whole_project(client, lena, world):
    client.force_login(lena)
    response = client.get(reverse("placements:board"))
    assert response.context["chosen"] == "all"
    assert "Amal Haddad" in response.content.decode()


def _board_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("placements:board") + "?mentor=all").status_code == 200
    return len(queries)


def test_the_board_query_count_does_not_grow_with_the_cards(
    client, alice, project_a, django_assert_max_num_queries
):
    client.force_login(alice)
    for _ in range(3):
        ApplicationFactory(mentee=MenteeFactory(project=project_a, mentor=alice))
    few = _board_queries(client)
    for stage in list(Stage)[:7] * 3:
        ApplicationFactory(mentee=MenteeFactory(project=project_a, mentor=alice), stage=stage)
    many = _board_queries(client)
    assert few == many
    with django_assert_max_num_queries(9):  # 7, and the view audit row with the people shown
        client.get(reverse("placements:board"))


def _fill_column(project, mentor, stage, count):
    today = timezone.localdate()
    return [
        ApplicationFactory(
            mentee=MenteeFactory(project=project, mentor=mentor, last_name=f"Card{i:03}"),
            stage=stage,
            stage_date=today - datetime.timedelta(days=count - i),
        )
        for i in range(count)
    ]


def test_a_long_column_shows_its_first_cards_and_pages_alone(
    client, alice, project_a, django_assert_max_num_queries
):
    size = selectors.BOARD_COLUMN_SIZE
    cards = _fill_column(project_a, alice, Stage.APPLIED, size + 5)
    ApplicationFactory(mentee=MenteeFactory(project=project_a, mentor=alice), stage=Stage.OFFER)
    client.force_login(alice)
    response = client.get(reverse("placements:board"))
    [applied] = [c for c in response.context["columns"] if c.stage == Stage.APPLIED]
    assert applied.applications == cards[:size] and applied.total == size + 5 and applied.more
    [offer] = [c for c in response.context["columns"] if c.stage == Stage.OFFER]
    assert offer.total == 1 and not offer.more
    html = response.content.decode()
    assert "Card000" in html and f"Card{size:03}" not in html
    assert f"?mentor={alice.public_id}&amp;stage=applied" in html
    assert response.context["total"] == size + 6
    # the column alone, page by page (the placement list's page size)
    url = reverse("placements:board")
    with django_assert_max_num_queries(11):
        response = client.get(url, {"mentor": alice.public_id, "stage": "applied"})
    [column] = response.context["columns"]
    assert column.stage == Stage.APPLIED and column.applications == cards
    assert "Zurück zur ganzen Übersicht" in response.content.decode()
    response = client.get(url, {"mentor": "all", "stage": "applied", "page": "9"})
    assert response.context["page"].number == 1  # past the end: the last page
    response = client.get(url, {"stage": "no-such-stage"})
    assert len(response.context["columns"]) > 1  # an unknown stage: the whole board


def test_the_column_pages_are_scoped_like_the_board(client, charlie, alice, project_a):
    _fill_column(project_a, alice, Stage.APPLIED, 3)
    client.force_login(charlie)
    response = client.get(reverse("placements:board"), {"mentor": "all", "stage": "applied"})
    assert response.status_code == 200
    assert response.context["columns"][0].applications == []
    assert "Card000" not in response.content.decode()


def test_the_paged_column_query_count_does_not_grow_with_the_cards(client, alice, project_a):
    client.force_login(alice)
    _fill_column(project_a, alice, Stage.APPLIED, 3)
    url = reverse("placements:board") + "?mentor=all&stage=applied"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _fill_column(project_a, alice, Stage.APPLIED, 60)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(few) == len(many)
    assert any("LIMIT 50" in q["sql"] for q in many.captured_queries)


def test_a_card_button_moves_the_application_and_returns_to_the_board(client, alice, world):
    client.force_login(alice)
    application = world["application"]
    today = timezone.localdate()
    response = client.post(
        reverse("placements:move", kwargs={"public_id": application.public_id}),
        {"to_stage": "offer", "on_date": today.isoformat(), "return_to": "board", "mentor": ""},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("placements:board")
    application.refresh_from_db()
    assert (application.stage, application.stage_date) == ("offer", today)
    assert application.history.last().actor == alice


def test_a_drop_on_the_board_moves_by_htmx(client, alice, world):
    client.force_login(alice)
    application = world["application"]
    response = client.post(
        reverse("placements:move", kwargs={"public_id": application.public_id}),
        {"to_stage": "trial", "on_date": timezone.localdate().isoformat(), "return_to": "board"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("placements:board")
    application.refresh_from_db()
    assert application.stage == "trial"


def test_a_forbidden_drop_refreshes_with_the_message_and_changes_nothing(client, alice, world):
    client.force_login(alice)
    application = world["application"]
    response = client.post(
        reverse("placements:move", kwargs={"public_id": application.public_id}),
        {"to_stage": "proposed", "on_date": timezone.localdate().isoformat()},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 204
    assert response["HX-Refresh"] == "true"
    application.refresh_from_db()
    assert application.stage == "interview"


# --- the application page ------------------------------------------------------------------


def test_the_application_page_shows_the_history_and_writes_a_view_audit_row(client, alice, world):
    client.force_login(alice)
    application = world["application"]
    response = client.get(
        reverse("placements:application", kwargs={"public_id": application.public_id})
    )
    assert response.status_code == 200
    assert response.context["history"] == list(application.history.all())
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW,
        object_id=str(application.public_id),
        mentee_id=world["mentee"].public_id,
        actor=alice,
    ).exists()


def test_a_forbidden_move_is_shown_at_the_stage_field(client, alice, world):
    client.force_login(alice)
    application = world["application"]
    response = client.post(
        reverse("placements:move", kwargs={"public_id": application.public_id}),
        {"to_stage": "applied", "on_date": timezone.localdate().isoformat(), "reason": "x"},
    )
    assert response.status_code == 200
    errors = response.context["move_form"].errors
    assert "to_stage" in errors
    assert "cannot move" in errors["to_stage"][0] or "kann nicht" in errors["to_stage"][0]
    assert 'aria-invalid="true"' in response.content.decode()
    application.refresh_from_db()
    assert application.stage == "interview"


def test_closing_without_reason_is_shown_at_the_reason_and_keeps_the_input(client, alice, world):
    client.force_login(alice)
    application = world["application"]
    response = client.post(
        reverse("placements:move", kwargs={"public_id": application.public_id}),
        {"to_stage": "rejected", "on_date": timezone.localdate().isoformat(), "reason": ""},
    )
    assert response.status_code == 200
    form = response.context["move_form"]
    assert "reason" in form.errors
    assert form["to_stage"].value() == "rejected"
    application.refresh_from_db()
    assert application.stage == "interview"


def test_reaching_started_leads_to_the_placement_page(client, alice, world):
    client.force_login(alice)
    application = world["application"]
    application.stage = Stage.CONTRACT
    application.save()
    response = client.post(
        reverse("placements:move", kwargs={"public_id": application.public_id}),
        {
            "to_stage": "started",
            "on_date": timezone.localdate().isoformat(),
            "hours_per_week": "20",
        },
    )
    placement = Placement.objects.get(application=application)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "placements:placement", kwargs={"public_id": placement.public_id}
    )
    assert placement.hours_per_week == 20
    assert placement.placement_type == PlacementType.INSURED_PART_TIME
    world["mentee"].refresh_from_db()
    assert world["mentee"].status == MenteeStatus.PLACED


def test_reopen_from_the_page(client, alice, world):
    client.force_login(alice)
    closed = world["closed"]
    url = reverse("placements:reopen", kwargs={"public_id": closed.public_id})
    response = client.post(url, {"on_date": timezone.localdate().isoformat(), "reason": ""})
    assert response.status_code == 200
    assert "reason" in response.context["reopen_form"].errors
    response = client.post(url, {"on_date": timezone.localdate().isoformat(), "reason": "Rückruf"})
    assert response.status_code == 302
    closed.refresh_from_db()
    assert closed.stage == Stage.PROPOSED


# --- proposing -----------------------------------------------------------------------------


def test_propose_from_the_vacancy_and_then_again_is_refused_at_the_vacancy(
    client, alice, project_a
):
    mentee = MenteeFactory(project=project_a, mentor=alice)
    vacancy = VacancyFactory(employer__project=project_a)
    client.force_login(alice)
    page = client.get(reverse("placements:propose") + f"?vacancy={vacancy.public_id}")
    assert page.status_code == 200
    assert page.context["form"]["vacancy"].value() == str(vacancy.public_id)
    data = {"mentee": mentee.public_id, "vacancy": vacancy.public_id, "note": "passt gut"}
    response = client.post(reverse("placements:propose"), data)
    application = Application.objects.get(mentee=mentee, vacancy=vacancy)
    assert response["Location"] == reverse(
        "placements:application", kwargs={"public_id": application.public_id}
    )
    again = client.post(reverse("placements:propose"), data)
    assert again.status_code == 200
    assert "vacancy" in again.context["form"].errors
    assert Application.objects.count() == 1


def test_charlie_cannot_propose_a_mentee_of_project_a(client, charlie, alice, project_a, project_b):
    mentee = MenteeFactory(project=project_a, mentor=alice)
    vacancy = VacancyFactory(employer__project=project_b)
    client.force_login(charlie)
    response = client.post(
        reverse("placements:propose"), {"mentee": mentee.public_id, "vacancy": vacancy.public_id}
    )
    assert response.status_code == 200
    assert "mentee" in response.context["form"].errors
    assert not Application.objects.exists()


# --- placements ----------------------------------------------------------------------------


def test_record_a_placement_found_alone(client, alice, world, project_a):
    employer = EmployerFactory(project=project_a)
    client.force_login(alice)
    url = reverse("placements:placement_create", kwargs={"mentee_id": world["mentee"].public_id})
    response = client.post(
        url,
        {
            "placement_type": PlacementType.MINI_JOB,
            "employer": employer.pk,
            "occupation": occupation("81302").pk,
            "start_date": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
            "hours_per_week": "10",
        },
    )
    placement = Placement.objects.get(employer=employer)
    assert response.status_code == 302
    assert placement.adequacy_computed is None
    assert placement.followups.count() == 3


def test_a_placement_in_the_future_is_refused_at_the_start_date(client, alice, world, project_a):
    employer = EmployerFactory(project=project_a)
    client.force_login(alice)
    url = reverse("placements:placement_create", kwargs={"mentee_id": world["mentee"].public_id})
    response = client.post(
        url,
        {
            "placement_type": PlacementType.INSURED_FULL_TIME,
            "employer": employer.pk,
            "occupation": occupation("81302").pk,
            "start_date": (timezone.localdate() + datetime.timedelta(days=5)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "start_date" in response.context["form"].errors
    assert not Placement.objects.filter(employer=employer).exists()


def test_the_placement_page_shows_the_adequacy_reason_and_audits_the_view(client, alice, world):
    client.force_login(alice)
    placement = world["placement"]
    response = client.get(
        reverse("placements:placement", kwargs={"public_id": placement.public_id}),
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 200
    with translation.override("en"):
        reason = escape(placement.adequacy_reason)
    assert reason in response.content.decode()
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, object_id=str(placement.public_id), actor=alice
    ).exists()


def test_correct_a_placement(client, alice, world):
    client.force_login(alice)
    placement = world["placement"]
    url = reverse("placements:placement_edit", kwargs={"public_id": placement.public_id})
    response = client.post(
        url,
        {
            "placement_type": PlacementType.INSURED_PART_TIME,
            "employer": placement.employer.pk,
            "occupation": placement.occupation.pk,
            "start_date": placement.start_date.isoformat(),
            "hours_per_week": "30",
            "version": str(placement.version),
        },
    )
    assert response.status_code == 302
    placement.refresh_from_db()
    assert (placement.placement_type, placement.hours_per_week) == ("insured_part", 30)


@pytest.mark.parametrize("version", [None, "", "7", "x"])
def test_a_placement_edit_without_the_opened_version_is_refused(client, alice, world, version):
    """Regression: placement edits had no stale check."""
    client.force_login(alice)
    placement = world["placement"]
    url = reverse("placements:placement_edit", kwargs={"public_id": placement.public_id})
    data = {
        "placement_type": PlacementType.INSURED_PART_TIME,
        "employer": placement.employer.pk,
        "occupation": placement.occupation.pk,
        "start_date": placement.start_date.isoformat(),
        "hours_per_week": "30",
    }
    if version is not None:
        data["version"] = version
    response = client.post(url, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert [e.code for e in form.errors.as_data()["__all__"]] == ["stale"]
    assert form["hours_per_week"].value() == "30"
    assert form["version"].value() == str(placement.version)
    placement.refresh_from_db()
    assert placement.hours_per_week != 30


def test_override_the_adequacy(client, alice, world):
    client.force_login(alice)
    placement = world["placement"]
    url = reverse("placements:placement_override", kwargs={"public_id": placement.public_id})
    response = client.post(url, {"adequate": "no", "reason": ""})
    assert response.status_code == 200
    assert "reason" in response.context["override_form"].errors
    response = client.post(url, {"adequate": "no", "reason": "nur Hilfstätigkeiten"})
    assert response.status_code == 302
    placement.refresh_from_db()
    assert (placement.adequacy_computed, placement.adequacy_override) == (True, False)


def test_end_the_placement(client, alice, world):
    client.force_login(alice)
    placement = world["placement"]
    url = reverse("placements:placement_end", kwargs={"public_id": placement.public_id})
    response = client.post(url, {"end_date": timezone.localdate().isoformat(), "end_reason": ""})
    assert response.status_code == 200
    assert "end_reason" in response.context["end_form"].errors
    response = client.post(
        url, {"end_date": timezone.localdate().isoformat(), "end_reason": "Probezeit"}
    )
    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.end_date == timezone.localdate()


def test_answer_a_followup(client, alice, world):
    client.force_login(alice)
    followup = world["followup"]
    url = reverse("placements:followup", kwargs={"public_id": followup.public_id})
    response = client.post(url, {"answered_on": timezone.localdate().isoformat()})
    assert response.status_code == 200
    assert "still_employed" in response.context["form"].errors
    data = {"answered_on": timezone.localdate().isoformat(), "still_employed": "no"}
    response = client.post(url, data)  # regression: follow-ups had no stale check
    assert [e.code for e in response.context["form"].errors.as_data()["__all__"]] == ["stale"]
    followup.refresh_from_db()
    assert followup.still_employed != "no"
    response = client.post(url, {**data, "version": str(followup.version)})
    assert response.status_code == 302
    followup.refresh_from_db()
    assert followup.still_employed == "no"


def test_views_read_only_through_the_scoped_selectors():
    """No ``Model.objects`` and no ``get_object_or_404(Model, …)`` in the views: every read of
    personal data goes through ``placements.selectors`` with the acting user."""
    import inspect

    from lotse.placements import views

    source = inspect.getsource(views)
    assert ".objects." not in source
    assert "get_object_or_404" not in source


# --- the placement list --------------------------------------------------------------------


def test_the_placement_list_is_for_project_members_only(client, cora, alice):
    url = reverse("placements:list")
    assert client.get(url).status_code == 302
    client.force_login(cora)
    assert client.get(url).status_code == 404
    client.force_login(alice)
    assert client.post(url).status_code == 405


def test_the_placement_list_is_scoped_and_filtered(client, alice, charlie, project_a, project_b):
    adequate = PlacementFactory(mentee=MenteeFactory(project=project_a, last_name="Passend"))
    overridden = PlacementFactory(
        mentee=MenteeFactory(project=project_a, last_name="Umbewertet"),
        adequacy_override=False,
        adequacy_override_reason="Hilfstätigkeit",
    )
    mini = PlacementFactory(
        mentee=MenteeFactory(project=project_a, last_name="Minijob"),
        placement_type=PlacementType.MINI_JOB,
        adequacy_computed=None,
    )
    PlacementFactory(mentee=MenteeFactory(project=project_b, last_name="Fremd"))
    url = reverse("placements:list")
    client.force_login(alice)

    def names(query=""):
        response = client.get(url + query)
        assert response.status_code == 200
        return {p.mentee.last_name for p in response.context["placements"]}

    assert names() == {"Passend", "Umbewertet", "Minijob"}
    assert names("?adequacy=yes") == {"Passend"}
    assert names("?adequacy=no") == {"Umbewertet"}
    assert names("?adequacy=not_judged") == {"Minijob"}
    assert names(f"?placement_type={PlacementType.MINI_JOB}") == {"Minijob"}
    assert names("?running=ended") == set()
    response = client.get(url + "?year=abc")
    assert "year" in response.context["form"].errors
    assert {adequate, overridden, mini} == set(
        client.get(url + "?year=abc").context["placements"]
    )  # a bad filter shows everything and the message, nothing is lost
    client.force_login(charlie)
    assert names() == {"Fremd"}


def test_the_placement_list_query_count_does_not_grow(client, alice, project_a):
    client.force_login(alice)
    url = reverse("placements:list")
    PlacementFactory(mentee=MenteeFactory(project=project_a))
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(12):
        PlacementFactory(mentee=MenteeFactory(project=project_a))
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(few) == len(many) <= 9  # 7, and the view audit row with the people shown


def test_the_next_stage_is_one_click_on_the_mentee_page_and_returns_there(client, alice, world):
    client.force_login(alice)
    mentee, application = world["mentee"], world["application"]
    page = client.get(reverse("cases:detail", kwargs={"public_id": mentee.public_id}))
    form_action = reverse("placements:move", kwargs={"public_id": application.public_id})
    assert f'action="{form_action}"' in page.content.decode()
    response = client.post(
        form_action,
        {"to_stage": "offer", "on_date": timezone.localdate().isoformat(), "return_to": "mentee"},
    )
    assert response.status_code == 302
    assert response["Location"] == (
        reverse("cases:detail", kwargs={"public_id": mentee.public_id}) + "#applications"
    )
    application.refresh_from_db()
    assert application.stage == "offer"


def test_an_interview_entered_ahead_shows_as_planned_and_an_offer_ahead_is_refused(
    client, alice, world
):
    client.force_login(alice)
    application = ApplicationFactory(mentee=world["mentee"], stage=Stage.APPLIED)
    url = reverse("placements:move", kwargs={"public_id": application.public_id})
    planned = timezone.localdate() + datetime.timedelta(days=6)
    client.post(url, {"to_stage": "interview", "on_date": planned.isoformat()})
    application.refresh_from_db()
    assert (application.stage, application.stage_date) == ("interview", planned)
    board = client.get(reverse("placements:board")).content.decode()
    assert f"geplant für {planned:%d.%m.%Y}" in board

    response = client.post(url, {"to_stage": "offer", "on_date": planned.isoformat()})
    assert response.status_code == 200
    errors = response.context["move_form"].errors["on_date"]
    assert "Nur ein Vorstellungsgespräch" in " ".join(errors)
    application.refresh_from_db()
    assert application.stage == "interview"


def test_ending_a_placement_is_folded_away_without_a_prefilled_date(client, alice, world):
    client.force_login(alice)
    placement = world["placement"]
    page = client.get(reverse("placements:placement", kwargs={"public_id": placement.public_id}))
    html = page.content.decode()
    folded = html[html.index('<details class="deliberate"') :]
    assert folded.startswith('<details class="deliberate">')  # closed
    assert 'name="end_date"' in folded and 'name="end_date" value=' not in folded
    response = client.post(
        reverse("placements:placement_end", kwargs={"public_id": placement.public_id}),
        {"end_date": "", "end_reason": ""},
    )
    assert '<details class="deliberate" open>' in response.content.decode()


def test_a_contract_signed_with_its_planned_start_shows_it_on_the_board(client, alice, world):
    client.force_login(alice)
    application = ApplicationFactory(mentee=world["mentee"], stage=Stage.OFFER)
    page = client.get(
        reverse("placements:application", kwargs={"public_id": application.public_id})
    )
    assert 'name="planned_start"' in page.content.decode()
    url = reverse("placements:move", kwargs={"public_id": application.public_id})
    start = timezone.localdate() + datetime.timedelta(days=20)
    response = client.post(
        url,
        {
            "to_stage": "contract",
            "on_date": timezone.localdate().isoformat(),
            "planned_start": start.isoformat(),
        },
    )
    assert response.status_code == 302
    board = client.get(reverse("placements:board")).content.decode()
    assert f"Start geplant für {start:%d.%m.%Y}" in board
    # Year 1 and garbage at the field, nothing changed.
    application = ApplicationFactory(mentee=world["mentee"], stage=Stage.OFFER)
    url = reverse("placements:move", kwargs={"public_id": application.public_id})
    for bad in ("0001-01-01", "morgen\x00"):
        response = client.post(
            url,
            {
                "to_stage": "contract",
                "on_date": timezone.localdate().isoformat(),
                "planned_start": bad,
            },
        )
        assert response.status_code == 200
        assert "planned_start" in response.context["move_form"].errors
    application.refresh_from_db()
    assert application.stage == "offer"
