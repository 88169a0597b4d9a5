"""load_demo at a tenth of the real size, on the official reference files."""

import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef
from django.utils import timezone

from lotse.accounts.models import Membership, ProjectRole, User
from lotse.audit.models import AuditEvent
from lotse.cases.models import ConsentPurpose, Mentee, MenteeStatus, Participation
from lotse.cases.selectors import mentee_ids_with_consent
from lotse.demo.catalogues import DEMO_PASSWORD, PROJECTS
from lotse.demo.history import MODEL_PHASE, PHASE_2020, PRESS_2025
from lotse.demo.journal import DAY, STEP_FORGOTTEN
from lotse.demo.organisation import LOGINS
from lotse.employers.models import Employer, Vacancy, VacancyStatus
from lotse.events.models import Attendance, GroupEvent, Invitation
from lotse.journal.models import Appointment, JournalEntry, Task, TaskKind
from lotse.placements.models import Application, ApplicationStageChange, Placement
from lotse.placements.stages import CLOSED_STAGES
from lotse.reporting.figures import Scope, activities, programme_figures
from lotse.reporting.models import EsfRecord


def _reference_dir() -> Path | None:
    directory = getattr(settings, "LOTSE_REFERENCE_DIR", None)
    if directory and (Path(directory) / "geonames" / "DE.txt").is_file():
        return Path(directory)
    return None


pytestmark = pytest.mark.skipif(
    _reference_dir() is None, reason="the official reference files are absent"
)

SCALE = 0.1


def _import_reference() -> None:
    for command in (
        "import_kldb",
        "import_postcodes",
        "import_catalogues",
        "import_residence_rules",
    ):
        call_command(command, stdout=StringIO())


def _counts() -> dict[str, int]:
    return {
        "mentees": Mentee.objects.count(),
        "participations": Participation.objects.count(),
        "contacts": JournalEntry.objects.count(),
        "employers": Employer.objects.count(),
        "vacancies": Vacancy.objects.count(),
        "applications": Application.objects.count(),
        "placements": Placement.objects.count(),
        "group events": GroupEvent.objects.count(),
        "invitations": Invitation.objects.count(),
        "users": User.objects.count(),
    }


@pytest.mark.django_db
def test_it_refuses_to_run_on_a_production_installation(settings):
    settings.DEBUG = False
    settings.TESTING = False
    with pytest.raises(CommandError, match="published password"):
        call_command("load_demo", "--scale", "0.01", stdout=StringIO())
    assert not User.objects.filter(username="admin").exists()


@pytest.mark.django_db
def test_it_refuses_to_run_without_reference_data():
    with pytest.raises(CommandError, match="import_reference"):
        call_command("load_demo", "--scale", "0.01", stdout=StringIO())
    assert not Mentee.objects.exists()
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert "load_demo" in out.getvalue()


