import datetime

from django.db import migrations

PERIODS = [
    ("Modellphase 2016–2019", datetime.date(2016, 10, 1), datetime.date(2019, 12, 31)),
    ("Förderphase 2020–2024", datetime.date(2020, 1, 1), datetime.date(2024, 12, 31)),
    ("Förderphase 2025–2027", datetime.date(2025, 1, 1), datetime.date(2027, 12, 31)),
]


def seed(apps, schema_editor):
    FundingPeriod = apps.get_model("reporting", "FundingPeriod")
    for name, start, end in PERIODS:
        FundingPeriod.objects.get_or_create(name=name, defaults={"start": start, "end": end})


def unseed(apps, schema_editor):
    FundingPeriod = apps.get_model("reporting", "FundingPeriod")
    FundingPeriod.objects.filter(name__in=[name for name, _, _ in PERIODS]).delete()


class Migration(migrations.Migration):
    dependencies = [("reporting", "0001_funding_periods_esf_records_exports")]

    operations = [migrations.RunPython(seed, unseed)]
