"""The work-permission hint: what a residence status means for work on a given date.

Lotse gives hints, never decisions: every hint ends with the advice to verify with the
immigration office or a counselling service.

    from lotse.reference.rules import work_permission_hint

    hint = work_permission_hint(residence_status, on_date)   # a cases.ResidenceStatus
    hint = work_permission_hint("gestattung", on_date, asylum_application_date=…,
                                reception_centre_obligation=True)
    hint.permission      # a WorkPermission value ("allowed", "permit", "restricted", "banned")
    hint.text            # a lazy German/English text; str() it in the active language
    hint.needs_permit    # each job needs the immigration office's permission
    hint.excluded        # a ban that does not end by waiting (§ 60b, safe country of origin)
    hint.earliest_start  # the end of a waiting period not yet over, else None

The first argument may be a ``ResidenceTitle`` (any version: the version in force on
``on_date`` is used), its ``code``, or any object with a ``title`` attribute holding one, such
as ``cases.ResidenceStatus``; from such an object the facts ``asylum_application_date``,
``reception_centre_obligation``, ``identity_clarified``, ``hours_per_week_allowed``,
``valid_until``, ``duldung_start``, ``arrival_date`` and ``work_note`` are read when present.
A ``work_note`` (the document's *Nebenbestimmung*) that reads "Erwerbstätigkeit erlaubt" or
"… gestattet" and nothing more lifts a title that is restricted or needs a permit by default
(e.g. a Fiktionsbescheinigung, which carries the old title's conditions) to "may work", unless
the rule limits the hours; bans, waiting periods and the person's hour limit still apply. Keyword
arguments override them and add ``arrival_date`` and ``safe_country_of_origin`` (or
``nationality``, a ``Country``). Pass ``rules=selectors.rules_by_code()`` to compute many hints
with one query; otherwise each call makes one query.
"""

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils import formats, timezone
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext, ngettext

from lotse.lib.dates import add_months
from lotse.reference.models import ResidenceTitle, WorkPermission

FACTS = (
    "asylum_application_date",
    "reception_centre_obligation",
    "identity_clarified",
    "hours_per_week_allowed",
    "valid_until",
    "duldung_start",
    "arrival_date",
    "safe_country_of_origin",
    "nationality",
    "work_note",
)

#: A Nebenbestimmung that allows any work, with no limit written next to it.
_ANY_WORK_NOTE = re.compile(
    r"^(?:die )?erwerbstätigkeit (?:ist )?(?:uneingeschränkt )?(?:erlaubt|gestattet)\.?$"
)


def allows_any_work(work_note: str | None) -> bool:
    """Whether a document's Nebenbestimmung reads "Erwerbstätigkeit erlaubt/gestattet"."""
    return bool(_ANY_WORK_NOTE.match(" ".join((work_note or "").split()).lower()))


@dataclass(frozen=True)
class WorkPermissionHint:
    permission: str  # a WorkPermission value
    text: Promise | str
    needs_permit: bool
    excluded: bool
    rule: ResidenceTitle | None = None
    earliest_start: datetime.date | None = None
    max_hours_per_week: int | None = None
    verified: bool = False
    notes: tuple = field(default=(), repr=False)

    @property
    def permission_label(self) -> str:
        return str(WorkPermission(self.permission).label)

    @property
    def badge_class(self) -> str:
        """The CSS badge for this permission: badge-ok, badge-warn or badge-danger."""
        return {
            WorkPermission.ALLOWED: "badge-ok",
            WorkPermission.NOT_ALLOWED: "badge-danger",
        }.get(self.permission, "badge-warn")

    def __str__(self) -> str:
        return str(self.text)


