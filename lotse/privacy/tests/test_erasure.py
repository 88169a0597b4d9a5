"""Erasure by anonymisation: the figures stay, the person goes."""

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import models
from django.urls import reverse

from lotse.accounts.models import ProjectRole
from lotse.accounts.tests.factories import MembershipFactory, UserFactory
from lotse.audit.models import AuditAction, AuditEvent, AuditSubject
from lotse.audit.services import audit_record, audit_view
from lotse.cases.models import ExitReason, Mentee, MenteeStatus, Participation
from lotse.cases.selectors import mentees_for
from lotse.cases.tests.factories import MenteeFactory, occupation
from lotse.journal.models import JournalEntry
from lotse.placements.models import Placement
from lotse.placements.selectors import placements_for
from lotse.privacy.erasure import erase_mentee, erasers
from lotse.privacy.tests.programme import SECRET, build
from lotse.reporting import published
from lotse.reporting.erasure import coarse_birth_date
from lotse.reporting.models import FundingPeriod

pytestmark = pytest.mark.django_db


def _report_state() -> dict:
    """Everything the reporting code publishes, unsuppressed and suppressed: every period of
    the grid × every project, every district and the total × every count, share, median and
    ESF Plus indicator, plus the activity rows (contacts, services and their minutes)."""
    periods = list(FundingPeriod.objects.order_by("start"))
    projects, districts, esf_ids = published._universe()
    grid = published.grid(periods)
    groups = published._groups(projects, districts)
    raw = published._raw(grid, groups, esf_ids)
    return {
        "values": raw.values,
        "ratios": raw.ratios,
        "published": published.publish(grid, projects, districts, esf_ids),
        "activities": {
            by: sorted(published.activity_rows(None, by), key=repr)
            for by in ("project", "district")
        },
    }


def _trail(programme, alice) -> None:
    """Audit rows that name the mentees: changes, a list page, an export."""
    for mentee in programme.mentees:
        entry = JournalEntry.objects.filter(mentee=mentee).first()
        audit_record(
            actor=alice,
            action=AuditAction.UPDATE,
            obj=entry,
            mentee=mentee,
            changes={"notes": ["a", "b"]},
        )
        audit_record(actor=alice, action=AuditAction.EXPORT, obj=mentee, mentee=mentee)
    audit_view(actor=alice, page="cases:list", shown=programme.mentees)


@pytest.fixture
def programme(alice):
    programme = build(60)
    MembershipFactory(user=alice, project=programme.projects[0], role=ProjectRole.MENTOR)
    _trail(programme, alice)
    return programme


def test_the_report_figures_are_the_same_after_erasing_sixty_placed_mentees(programme, dora):
    before = _report_state()
    # The scenario is not trivial: people in every age band, placed, in ESF projects.
    fp = f"f{FundingPeriod.objects.get(name='ESF Plus 2021–2027').pk}"
    total = {k: v for (p, k, g), v in before["values"].items() if (p, g) == (fp, "total|total")}
    assert total["supported"] == 60
    assert len([k for k, v in total.items() if k.startswith("age_") and v]) >= 4
    assert total["into_job"] + total["into_apprenticeship"] + total["into_training"] > 40
    assert any(k.startswith("esf:") and v for (p, k, g), v in before["values"].items())

    for mentee in programme.mentees:
        assert erase_mentee(actor=dora, mentee=mentee).already is False

    after = _report_state()
    assert after["values"] == before["values"]
    assert after["ratios"] == before["ratios"]
    assert after["published"] == before["published"]
    assert after["activities"] == before["activities"]
    assert Mentee.objects.filter(erased_at__isnull=False).count() == 60


def _text_fields(model: type[models.Model]) -> list[str]:
    return [
        f.name
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField | models.JSONField)
    ]


def _rows_containing(needle: str) -> list[str]:
    found = []
    for model in apps.get_models():
        if not model.__module__.startswith("lotse."):
            continue
        for name in _text_fields(model):
            q = models.Q(**{f"{name}__icontains": needle})
            if model._base_manager.filter(q).exists():
                found.append(f"{model._meta.label}.{name}")
    return found


