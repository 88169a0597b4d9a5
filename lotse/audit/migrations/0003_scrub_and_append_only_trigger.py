"""Scrub the personal values that rows written before the rule of ``lotse.audit.rules`` hold,
then (on PostgreSQL) make the trail append-only in the database itself.

1. Every existing row is put through the same rule new rows go through: ``object_label`` (often
   ``str(obj)``, a name) is emptied, values of free-text and other personal fields in ``changes``
   become ``"…"``, foreign keys to people become their public ids, a free-text ``reason`` is
   dropped. This is the one UPDATE of the trail outside pseudonymisation, and it runs before the
   trigger exists.
2. A trigger on ``audit_auditevent`` and ``audit_auditsubject`` refuses every UPDATE and DELETE,
   unless the transaction has set ``lotse.audit_pseudonymise`` to ``on`` — which only
   ``audit.services.pseudonymise_person`` does, and only for UPDATE. SQLite has no such trigger;
   there the model and its queryset refuse changes.
"""

from django.apps import apps as global_apps
from django.db import migrations

from lotse.audit import rules

TRIGGER_SQL = """
CREATE OR REPLACE FUNCTION lotse_audit_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND coalesce(current_setting('lotse.audit_pseudonymise', true), '') = 'on' THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'The audit trail is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_auditevent_append_only
    BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION lotse_audit_append_only();
CREATE TRIGGER audit_auditsubject_append_only
    BEFORE UPDATE OR DELETE ON audit_auditsubject
    FOR EACH ROW EXECUTE FUNCTION lotse_audit_append_only();
"""

DROP_SQL = """
DROP TRIGGER IF EXISTS audit_auditsubject_append_only ON audit_auditsubject;
DROP TRIGGER IF EXISTS audit_auditevent_append_only ON audit_auditevent;
DROP FUNCTION IF EXISTS lotse_audit_append_only();
"""


def _model(apps, object_type):  # noqa: ANN001, ANN202
    """The model of ``object_type``: the historical one, or the current one when the state at
    this point does not hold that app yet (its field types are what the rule looks at)."""
    for registry in (apps, global_apps):
        try:
            return registry.get_model(object_type)
        except (LookupError, ValueError):
            continue
    return None


def scrub(apps, schema_editor) -> None:  # noqa: ANN001
    AuditEvent = apps.get_model("audit", "AuditEvent")
    changed = []
    for event in AuditEvent.objects.order_by("pk").iterator(chunk_size=2000):
        model = _model(apps, event.object_type)
        if model is not None:
            changes = rules.safe_changes(model, event.changes or {})
        else:
            changes = rules.machine_value(event.changes or {})
        label = "audit trail" if event.object_type == "audit.auditevent" else ""
        reason = rules.safe_reason(event.reason)
        if (changes, label, reason) != (event.changes, event.object_label, event.reason):
            event.changes, event.object_label, event.reason = changes, label, reason
            changed.append(event)
        if len(changed) >= 1000:
            AuditEvent.objects.bulk_update(changed, ["changes", "object_label", "reason"])
            changed = []
    AuditEvent.objects.bulk_update(changed, ["changes", "object_label", "reason"])


def create_trigger(apps, schema_editor) -> None:  # noqa: ANN001
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGGER_SQL, params=None)


def drop_trigger(apps, schema_editor) -> None:  # noqa: ANN001
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SQL, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_audit_subject")]

    operations = [
        migrations.RunPython(scrub, migrations.RunPython.noop),
        migrations.RunPython(create_trigger, drop_trigger),
    ]
