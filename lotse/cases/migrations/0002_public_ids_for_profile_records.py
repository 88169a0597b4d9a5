"""Give every profile record a public UUID so that its URLs carry no integer key.

Adds the column as nullable, fills existing rows with fresh UUIDs, then makes it unique."""

import uuid

from django.db import migrations, models

MODELS = [
    "languageskill",
    "qualification",
    "workexperience",
    "targetoccupation",
    "residencestatus",
    "externalreference",
    "consent",
]


def fill_public_ids(apps, schema_editor):
    for name in MODELS:
        model = apps.get_model("cases", name)
        for pk in model.objects.filter(public_id__isnull=True).values_list("pk", flat=True):
            model.objects.filter(pk=pk).update(public_id=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
    ]

    operations = [
        *[
            migrations.AddField(
                model_name=name,
                name="public_id",
                field=models.UUIDField(editable=False, null=True, verbose_name="public id"),
            )
            for name in MODELS
        ],
        migrations.RunPython(fill_public_ids, migrations.RunPython.noop),
        *[
            migrations.AlterField(
                model_name=name,
                name="public_id",
                field=models.UUIDField(
                    default=uuid.uuid4, editable=False, unique=True, verbose_name="public id"
                ),
            )
            for name in MODELS
        ],
    ]
