"""The programme-wide letter templates (German and six translations, every translation to be
checked by a native speaker), from ``lotse/letters/data/templates.json``."""

from django.db import migrations


def seed(apps, schema_editor):
    from lotse.letters.seed import seed as load

    load(apps.get_model("letters", "LetterTemplate"))


class Migration(migrations.Migration):
    dependencies = [("letters", "0001_letters")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
