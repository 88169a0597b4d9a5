"""Stored phone numbers of contact persons in E.164, where they parse (see
``lotse.lib.validation``); numbers that do not parse are left as they are and shown as written."""

from django.db import migrations

from lotse.lib.migrations import normalise_phones


def forwards(apps, schema_editor):  # noqa: ANN001, ANN201
    normalise_phones(apps.get_model("employers", "EmployerContact"))


class Migration(migrations.Migration):
    dependencies = [("employers", "0004_workplace_at_employer")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)]