def _day(value: datetime.date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def _sentence(note: tuple) -> str:
    """One note in the active language."""
    kind, data = note
    if kind == "allowed":
        return gettext("%(title)s: the person may work, employed or self-employed.") % data
    if kind == "permit":
        return (
            gettext(
                "%(title)s: every job needs the immigration office's permission, usually "
                "with the consent of the Federal Employment Agency."
            )
            % data
        )
    if kind == "restricted":
        return gettext("%(title)s: the person may work only within limits.") % data
    if kind == "note_allows":
        return (
            gettext(
                "%(title)s with the condition “%(note)s”: the person may work, employed or "
                "self-employed."
            )
            % data
        )
    if kind == "banned":
        return gettext("%(title)s: the person may not work.") % data
    if kind == "identity":
        return gettext(
            "As long as the identity is not clarified (Duldung under § 60b AufenthG), the "
            "person may not work."
        )
    if kind == "safe_country":
        return gettext(
            "Nationals of a safe country of origin who applied for asylum after %(date)s may "
            "not work."
        ) % {"date": _day(data["date"])}
    if kind == "waiting_running":
        return ngettext(
            "The waiting period of %(months)d month from the asylum application ends on "
            "%(date)s; until then the person may not work.",
            "The waiting period of %(months)d months from the asylum application ends on "
            "%(date)s; until then the person may not work.",
            data["months"],
        ) % {"months": data["months"], "date": _day(data["date"])}
    if kind == "waiting_over":
        return ngettext(
            "The waiting period of %(months)d month from the asylum application ended on %(date)s.",
            "The waiting period of %(months)d months from the asylum application ended on "
            "%(date)s.",
            data["months"],
        ) % {"months": data["months"], "date": _day(data["date"])}
    if kind == "waiting_unknown":
        return ngettext(
            "Work is possible at the earliest %(months)d month after the asylum application; "
            "the date of the application is not recorded.",
            "Work is possible at the earliest %(months)d months after the asylum application; "
            "the date of the application is not recorded.",
            data["months"],
        ) % {"months": data["months"]}
    if kind == "reception_centre":
        return ngettext(
            "While obliged to live in a reception centre, the waiting period is %(months)d month.",
            "While obliged to live in a reception centre, the waiting period is %(months)d months.",
            data["months"],
        ) % {"months": data["months"]}
    if kind == "hours":
        return ngettext(
            "At most %(hours)d hour a week.", "At most %(hours)d hours a week.", data["hours"]
        ) % {"hours": data["hours"]}
    if kind == "arrival_late":
        return gettext(
            "This status requires arrival in Germany by %(cutoff)s; the recorded arrival on "
            "%(arrival)s is later."
        ) % {"cutoff": _day(data["cutoff"]), "arrival": _day(data["arrival"])}
    if kind == "arrival_required":
        return gettext("This status requires arrival in Germany by %(cutoff)s.") % {
            "cutoff": _day(data["cutoff"])
        }
    if kind == "expired":
        return gettext(
            "The document expired on %(date)s: check whether it was extended or a "
            "Fiktionsbescheinigung was issued."
        ) % {"date": _day(data["date"])}
    if kind == "no_rule_for_date":
        return gettext(
            "No rule is recorded for %(date)s; this hint uses the rule in force from %(from)s."
        ) % {"date": _day(data["date"]), "from": _day(data["from"])}
    if kind == "rule_hint":
        return data["rule"].localized_hint
    if kind == "unverified":
        return gettext("This rule has not been checked against the law.")
    raise ValueError(kind)


def _render(notes: tuple) -> str:
    sentences = [_sentence(note) for note in notes]
    sentences.append(gettext("Please verify with the immigration office or a counselling service."))
    return " ".join(s.strip() for s in sentences if s and s.strip())


_render_lazy = lazy(_render, str)


class _Title:
    """The rule's name, rendered in the active language when the text is."""

    def __init__(self, rule: ResidenceTitle) -> None:
        self.rule = rule

    def __str__(self) -> str:
        return str(self.rule)


def rule_in_force(
    code: str, on_date: datetime.date, rules: dict[str, list[ResidenceTitle]] | None = None
) -> tuple[ResidenceTitle, bool]:
    """The version of rule ``code`` in force on ``on_date``, and whether one was in force. If
    none was, the nearest version (the first for earlier dates, else the latest)."""
    if rules is not None:
        versions = rules.get(code, [])
    else:
        versions = list(ResidenceTitle.objects.filter(code=code).order_by("-valid_from"))
    if not versions:
        raise ValueError(f"No residence-title rule with the code {code!r}.")
    for rule in versions:  # newest first
        if rule.valid_from <= on_date and (rule.valid_until is None or on_date <= rule.valid_until):
            return rule, True
    earlier = [r for r in versions if r.valid_from <= on_date]
    return (earlier[0] if earlier else versions[-1]), False


def work_permission_hint(
    title_rule_or_status: Any,
    on_date: datetime.date | None = None,
    *,
    rules: dict[str, list[ResidenceTitle]] | None = None,
    **facts: Any,
) -> WorkPermissionHint:
    """The work-permission hint for a residence status on ``on_date`` (today by default)."""
    unknown = set(facts) - set(FACTS)
    if unknown:
        raise TypeError(f"Unknown facts: {', '.join(sorted(unknown))}")
    on_date = on_date or timezone.localdate()
    subject = title_rule_or_status
    if isinstance(subject, ResidenceTitle):
        code = subject.code
    elif isinstance(subject, str):
        code = subject
    else:
        code = subject.title.code
        for name in FACTS:
            if name not in facts and hasattr(subject, name):
                facts[name] = getattr(subject, name)
    rule, in_force = rule_in_force(code, on_date, rules)
    title = _Title(rule)
    notes: list[tuple] = []
    if not in_force:
        notes.append(("no_rule_for_date", {"date": on_date, "from": rule.valid_from}))

    permission = rule.work_permission
    needs_permit = rule.needs_permit
    note_allows = (
        permission in (WorkPermission.RESTRICTED, WorkPermission.PERMIT_REQUIRED)
        and not rule.max_hours_per_week
        and allows_any_work(facts.get("work_note"))
    )
    if note_allows:
        permission, needs_permit = WorkPermission.ALLOWED, False
    excluded = permission == WorkPermission.NOT_ALLOWED
    earliest_start = None
    max_hours = rule.max_hours_per_week
    person_hours = facts.get("hours_per_week_allowed")
    if person_hours:
        max_hours = min(max_hours, person_hours) if max_hours else person_hours

    application = facts.get("asylum_application_date")
    safe_country = facts.get("safe_country_of_origin")
    nationality = facts.get("nationality")
    if safe_country is None and nationality is not None:
        safe_country = bool(getattr(nationality, "is_safe_country_of_origin", False))
    bans = []
    if rule.banned_if_identity_unclarified and facts.get("identity_clarified") is False:
        bans.append(("identity", {}))
    if (
        rule.safe_country_cutoff
        and safe_country
        and (application is None or application > rule.safe_country_cutoff)
    ):
        bans.append(("safe_country", {"date": rule.safe_country_cutoff}))

    waiting_notes = []
    if rule.waiting_months and not bans:
        months = rule.waiting_months
        if facts.get("reception_centre_obligation") and rule.waiting_months_reception_centre:
            months = rule.waiting_months_reception_centre
        if application:
            ends = add_months(application, months)
            if on_date < ends:
                earliest_start = ends
                waiting_notes.append(("waiting_running", {"months": months, "date": ends}))
            else:
                waiting_notes.append(("waiting_over", {"months": months, "date": ends}))
        else:
            waiting_notes.append(("waiting_unknown", {"months": months}))
            if (
                rule.waiting_months_reception_centre
                and not facts.get("reception_centre_obligation")
                and rule.waiting_months_reception_centre != months
            ):
                waiting_notes.append(
                    ("reception_centre", {"months": rule.waiting_months_reception_centre})
                )

    if bans:
        permission, excluded, needs_permit = WorkPermission.NOT_ALLOWED, True, False
        notes.append(("banned", {"title": title}))
        notes.extend(bans)
    else:
        if earliest_start:
            permission = WorkPermission.NOT_ALLOWED
        elif max_hours and permission == WorkPermission.ALLOWED:
            permission = WorkPermission.RESTRICTED
        if note_allows:
            note = " ".join(facts["work_note"].split())
            notes.append(("note_allows", {"title": title, "note": note}))
        else:
            notes.append((rule.work_permission, {"title": title}))
        notes.extend(waiting_notes)
        if max_hours and permission != WorkPermission.NOT_ALLOWED:
            notes.append(("hours", {"hours": max_hours}))

    if rule.arrival_cutoff:
        arrival = facts.get("arrival_date")
        if arrival and arrival > rule.arrival_cutoff:
            notes.append(("arrival_late", {"cutoff": rule.arrival_cutoff, "arrival": arrival}))
        elif not arrival:
            notes.append(("arrival_required", {"cutoff": rule.arrival_cutoff}))
    valid_until = facts.get("valid_until")
    if valid_until and valid_until < on_date:
        notes.append(("expired", {"date": valid_until}))
    notes.append(("rule_hint", {"rule": rule}))
    if not rule.is_verified:
        notes.append(("unverified", {}))
    frozen_notes = tuple(notes)
    return WorkPermissionHint(
        permission=str(permission),
        text=_render_lazy(frozen_notes),
        needs_permit=needs_permit,
        excluded=excluded,
        rule=rule,
        earliest_start=earliest_start,
        max_hours_per_week=max_hours if permission != WorkPermission.NOT_ALLOWED else None,
        verified=rule.is_verified,
        notes=frozen_notes,
    )
