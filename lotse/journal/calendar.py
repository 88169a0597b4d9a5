"""Appointments as iCalendar (RFC 5545): one ``.ics`` file per appointment and the mentor's
subscription feed (``icalendar`` writes the lines: CRLF, folded at 75 octets).

- Times in Europe/Berlin with its VTIMEZONE (the yearly rules, as calendar clients write it).
- ``UID`` from the appointment's public id, so a client updates the event instead of adding
  a second one; ``SEQUENCE`` is the record's version (one more on every saved change);
  a cancelled appointment is ``STATUS:CANCELLED``.
- Minimal personal data: never the notes or "with whom"; the title is neutral or the kind of
  appointment with the mentee's initials (``CalendarTitles``), the place only with the latter.
  The feed's secret token is stored as its SHA-256 (``CalendarFeed.token_hash``).
"""

import datetime
import hashlib
import secrets
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vRecur

from lotse.audit.models import AuditAction
from lotse.audit.services import audit_record
from lotse.journal.models import (
    Appointment,
    AppointmentStatus,
    CalendarFeed,
    CalendarTitles,
)

TZID = "Europe/Berlin"
PRODID = "-//Lotse//Mentoring appointments//DE"
DEFAULT_DURATION = datetime.timedelta(hours=1)
#: The feed lists appointments from this long ago to this far ahead.
FEED_PAST = datetime.timedelta(days=90)
FEED_AHEAD = datetime.timedelta(days=400)
UID_DOMAIN = "lotse"


def _berlin() -> Timezone:
    """Europe/Berlin as RFC 5545 rules: CEST from the last Sunday of March, CET from the last
    Sunday of October (the rules in force since 1996)."""
    tz = Timezone()
    tz.add("tzid", TZID)
    summer = TimezoneDaylight()
    summer.add("tzname", "CEST")
    summer.add("dtstart", datetime.datetime(1970, 3, 29, 2, 0, 0))  # noqa: DTZ001 - local, per RFC
    summer.add("tzoffsetfrom", datetime.timedelta(hours=1))
    summer.add("tzoffsetto", datetime.timedelta(hours=2))
    summer.add("rrule", vRecur(freq="YEARLY", bymonth=3, byday="-1SU"))
    winter = TimezoneStandard()
    winter.add("tzname", "CET")
    winter.add("dtstart", datetime.datetime(1970, 10, 25, 3, 0, 0))  # noqa: DTZ001 - local, per RFC
    winter.add("tzoffsetfrom", datetime.timedelta(hours=2))
    winter.add("tzoffsetto", datetime.timedelta(hours=1))
    winter.add("rrule", vRecur(freq="YEARLY", bymonth=10, byday="-1SU"))
    tz.add_component(summer)
    tz.add_component(winter)
    return tz


def initials(mentee: Any) -> str:
    parts = [mentee.first_name, mentee.last_name]
    return " ".join(f"{part.strip()[0].upper()}." for part in parts if part and part.strip())


def summary(appointment: Appointment, titles: str) -> str:
    if titles == CalendarTitles.INITIALS:
        return f"{appointment.get_kind_display()} – {initials(appointment.mentee)}"
    return _("Appointment (Lotse)")


def event_for(
    appointment: Appointment, *, titles: str, url: str = "", stamp: datetime.datetime
) -> Event:
    """The VEVENT of one appointment (``appointment.mentee`` joined)."""
    tz = timezone.get_default_timezone()
    start = appointment.starts_at.astimezone(tz)
    end = (appointment.ends_at or appointment.starts_at + DEFAULT_DURATION).astimezone(tz)
    event = Event()
    event.add("uid", f"{appointment.public_id}@{UID_DOMAIN}")
    event.add("dtstamp", stamp.astimezone(datetime.UTC))
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("sequence", appointment.version)
    event.add("last-modified", appointment.updated_at.astimezone(datetime.UTC))
    event.add("summary", summary(appointment, titles))
    event.add(
        "status",
        "CANCELLED" if appointment.status == AppointmentStatus.CANCELLED else "CONFIRMED",
    )
    event.add("class", "PRIVATE")
    event.add("transp", "OPAQUE")
    if titles == CalendarTitles.INITIALS and appointment.place:
        event.add("location", appointment.place)
    if url:
        event.add("url", url)
        event.add("description", _("Details in Lotse: %(url)s") % {"url": url})
    return event


def calendar_bytes(
    appointments: Iterable[Appointment],
    *,
    titles: str,
    url_of: Any = None,
    name: str = "",
    method: str = "PUBLISH",
) -> bytes:
    """A VCALENDAR with the VTIMEZONE and one VEVENT per appointment, as CRLF lines."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
        calendar.add("x-wr-timezone", TZID)
    calendar.add_component(_berlin())
    stamp = timezone.now()
    for appointment in appointments:
        url = url_of(appointment) if url_of else ""
        calendar.add_component(event_for(appointment, titles=titles, url=url, stamp=stamp))
    return calendar.to_ical()


# --- the feed ------------------------------------------------------------------------------


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def feed_create(*, actor: Any, titles: str) -> str:
    """Make the actor's feed (replacing an earlier one, whose address stops working) and
    return its secret token: shown once, stored only as a hash."""
    if titles not in CalendarTitles.values:
        raise ValueError(titles)
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        CalendarFeed.objects.filter(user=actor).delete()
        feed = CalendarFeed(user=actor, token_hash=token_hash(token), titles=titles)
        feed.full_clean()
        feed.save()
        audit_record(actor=actor, action=AuditAction.CREATE, obj=feed, changes={"titles": titles})
    return token


def feed_revoke(*, actor: Any) -> bool:
    """Delete the actor's feed: its address stops working at once. Whether there was one."""
    with transaction.atomic():
        feed = CalendarFeed.objects.filter(user=actor).first()
        if feed is None:
            return False
        audit_record(actor=actor, action=AuditAction.DELETE, obj=feed)
        feed.delete()
    return True


def feed_for_token(token: str) -> CalendarFeed | None:
    """The feed of an active user with this token, or ``None``."""
    if not token or len(token) > 200:
        return None
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=token_hash(token), user__is_active=True)
        .first()
    )
    if feed is None or not secrets.compare_digest(feed.token_hash, token_hash(token)):
        return None
    return feed


def feed_appointments(feed: CalendarFeed) -> list[Appointment]:
    """The appointments of the feed's user's own mentees (scoped like "My day"), from 90 days
    ago to 400 days ahead."""
    from lotse.journal.selectors import appointments_for, own_mentees_q

    now = timezone.now()
    return list(
        appointments_for(feed.user)
        .filter(own_mentees_q(feed.user, prefix="mentee__"))
        .filter(starts_at__gte=now - FEED_PAST, starts_at__lte=now + FEED_AHEAD)
        .select_related("mentee")
        .order_by("starts_at", "pk")
    )


def feed_fetched_record(feed: CalendarFeed, appointments: list[Appointment]) -> None:
    """The audit row of a fetch (which mentees' appointments left Lotse) and the time."""
    from lotse.audit.services import audit_view

    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
    audit_view(
        actor=feed.user,
        page="journal:calendar_feed",
        shown=[appointment.mentee for appointment in appointments],
        obj=feed,
    )