@pytest.mark.django_db
def test_load_demo_builds_saxony_with_its_history_and_can_run_twice(client):
    _import_reference()
    out = StringIO()
    call_command("load_demo", "--scale", str(SCALE), stdout=out)
    first = _counts()
    names = list(Mentee.objects.order_by("pk").values_list("first_name", "last_name", "birth_date"))
    connection.check_constraints()  # the bulk inserts left no dangling keys

    # Saxony: 14 projects in the 13 districts, 50 mentors, one lead per project.
    assert len({spec.district for spec in PROJECTS}) == 13
    mentors = Membership.objects.filter(role=ProjectRole.MENTOR)
    assert mentors.count() == 50
    assert Membership.objects.filter(role=ProjectRole.LEAD).count() == 14
    assert set(
        Membership.objects.values("project").annotate(n=Count("id")).values_list("n", flat=True)
    ) <= set(range(2, 9))

    # About 1,300 current mentees at full scale; each with a mentor of their own project.
    current = Mentee.objects.exclude(status=MenteeStatus.EXITED)
    assert 120 <= current.count() <= 140
    mentor_in_project = Membership.objects.filter(
        user=OuterRef("mentor"), project=OuterRef("project"), role=ProjectRole.MENTOR
    )
    assert not current.exclude(Exists(mentor_in_project)).exists()
    assert not current.exclude(participations__exit_date__isnull=True).exists()
    assert not Mentee.objects.filter(
        status=MenteeStatus.EXITED, participations__exit_date__isnull=True
    ).exists()
    # Every mentee lives in a district of their project.
    lives_in_project = Mentee.objects.filter(
        pk=OuterRef("pk"), district__projects=OuterRef("project")
    )
    assert not current.exclude(Exists(lives_in_project)).exists()
    # Most current mentees may be proposed: their consent to pass the profile is in force.
    proposable = mentee_ids_with_consent(
        list(current.values_list("pk", flat=True)), ConsentPurpose.EMPLOYER_PROPOSAL
    )
    assert len(proposable) > 0.6 * current.count()

    # Journals: appointments today for the demo mentors, overdue tasks, recent contacts.
    today = timezone.localdate()
    for username in ("mentorin.chemnitz", "mentor.leipzig"):
        mentor = User.objects.get(username=username)
        assert Appointment.objects.filter(created_by=mentor, starts_at__date=today).exists()
    assert Task.objects.filter(done_at__isnull=True, due_date__lt=today).exists()
    assert JournalEntry.objects.count() > 5 * Mentee.objects.count() / 2

    # Funnels: most applications end without a contract, each closing step with a reason.
    closed = Application.objects.filter(stage__in=CLOSED_STAGES).count()
    assert closed > Placement.objects.filter(application__isnull=False).count()
    assert not ApplicationStageChange.objects.filter(to_stage__in=CLOSED_STAGES, reason="").exists()
    assert Vacancy.objects.filter(status=VacancyStatus.OPEN).count() == 300
    assert 207 <= Employer.objects.count() <= 229  # about 2,180 over the programme's life
    # Apprenticeships start in August or September.
    months = set(
        Placement.objects.filter(placement_type="apprenticeship").values_list(
            "start_date__month", flat=True
        )
    )
    assert months <= {8, 9}

    # The press figures, scaled, through the report's own code path (±5 %).
    expected = [
        (
            MODEL_PHASE,
            {"mentees": 300, "employers": 160, "into_job": 120, "into_apprenticeship": 50},
        ),
        (
            PHASE_2020,
            {"mentees": 530, "employers": 215, "into_job": 250, "into_apprenticeship": 64},
        ),
        (PRESS_2025, {"mentees": 130}),
    ]
    for (start, end), targets in expected:
        figures = programme_figures(start, end)
        for key, target in targets.items():
            assert abs(figures[key] - target) <= 0.05 * target, (start, key, figures[key], target)

    # Group events in every project: held ones with their attendance recorded, upcoming ones
    # with invitations still open; run by the project's mentors, with employers at some.
    assert set(GroupEvent.objects.values_list("project", flat=True)) == set(
        Membership.objects.values_list("project", flat=True)
    )
    past = GroupEvent.objects.filter(date__lt=today)
    assert past.count() == 4 * len(PROJECTS)
    assert GroupEvent.objects.filter(date__gt=today).count() == 2 * len(PROJECTS)
    assert len(set(GroupEvent.objects.values_list("kind", flat=True))) >= 4
    assert not Invitation.objects.filter(event__in=past, attendance=Attendance.OPEN).exists()
    assert set(Invitation.objects.filter(event__in=past).values_list("attendance", flat=True)) == {
        Attendance.ATTENDED,
        Attendance.EXCUSED,
        Attendance.ABSENT,
    }
    assert not Invitation.objects.filter(event__date__gt=today).exclude(attendance="").exists()
    assert not Invitation.objects.exclude(mentee__project=F("event__project")).exists()
    staff_in_project = Membership.objects.filter(
        user=OuterRef("user"), project=OuterRef("groupevent__project"), role=ProjectRole.MENTOR
    )
    assert not GroupEvent.staff.through.objects.exclude(Exists(staff_in_project)).exists()
    assert GroupEvent.employers.through.objects.filter(
        employer__project=F("groupevent__project")
    ).exists()
    assert not GroupEvent.employers.through.objects.exclude(
        employer__project=F("groupevent__project")
    ).exists()
    # The report counts them: held in the last half-year, all of them.
    half_year = Scope(today - datetime.timedelta(days=200), today)
    assert sum(n for n, _minutes in activities(half_year).events.values()) == past.count()

    # ESF Plus indicators in the two projects that record them, only there.
    esf = EsfRecord.objects.values_list("participation__project__name", flat=True).distinct()
    assert set(esf) == {"Arbeitsmarktmentoren Dresden", "Arbeitsmarktmentoren Görlitz"}

    # Demo data is not user activity: no audit rows.
    assert not AuditEvent.objects.exists()

    # The logins work, with the printed password.
    assert DEMO_PASSWORD in out.getvalue()
    for login in LOGINS:
        assert User.objects.get(username=login.username).check_password(DEMO_PASSWORD)
    assert User.objects.get(username="admin").is_superuser

    # The key sequences moved past the keys the loader chose: ordinary inserts still work.
    employer = Employer.objects.create(project=Employer.objects.first().project, name="Neu GmbH")
    assert employer.pk > max(Employer.objects.exclude(pk=employer.pk).values_list("pk", flat=True))
    employer.delete()

    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert "mentorin.chemnitz" in out.getvalue()
    assert "Arbeitsmarktmentoren Leipzig Nord-Ost" in out.getvalue()

    # A second run replaces the data: the same counts, not twice as many.
    call_command("load_demo", "--scale", str(SCALE), stdout=StringIO())
    assert _counts() == first
    # Same seed, same people (the keys are new, the data is the same).
    again = list(Mentee.objects.order_by("pk").values_list("first_name", "last_name", "birth_date"))
    assert again == names
    connection.check_constraints()

    # A real Monday: the morning's scheduled reminders leave each mentor a workable list, not
    # hundreds of steps overdue for years (an open step overdue for weeks was done or dropped).
    call_command("create_reminders", stdout=StringIO())
    reminders = Task.objects.filter(done_at__isnull=True).exclude(kind=TaskKind.MANUAL)
    assert reminders.filter(due_date__lte=today + datetime.timedelta(days=7)).exists()
    assert not reminders.filter(due_date__lt=today - STEP_FORGOTTEN - 4 * DAY).exists()
    assert reminders.count() <= 2 * current.count()
