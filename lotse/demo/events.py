"""Group events of every demo project: a handful in the last months, with the attendance of
their invitees recorded, and a few coming up, with invitations still open.

Each event is run by one or two of the project's mentors; job fairs and employer days have the
project's employers of today taking part. Invitees are current mentees of the project who had
entered it by the day of the event. Like the other builders, the rows are inserted in bulk
from the run's random source, so the same seed gives the same events.
"""

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lotse.demo.catalogues import PROJECTS, STREETS
from lotse.demo.context import Demo
from lotse.events.models import Attendance, EventKind, GroupEvent, Invitation

if TYPE_CHECKING:
    from lotse.demo.employers import Employers

DAY = datetime.timedelta(days=1)
PAST = 4  # events per project in the last months (attendance recorded)
UPCOMING = 2  # events per project in the coming weeks (invitations open)


@dataclass(frozen=True)
class EventSpec:
    kind: str
    title: str  # "{place}" and "{employer}" are filled in
    minutes: int
    employers: int = 0  # employers taking part
    place: str = ""  # "" for the project's rooms


EVENTS = [
    EventSpec(EventKind.APPLICATION_TRAINING, "Bewerbungstraining: Lebenslauf, Anschreiben", 180),
    EventSpec(EventKind.APPLICATION_TRAINING, "Vorstellungsgespräche üben", 150),
    EventSpec(EventKind.JOB_FAIR, "Jobmesse {place}", 240, employers=2, place="Stadthalle"),
    EventSpec(EventKind.EMPLOYER_DAY, "Betriebsbesichtigung: {employer}", 120, employers=1),
    EventSpec(EventKind.WORKSHOP, "Anerkennung ausländischer Berufsabschlüsse", 120),
    EventSpec(EventKind.WORKSHOP, "Arbeitsvertrag und Lohnabrechnung verstehen", 90),
    EventSpec(EventKind.OTHER, "Infoabend: Ausbildung in Deutschland", 90, place="Volkshochschule"),
]
ATTENDANCE = {Attendance.ATTENDED: 70, Attendance.EXCUSED: 12, Attendance.ABSENT: 18}


def _minutes(time: datetime.time) -> int:
    return time.hour * 60 + time.minute


def _weekday(day: datetime.date) -> datetime.date:
    """``day``, or the Monday after it if it is a Saturday or Sunday."""
    return day + (7 - day.weekday()) * DAY if day.weekday() >= 5 else day


def build_events(demo: Demo, people: list, employers: "Employers") -> None:
    """``PAST`` events and ``UPCOMING`` events per project."""
    rng, today = demo.rng, demo.today
    current: dict[int, list] = {}
    for person in people:
        if person.plan.current is not None:
            current.setdefault(person.plan.current.project, []).append(person)
    events, staff, taking_part, invitations = [], [], [], []
    for index, project in enumerate(demo.projects):
        mentors = demo.mentors[index]
        if not mentors:
            continue
        town = demo.ref.postcodes[index][0]
        city = town.place.split(",")[0]  # GeoNames adds the state: "Chemnitz, Sachsen"
        partners = [e.row for e in employers.by_project_period.get((index, "later"), [])]
        days = sorted(_weekday(today - rng.randint(7, 180) * DAY) for _ in range(PAST))
        days += sorted(_weekday(today + rng.randint(3, 45) * DAY) for _ in range(UPCOMING))
        # Job fairs and employer days only where the project has employers to take part.
        possible = [spec for spec in EVENTS if not spec.employers or partners]
        for day, spec in zip(days, rng.sample(possible, len(days)), strict=True):
            chosen = rng.sample(partners, min(spec.employers, len(partners)))
            start = datetime.time(rng.choice([9, 10, 13, 14]), rng.choice([0, 0, 30]))
            end_minutes = _minutes(start) + spec.minutes
            end = datetime.time(end_minutes // 60, end_minutes % 60)
            room = spec.place or rng.choice(["Beratungsraum 1", "Seminarraum 2.14", "Gruppenraum"])
            team = rng.sample(mentors, min(len(mentors), rng.choice([1, 1, 2])))
            event_id = demo.new_id(GroupEvent)
            events.append(
                dict(
                    id=event_id,
                    project_id=project.pk,
                    kind=spec.kind,
                    title=spec.title.format(
                        place=city, employer=chosen[0]["name"] if chosen else ""
                    )[:200],
                    date=day,
                    starts_at=start,
                    ends_at=end,
                    duration_minutes=spec.minutes,
                    place=f"{room}, {rng.choice(STREETS)} {rng.randint(1, 80)}, {town.code} {city}"[
                        :200
                    ],
                    district_id=PROJECTS[index].district,  # the project's own district
                    created_by_id=team[0].pk,
                )
            )
            staff += [dict(groupevent_id=event_id, user_id=user.pk) for user in team]
            taking_part += [dict(groupevent_id=event_id, employer_id=e["id"]) for e in chosen]
            candidates = [p for p in current.get(index, []) if p.plan.current.entry <= day]
            for person in rng.sample(candidates, min(len(candidates), rng.randint(3, 8))):
                attendance = demo.weighted(ATTENDANCE) if day < today else Attendance.OPEN
                invitations.append(
                    dict(
                        event_id=event_id,
                        mentee_id=person.mentee["id"],
                        attendance=attendance,
                        invited_by_id=rng.choice(team).pk,
                    )
                )
    demo.insert(GroupEvent, events)
    demo.insert(GroupEvent.staff.through, staff)
    demo.insert(GroupEvent.employers.through, taking_part)
    demo.insert(Invitation, invitations)
