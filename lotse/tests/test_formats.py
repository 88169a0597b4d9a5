"""The English interface writes dates day first ("31 Dec 2025", "31/12/2025"), never m/d/Y."""

import datetime

from django.template import Context, Template
from django.utils import translation
from django.utils.formats import date_format

DAY = datetime.date(2025, 12, 31)


def test_english_dates_are_day_first():
    with translation.override("en"):
        assert date_format(DAY) == "31 Dec 2025"
        assert date_format(DAY, "SHORT_DATE_FORMAT") == "31/12/2025"
        assert (
            Template("{{ d|date:'SHORT_DATE_FORMAT' }} {{ d }}").render(Context({"d": DAY}))
            == "31/12/2025 31 Dec 2025"
        )


def test_german_dates_are_unchanged():
    with translation.override("de"):
        assert date_format(DAY, "SHORT_DATE_FORMAT") == "31.12.2025"
        assert date_format(DAY) == "31. Dezember 2025"
