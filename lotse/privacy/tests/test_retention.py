"""Retention: the rules, legal holds, the dry run, the command and its interruption."""

import datetime
import io

import pytest
from django.core.management import call_command

from lotse.audit.models import AuditEvent
from lotse.cases.models import Mentee, Participation
from lotse.cases.tests.factories import MenteeFactory
from lotse.journal.models import JournalEntry
from lotse.journal.tests.factories import JournalEntryFactory
from lotse.lib.stopping import Stopped
from lotse.ops.schedule import get_job
from lotse.privacy import retention
from lotse.privacy.retention import CASE_FILE, FREE_TEXT, due, retention_apply
from lotse.privacy.tests.factories import LegalHoldFactory
from lotse.reporting.models import FundingPeriod

pytestmark = pytest.mark.django_db

D = datetime.date


def _left(exit_on: D, *, notes: str = "Hat Panikattacken") -> Mentee:
    mentee = MenteeFactory(participation=False, notes=notes)
    Participation.objects.create(
        mentee=mentee,
        project=mentee.project,
        entry_date=exit_on - datetime.timedelta(days=200),
        exit_date=exit_on,
    )
    return mentee


def _keys(today: D) -> dict[int, str]:
    return {item.mentee_pk: item.rule.key for item in due(today)}


def test_a_case_file_is_due_after_five_years_from_the_end_of_its_funding_period():
    # The seeded "Modellphase 2016–2019" ends on 31 December 2019.
    mentee = _left(D(2019, 6, 30))
    assert _keys(D(2024, 12, 31))[mentee.pk] == FREE_TEXT
    assert _keys(D(2025, 1, 1))[mentee.pk] == CASE_FILE


def test_a_stay_outside_every_funding_period_counts_from_its_own_year():
    FundingPeriod.objects.all().delete()
    mentee = _left(D(2023, 3, 1), notes="")
    assert mentee.pk not in _keys(D(2028, 12, 31))
    assert _keys(D(2029, 1, 1))[mentee.pk] == CASE_FILE


def test_free_text_is_due_twelve_months_after_the_last_stay_and_only_when_there_is_some():
    with_notes = _left(D(2024, 3, 10))
    without = _left(D(2024, 3, 10), notes="")
    journal = _left(D(2024, 3, 10), notes="")
    JournalEntryFactory(mentee=journal, notes="Therapie bei Dr. K.")
    assert with_notes.pk not in _keys(D(2025, 3, 9))
    keys = _keys(D(2025, 3, 10))
    assert keys[with_notes.pk] == keys[journal.pk] == FREE_TEXT
    assert without.pk not in keys


def test_a_mentee_with_an_open_stay_is_never_due():
    mentee = MenteeFactory(notes="x")  # open participation
    assert mentee.pk not in _keys(D(2060, 1, 1))


def test_a_legal_hold_stops_retention_until_lifted_or_ended():
    mentee = _left(D(2019, 6, 30))
    hold = LegalHoldFactory(mentee=mentee, until=D(2030, 1, 1))
    today = D(2025, 1, 2)
    [item] = [i for i in due(today) if i.mentee_pk == mentee.pk]
    assert item.held
    assert retention_apply(today=today)["held"] == 1
    assert Mentee.objects.get(pk=mentee.pk).erased_at is None
    assert not [i for i in due(D(2030, 1, 2)) if i.mentee_pk == mentee.pk][0].held
    hold.lifted_at = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    hold.save()
    assert retention_apply(today=today)[CASE_FILE] == 1
    assert Mentee.objects.get(pk=mentee.pk).erased_at is not None


def test_the_dry_run_changes_nothing_and_the_run_does_it_once():
    files = [_left(D(2019, 6, 30)) for _ in range(2)]
    text = _left(D(2024, 1, 3))
    JournalEntryFactory(mentee=text, notes="Therapie")
    out = io.StringIO()
    call_command("apply_retention", "--dry-run", "--date", "2025-01-05", stdout=out)
    assert "3 due, 0 on legal hold" in out.getvalue()
    assert str(files[0].public_id) in out.getvalue()
    assert not Mentee.objects.filter(erased_at__isnull=False).exists()
    assert Mentee.objects.get(pk=text.pk).notes

    out = io.StringIO()
    call_command("apply_retention", "--date", "2025-01-05", stdout=out)
    assert "Anonymised 2 case files, removed the free text of 1 mentees" in out.getvalue()
    assert "3/3 done" in out.getvalue()
    assert Mentee.objects.filter(erased_at__isnull=False).count() == 2
    text.refresh_from_db()
    assert text.notes == "" and text.erased_at is None and text.last_name != "–"
    assert JournalEntry.objects.get(mentee=text).notes == ""
    assert AuditEvent.objects.filter(reason="retention").count() == 3

    rows = AuditEvent.objects.count()
    out = io.StringIO()
    call_command("apply_retention", "--date", "2025-01-05", stdout=out)
    assert "Anonymised 0 case files, removed the free text of 0 mentees" in out.getvalue()
    assert AuditEvent.objects.count() == rows


def test_an_interrupted_run_keeps_what_it_did_and_the_next_finishes():
    mentees = [_left(D(2019, 6, 30)) for _ in range(3)]
    asked = []

    def stop_after_one() -> bool:
        asked.append(1)
        return len(asked) > 1

    with pytest.raises(Stopped) as stopped:
        retention_apply(today=D(2025, 1, 5), should_stop=stop_after_one)
    assert stopped.value.args[0][CASE_FILE] == 1
    assert Mentee.objects.filter(erased_at__isnull=False).count() == 1
    assert retention_apply(today=D(2025, 1, 5))[CASE_FILE] == 2
    assert all(Mentee.objects.get(pk=m.pk).erased_at for m in mentees)


def test_the_command_refuses_a_bad_date():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("apply_retention", "--date", "gestern")


def test_retention_runs_daily_as_a_job():
    job = get_job("apply_retention")
    assert job.function == "lotse.ops.jobs.apply_retention" and job.cron == "30 3 * * *"
    from lotse.ops.jobs import apply_retention

    assert apply_retention(should_stop=lambda: False) == {CASE_FILE: 0, FREE_TEXT: 0, "held": 0}


def test_every_rule_has_its_reason():
    assert {r.key for r in retention.RULES} >= {CASE_FILE, FREE_TEXT}
    assert all(str(r.reason) and str(r.kept) and str(r.records) for r in retention.RULES)


def test_a_hold_still_active_today_is_respected_by_a_run_for_a_later_date():
    mentee = _left(D(2019, 6, 30))
    LegalHoldFactory(mentee=mentee, until=datetime.date.today() + datetime.timedelta(days=10))
    later = datetime.date.today() + datetime.timedelta(days=400)
    assert not [i for i in due(later) if i.mentee_pk == mentee.pk][0].held
    counts = retention_apply(today=later)
    assert counts[CASE_FILE] == 0 and counts["held"] == 1
    assert Mentee.objects.get(pk=mentee.pk).erased_at is None
