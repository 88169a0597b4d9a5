"""What the trail keeps of a change (names always, values only where not personal), the
scrubbing of old rows, the pseudonymisation that erasure uses and, on PostgreSQL, the trigger."""

import datetime
import json
import uuid

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from lotse.audit import services
from lotse.audit.models import AuditAction, AuditEvent, AuditSubject
from lotse.audit.tests.factories import AuditEventFactory
from lotse.cases.models import Mentee, MenteeStatus, Participation
from lotse.cases.tests.factories import MenteeFactory
from lotse.journal.tests.factories import JournalEntryFactory

NOTE = "Hat Panikattacken, in Therapie bei Dr. K."
PHONE = "+49 171 2345678"

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only"
)


def _stored(event: AuditEvent) -> str:
    return json.dumps(
        [event.object_label, event.changes, event.reason, event.object_id], ensure_ascii=False
    )


# --- the rule --------------------------------------------------------------------------------


def test_personal_values_are_recorded_as_changed_never_copied(alice, bob, project_a):
    mentee = MenteeFactory(project=project_a, mentor=alice, phone="0371 111", notes="")
    names = ["notes", "phone", "last_name", "birth_date", "status", "mentor", "has_car", "email"]
    before = {name: getattr(mentee, name) for name in names}
    mentee.notes, mentee.phone, mentee.last_name = NOTE, PHONE, "Haddad-Nasser"
    mentee.birth_date = datetime.date(1991, 2, 3)
    mentee.email = "amal@example.org"
    mentee.status, mentee.mentor, mentee.has_car = MenteeStatus.PLACED, bob, True

    changes = services.diff_fields(before, mentee, names)

    for name in ("notes", "phone", "last_name", "birth_date", "email"):
        assert changes[name] == ["…", "…"], name
    assert changes["status"] == ["active", "placed"]  # a choice
    assert changes["has_car"] == [False, True]  # a boolean
    assert changes["mentor"] == [str(alice.public_id), str(bob.public_id)]  # by public id
    text = json.dumps(changes, ensure_ascii=False)
    assert NOTE not in text and PHONE not in text and "1991" not in text


def test_process_dates_and_choices_are_kept(alice, project_a):
    mentee = MenteeFactory(project=project_a, mentor=alice)
    participation = Participation.objects.get(mentee=mentee)
    before = {"exit_date": None, "exit_reason": ""}
    participation.exit_date, participation.exit_reason = datetime.date(2026, 6, 30), "job"
    changes = services.diff_fields(before, participation, ["exit_date", "exit_reason"])
    assert changes == {"exit_date": [None, "2026-06-30"], "exit_reason": ["", "job"]}


def test_audit_record_scrubs_what_a_caller_passes_by_hand(alice, project_a):
    entry = JournalEntryFactory(mentee__project=project_a, mentee__mentor=alice, notes=NOTE)
    event = services.audit_record(
        actor=alice,
        action=AuditAction.UPDATE,
        obj=entry,
        mentee=entry.mentee,
        changes={
            "notes": ["", NOTE],  # a field: its rule
            "duration_minutes": [15, 20],  # a number of a person's record: name only
            "kind": ["in_person", "phone"],  # a choice
            "remark": PHONE,  # not a field: a machine value or nothing
            "source": "residence:expiry",
        },
        reason="Weil sie es mir am Telefon gesagt hat",
    )
    assert event.object_label == ""
    assert event.object_id == str(entry.public_id)
    assert event.mentee_id == entry.mentee.public_id
    assert event.changes == {
        "notes": ["…", "…"],
        "duration_minutes": ["…", "…"],
        "kind": ["in_person", "phone"],
        "remark": "…",
        "source": "residence:expiry",
    }
    assert event.reason == "…"
    assert NOTE not in _stored(event) and entry.mentee.last_name not in _stored(event)


def test_a_reason_code_is_kept(alice, project_a):
    mentee = MenteeFactory(project=project_a)
    event = services.audit_record(
        actor=alice, action=AuditAction.VIEW, obj=mentee, mentee=mentee, reason="journal"
    )
    assert event.reason == "journal"


def test_values_of_an_organisations_record_are_kept(alice, project_a):
    from lotse.employers.tests.factories import VacancyFactory

    vacancy = VacancyFactory(employer__project=project_a, title="Koch/Köchin")
    before = {"title": vacancy.title, "hours_per_week": 39}
    vacancy.title, vacancy.hours_per_week = "Jungkoch", 30
    assert services.diff_fields(before, vacancy, ["title", "hours_per_week"]) == {
        "title": ["Koch/Köchin", "Jungkoch"],
        "hours_per_week": [39, 30],
    }


