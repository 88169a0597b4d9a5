"""Each factor's contribution in words a mentor understands (German and English).

``reasons(match, profile, vacancy)`` returns ``Reason(text, tone)`` items, ``tone`` being "ok",
"warn" or "danger" for the badge; ``notes(result_notes)`` and ``exclusion_label(name)`` word the
notes and exclusion reasons of a whole result.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from lotse.matching import rules
from lotse.reference.models import CEFR_RANK

RANK_LABEL = {rank: label for label, rank in CEFR_RANK.items() if label}


@dataclass(frozen=True)
class Reason:
    text: str
    tone: str  # "ok", "warn" or "danger"


SOURCE = {
    rules.SOURCE_TARGET: _("a target occupation"),
    rules.SOURCE_EXPERIENCE: _("the work experience"),
    rules.SOURCE_QUALIFICATION: _("the qualification's reference occupation"),
}
OCCUPATION = {
    5: _("Same occupation as %(source)s."),
    4: _("Same kind of work as %(source)s, at another requirement level."),
    3: _("Related occupation: same occupational group as %(source)s."),
    2: _("Same occupational field as %(source)s."),
}
NO_OCCUPATION_FIT = _("The occupation is not related to the person's occupations.")
LEVEL = {
    rules.LEVEL_ADEQUATE: (_("Matches the recognised qualification level."), "ok"),
    rules.LEVEL_OVER_1: (
        _("One level below the recognised qualification (over-qualified)."),
        "warn",
    ),
    rules.LEVEL_OVER_2: (_("Far below the recognised qualification (over-qualified)."), "warn"),
    rules.LEVEL_UNDER_1: (_("Requires one level more than the recognised qualification."), "warn"),
    rules.LEVEL_UNDER_2: (_("Requires a much higher qualification than recognised."), "danger"),
    rules.LEVEL_APPR_FIRST: (
        _("An apprenticeship leads to a first vocational qualification."),
        "ok",
    ),
    rules.LEVEL_APPR_QUALIFIED: (
        _("An apprenticeship, although a vocational qualification is recognised."),
        "warn",
    ),
    rules.LEVEL_INTERN_ENTRY: (_("An internship or entry qualification as a first step."), "ok"),
    rules.LEVEL_INTERN_QUALIFIED: (
        _("An internship or entry qualification, although a qualification is recognised."),
        "warn",
    ),
}
KIND_PREFERRED = _("This kind of vacancy suits the person's goal.")
KIND_LESS = _("A mini-job does not lead to work with social insurance.")
GERMAN = {
    rules.GERMAN_NONE: (_("No German level required."), "ok"),
    rules.GERMAN_MEETS: (_("German %(have)s meets the required %(need)s."), "ok"),
    rules.GERMAN_BELOW_1_COURSE: (
        _("German %(have)s, %(need)s required; a German course is running."),
        "warn",
    ),
    rules.GERMAN_BELOW_1: (_("German %(have)s, one level below the required %(need)s."), "warn"),
    rules.GERMAN_BELOW_2_COURSE: (
        _("German %(have)s, well below the required %(need)s; a German course is running."),
        "danger",
    ),
    rules.GERMAN_BELOW_2: (_("German %(have)s, well below the required %(need)s."), "danger"),
}
NO_GERMAN = _("no German recorded")
DISTANCE_WITHIN = _("%(km)s km away, within the commute limit of %(limit)s km.")
DISTANCE_BEYOND = _("%(km)s km away, beyond the commute limit of %(limit)s km.")
DISTANCE_UNKNOWN = _("Distance unknown: a place is missing.")
PUBLIC_TRANSPORT = _("Without a car and licence the commute is by public transport.")
LICENCE = {
    rules.LICENCE_HAS: (_("Driving licence required; the person has one."), "ok"),
    rules.LICENCE_FOREIGN: (
        _("Driving licence required; the foreign licence must be converted."),
        "warn",
    ),
    rules.LICENCE_NONE: (_("Driving licence required; the person has none."), "danger"),
}
HOURS = {
    rules.HOURS_FIT: (_("%(hours)s hours per week, as wanted."), "ok"),
    rules.HOURS_CLOSE: (_("%(hours)s hours per week; %(wanted)s wanted."), "warn"),
    rules.HOURS_OFF: (_("%(hours)s hours per week; %(wanted)s wanted."), "danger"),
}
START = {
    rules.START_FIT: (_("Starts when the person is available."), "ok"),
    rules.START_SLIGHTLY_EARLY: (_("Starts shortly before the person is available."), "warn"),
    rules.START_EARLY: (_("Starts well before the person is available."), "danger"),
    rules.START_LATE: (_("Starts more than six months after the person is available."), "warn"),
}
PERMIT = _(
    "Each job needs the immigration office's permission. Please verify with the immigration "
    "office or a counselling service."
)
RESTRICTED = _(
    "Work is allowed within limits. Please verify with the immigration office or a counselling "
    "service."
)
HOURS_EXCEEDED = _("More hours than the residence status allows (%(allowed)s per week).")
SHIFT_CHILDCARE = _("Shift work, and the person has a childcare constraint.")
SHIFT = _("Shift work.")

NOTES = {
    "work_ban": (
        _(
            "The residence status does not allow work, so no vacancies are proposed. Please "
            "verify with the immigration office or a counselling service."
        ),
        "danger",
    ),
    "permit_required": (
        _(
            "Work needs the immigration office's permission for each job. Please verify with "
            "the immigration office or a counselling service."
        ),
        "warn",
    ),
    "restricted": (
        _(
            "Work is allowed within limits (for example hours). Please verify with the "
            "immigration office or a counselling service."
        ),
        "warn",
    ),
    "permission_unknown": (
        _("No valid residence status is recorded, so the work permission is unknown."),
        "warn",
    ),
    "no_place": (_("No place of residence is recorded, so distances are not considered."), "warn"),
    "no_occupation": (
        _(
            "No target occupation, work experience or qualification is recorded, so the "
            "occupation does not count."
        ),
        "warn",
    ),
}

EXCLUSIONS = {
    "work_ban": _("the residence status does not allow work"),
    "too_far": _("more than twice the commute limit away"),
    "radius": _("beyond the selected radius"),
    "closed": _("closing date passed"),
    "kind_goal": _("apprenticeship, but the person has a qualification and looks for a job"),
    "kind_filter": _("not the selected kind"),
}


def _km(value: float) -> str:
    return number_format(round(value, 1), 1)


def reasons(
    match: rules.Match, profile: rules.MenteeProfile, vacancy: rules.VacancyRecord
) -> list[Reason]:
    codes, factors = match.codes, match.factors
    out: list[Reason] = []

    occupation = codes[rules.F_OCCUPATION]
    if occupation:
        source, depth = divmod(occupation, 10)
        text = OCCUPATION[depth] % {"source": SOURCE[source]}
        out.append(Reason(text, "ok" if depth >= 4 else "warn"))
    elif profile.occupation_sources:
        out.append(Reason(str(NO_OCCUPATION_FIT), "danger"))

    level_text = LEVEL.get(codes[rules.F_LEVEL])
    if level_text:
        out.append(Reason(str(level_text[0]), level_text[1]))

    if factors[rules.F_KIND] > 0:
        out.append(Reason(str(KIND_PREFERRED), "ok"))
    elif factors[rules.F_KIND] < 0:
        out.append(Reason(str(KIND_LESS), "warn"))

    german_text, tone = GERMAN[codes[rules.F_GERMAN]]
    have = RANK_LABEL.get(profile.german_rank, NO_GERMAN)
    need = RANK_LABEL.get(vacancy.german_required, "")
    out.append(Reason(german_text % {"have": have, "need": need}, tone))

    distance = codes[rules.F_DISTANCE]
    base = distance % rules.DISTANCE_PUBLIC_TRANSPORT
    if base == rules.DISTANCE_UNKNOWN or match.distance_km is None:
        out.append(Reason(str(DISTANCE_UNKNOWN), "warn"))
    else:
        values = {"km": _km(match.distance_km), "limit": profile.commute_limit_km}
        if base == rules.DISTANCE_WITHIN:
            out.append(Reason(DISTANCE_WITHIN % values, "ok"))
        else:
            out.append(Reason(DISTANCE_BEYOND % values, "danger"))
        if distance >= rules.DISTANCE_PUBLIC_TRANSPORT:
            out.append(Reason(str(PUBLIC_TRANSPORT), "warn"))

    licence = LICENCE.get(codes[rules.F_LICENCE])
    if licence:
        out.append(Reason(str(licence[0]), licence[1]))

    hours = HOURS.get(codes[rules.F_HOURS])
    if hours:
        values = {"hours": vacancy.hours_per_week, "wanted": profile.hours_per_week}
        out.append(Reason(hours[0] % values, hours[1]))

    start = START.get(codes[rules.F_START])
    if start:
        out.append(Reason(str(start[0]), start[1]))

    permission = codes[rules.F_PERMISSION]
    if permission % rules.PERMISSION_HOURS_EXCEEDED == 1:
        out.append(Reason(str(PERMIT), "warn"))
    elif permission % rules.PERMISSION_HOURS_EXCEEDED == 2:
        out.append(Reason(str(RESTRICTED), "warn"))
    if permission >= rules.PERMISSION_HOURS_EXCEEDED:
        out.append(Reason(HOURS_EXCEEDED % {"allowed": profile.hours_allowed}, "danger"))

    if codes[rules.F_SHIFT] == rules.SHIFT_CHILDCARE:
        out.append(Reason(str(SHIFT_CHILDCARE), "warn"))
    elif codes[rules.F_SHIFT] == rules.SHIFT_PLAIN:
        out.append(Reason(str(SHIFT), "ok"))
    return out


def notes(names: tuple[str, ...]) -> list[Reason]:
    return [Reason(str(NOTES[name][0]), NOTES[name][1]) for name in names if name in NOTES]


def exclusion_label(name: str) -> str:
    return str(EXCLUSIONS[name])