def test_no_personal_value_is_left_anywhere(programme, dora):
    old_ids = {m.pk: m.public_id for m in programme.mentees}
    births = {m.pk: m.birth_date for m in programme.mentees}
    phones = [m.phone for m in programme.mentees]
    assert _rows_containing(SECRET)  # the search finds what is there

    for mentee in programme.mentees:
        erase_mentee(actor=dora, mentee=mentee)

    assert _rows_containing(SECRET) == []
    assert _rows_containing(phones[5]) == []
    for old in old_ids.values():
        assert not Mentee.objects.filter(public_id=old).exists()
        assert not AuditEvent.objects.filter(mentee_id=old).exists()
        assert not AuditEvent.objects.filter(object_id=str(old)).exists()
        assert not AuditSubject.objects.filter(mentee_id=old).exists()
        assert _rows_containing(str(old)) == []
    coarse = dict(Mentee.objects.values_list("pk", "birth_date"))
    for pk, birth in births.items():
        assert coarse[pk].year == birth.year
    assert sum(coarse[pk] != births[pk] for pk in births) > 40  # the day is gone for most


def test_what_the_figures_need_is_kept_in_coarse_form(programme, dora):
    mentee = programme.mentees[1]
    before = Mentee.objects.get(pk=mentee.pk)
    erase_mentee(actor=dora, mentee=mentee)
    after = Mentee.objects.get(pk=mentee.pk)
    assert (after.gender, after.district_id, after.project_id, after.isced_level) == (
        before.gender,
        before.district_id,
        before.project_id,
        before.isced_level,
    )
    assert after.nationality.region == before.nationality.region
    assert after.nationality.is_eu_eea == before.nationality.is_eu_eea
    assert after.first_name == "" and after.last_name == "–" and after.phone == ""
    assert after.status == MenteeStatus.EXITED and after.mentor_id is None
    assert after.erased_at is not None
    placement = Placement.objects.get(mentee=mentee)
    assert placement.placement_type and placement.start_date and placement.end_reason == ""
    assert placement.application_id is None
    assert mentee.languages.count() == mentee.consents.count() == 0
    assert mentee.external_references.count() == 0
    assert JournalEntry.objects.filter(mentee=mentee, notes="").count() == 3


def test_erasing_twice_changes_nothing_the_second_time(dora):
    mentee = MenteeFactory()
    assert erase_mentee(actor=dora, mentee=mentee).already is False
    state = Mentee.objects.filter(pk=mentee.pk).values()[0]
    rows = AuditEvent.objects.count()
    assert erase_mentee(actor=dora, mentee=mentee).already is True
    assert Mentee.objects.filter(pk=mentee.pk).values()[0] == state
    assert AuditEvent.objects.count() == rows


def test_the_erasure_writes_one_audit_row_without_personal_data(lena, project_a):
    mentee = MenteeFactory(project=project_a, first_name="Amina", last_name="Haddad")
    old = mentee.public_id
    audit_record(actor=lena, action=AuditAction.VIEW, obj=mentee, mentee=mentee)
    erase_mentee(actor=lena, mentee=mentee)
    row = AuditEvent.objects.get(action=AuditAction.DELETE, object_type="cases.mentee")
    assert row.actor == lena and row.reason == "erasure"
    assert row.project_id == project_a.pk
    assert row.mentee_id != old and str(row.mentee_id) == row.object_id
    # The earlier row about the person carries the same pseudonym: the person's trail stays
    # together, and points at nobody.
    earlier = AuditEvent.objects.get(action=AuditAction.VIEW)
    assert earlier.mentee_id == row.mentee_id
    assert not Mentee.objects.filter(public_id=row.mentee_id).exists()
    assert "Amina" not in str(row.changes) + row.object_label + row.reason