def test_a_view_row_lists_people_by_id_and_finds_each_of_them(client, alice, dora, project_a):
    people = MenteeFactory.create_batch(3, project=project_a)
    event = services.audit_view(actor=alice, page="cases:list", shown=people)
    assert event.mentee_id is None
    assert event.project_id == project_a.pk
    assert event.changes == {"page": "cases:list", "shown": [str(p.public_id) for p in people]}
    client.force_login(dora)
    response = client.get("/audit/", {"mentee": str(people[1].public_id)})
    assert event in response.context["page"].object_list


# --- the old rows ----------------------------------------------------------------------------


def test_the_migration_scrubs_personal_values_from_old_rows(alice, project_a):
    mentee = MenteeFactory(project=project_a, mentor=alice)
    old = AuditEventFactory(
        actor=alice,
        action=AuditAction.UPDATE,
        object_type="cases.mentee",
        object_id=str(mentee.public_id),
        object_label=mentee.full_name,
        mentee_id=mentee.public_id,
        changes={
            "phone": ["", PHONE],
            "notes": ["…", "…"],
            "status": ["active", "placed"],
            "mentor": [None, str(alice.pk)],
        },
        reason="reopened because she called",
    )
    trail = AuditEventFactory(object_type="audit.auditevent", object_label="audit trail")
    migration = __import__(
        "lotse.audit.migrations.0003_scrub_and_append_only_trigger", fromlist=["scrub"]
    )
    state = MigrationExecutor(connection).loader.project_state(
        ("audit", "0003_scrub_and_append_only_trigger")
    )
    services._allow_pseudonymise(True)  # the test database has the trigger already
    migration.scrub(state.apps, None)
    services._allow_pseudonymise(False)

    old = AuditEvent.objects.get(pk=old.pk)
    assert old.object_label == ""
    assert old.changes == {
        "phone": ["…", "…"],
        "notes": ["…", "…"],
        "status": ["active", "placed"],
        "mentor": [None, str(alice.public_id)],
    }
    assert old.reason == "…"
    assert AuditEvent.objects.get(pk=trail.pk).object_label == "audit trail"


# --- pseudonymisation ------------------------------------------------------------------------


def test_pseudonymise_person_replaces_the_id_everywhere_in_the_trail(alice, project_a):
    mentee, other = MenteeFactory.create_batch(2, project=project_a)
    own = services.audit_record(actor=alice, action=AuditAction.VIEW, obj=mentee, mentee=mentee)
    listed = services.audit_view(actor=alice, page="cases:list", shown=[other, mentee])
    unrelated = services.audit_record(actor=alice, action=AuditAction.VIEW, obj=other, mentee=other)
    pseudonym = uuid.uuid4()

    with transaction.atomic():
        assert services.pseudonymise_person(mentee.public_id, pseudonym) == 2

    own = AuditEvent.objects.get(pk=own.pk)
    assert own.mentee_id == pseudonym and own.object_id == str(pseudonym)
    listed = AuditEvent.objects.get(pk=listed.pk)
    assert listed.changes["shown"] == [str(other.public_id), str(pseudonym)]
    assert set(AuditSubject.objects.filter(event=listed).values_list("mentee_id", flat=True)) == {
        other.public_id,
        pseudonym,
    }
    assert AuditEvent.objects.get(pk=unrelated.pk).mentee_id == other.public_id
    assert not AuditEvent.objects.filter(mentee_id=mentee.public_id).exists()
    assert not AuditSubject.objects.filter(mentee_id=mentee.public_id).exists()
    assert Mentee.objects.filter(pk=mentee.pk).exists()  # the trail only; erasure does the rest


# --- the database refuses changes (PostgreSQL) -----------------------------------------------


@postgres_only
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditevent SET reason = 'tampered' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
        "UPDATE audit_auditsubject SET mentee_id = gen_random_uuid() WHERE event_id = %s",
        "DELETE FROM audit_auditsubject WHERE event_id = %s",
    ],
)
def test_the_trigger_refuses_update_and_delete(alice, project_a, sql):
    people = MenteeFactory.create_batch(2, project=project_a)
    event = services.audit_view(actor=alice, page="cases:list", shown=people)
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk, reason="").exists()
    assert AuditSubject.objects.filter(event=event).count() == 2


@postgres_only
def test_the_pseudonymisation_setting_lets_updates_through_never_deletes(alice, project_a):
    mentee = MenteeFactory(project=project_a)
    event = services.audit_record(actor=alice, action=AuditAction.VIEW, obj=mentee, mentee=mentee)
    with transaction.atomic():
        services.pseudonymise_person(mentee.public_id, uuid.uuid4())
        # the setting is off again once the function returns, in the same transaction
        with pytest.raises(DatabaseError, match="append-only"):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("UPDATE audit_auditevent SET reason = 'x' WHERE id = %s", [event.pk])
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL lotse.audit_pseudonymise = 'on'")
            cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()
