"""Stored phone numbers in E.164, where they parse (see ``lotse.lib.validation``); numbers that do
not parse are left as they are and shown as written."""

from django.db import migrations

from lotse.lib.migrations import normalise_phones


def forwards(apps, schema_editor):  # noqa: ANN001, ANN201
    normalise_phones(apps.get_model("cases", "Mentee"))


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_qualification_level_label")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)]