def test_only_the_projects_lead_and_the_data_protection_officer_may_erase(
    alice, lena, charlie, cora, project_a, project_b
):
    mentee = MenteeFactory(project=project_a)
    other_lead = UserFactory(username="lars")
    MembershipFactory(user=other_lead, project=project_b, role=ProjectRole.LEAD)
    for user in (alice, charlie, other_lead, cora):
        with pytest.raises(PermissionDenied):
            erase_mentee(actor=user, mentee=mentee)
    assert Mentee.objects.get(pk=mentee.pk).erased_at is None
    erase_mentee(actor=lena, mentee=mentee)
    assert Mentee.objects.get(pk=mentee.pk).erased_at is not None


def test_an_erased_mentee_is_shown_to_nobody(client, alice, lena, project_a):
    mentee = MenteeFactory(project=project_a, mentor=alice, last_name="Haddad")
    Placement.objects.create(
        mentee=mentee,
        project=project_a,
        placement_type="self_employed",
        occupation=occupation(),
        start_date=datetime.date(2025, 3, 1),
        qualification_level=2,
    )
    old = mentee.public_id
    erase_mentee(actor=lena, mentee=mentee)
    assert not mentees_for(alice).exists()
    assert not placements_for(alice).exists()
    client.force_login(alice)
    assert client.get(reverse("cases:detail", args=[old])).status_code == 404
    assert "Haddad" not in client.get(reverse("cases:list")).content.decode()


def test_an_open_stay_ends_on_the_day_of_erasure(lena, project_a):
    mentee = MenteeFactory(project=project_a)
    erase_mentee(actor=lena, mentee=mentee)
    stay = Participation.objects.get(mentee=mentee)
    assert stay.exit_date == datetime.date.today() and stay.exit_reason == ExitReason.OTHER


def test_every_app_with_an_erasure_module_takes_part():
    labels = [label for label, _erase in erasers()]
    assert {"cases", "journal", "placements", "employers", "reporting"} <= set(labels)
    assert "privacy" not in labels


@pytest.mark.parametrize(
    ("birth", "entries"),
    [
        (datetime.date(1990, 5, 17), [datetime.date(2015, 5, 16)]),  # 24 the day before 25
        (datetime.date(1990, 5, 17), [datetime.date(2015, 5, 17)]),  # 25 on the day
        (datetime.date(1996, 2, 29), [datetime.date(2021, 2, 28), datetime.date(2021, 3, 1)]),
        (datetime.date(1999, 3, 1), [datetime.date(2024, 2, 29)]),  # SQLite: 1 March
        (datetime.date(1999, 2, 28), [datetime.date(2024, 2, 29)]),  # PostgreSQL: 28 February
        (datetime.date(1970, 12, 31), [datetime.date(2025, 1, 1)]),
    ],
)
def test_the_coarse_birth_date_keeps_the_year_and_every_age_band(birth, entries):
    from lotse.reporting.erasure import AGE_LIMITS, _bands

    coarse = coarse_birth_date(birth, entries)
    assert coarse.year == birth.year
    assert _bands(coarse, entries) == _bands(birth, entries)
    assert 55 in AGE_LIMITS and 30 in AGE_LIMITS


def test_a_birth_date_far_from_every_limit_becomes_the_first_of_january():
    assert coarse_birth_date(datetime.date(1980, 8, 9), [datetime.date(2022, 3, 3)]) == (
        datetime.date(1980, 1, 1)
    )
    assert coarse_birth_date(None, []) is None


def test_a_legal_hold_stops_erasure_and_its_reason_goes_with_the_record(lena, project_a):
    from django.core.exceptions import ValidationError

    from lotse.privacy.tests.factories import LegalHoldFactory

    mentee = MenteeFactory(project=project_a)
    hold = LegalHoldFactory(mentee=mentee, reason="Klage von Frau Haddad")
    with pytest.raises(ValidationError, match="Aufbewahrungssperre|legal hold"):
        erase_mentee(actor=lena, mentee=mentee)
    hold.lifted_at = hold.set_at
    hold.save()
    erase_mentee(actor=lena, mentee=mentee)
    hold.refresh_from_db()
    assert hold.reason == "–"
