"""Is this person already known? The search before a new case file is created.

Names of the programme's mentees reach German forms through many transliterations: Mohammad,
Mohamed, Muhammad; Yusuf, Jusuf, Youssef; Aleksandr, Alexander; Khalid, Chalid. A name is
compared by its *skeleton*: accents and umlauts folded, the common spelling variants of the same
sound unified (kh/ch → h, j/y, x → ks, ph → f, w → v, …), vowels dropped and doubled letters
collapsed, so all of those spellings give the same key ("mhmd", "ysf", "lksndr", "hld").

What the user learns depends on where the person is:

- in the user's own projects: the case file itself (the user may see it anyway);
- in another project: only that a person with this date of birth and a name of the same
  skeleton (or this phone number) is in project X, never a detail, and only when the birth date or
  the phone number was given and matches: a name alone reveals nothing across projects. Such
  a hit is written to the audit trail (one row listing the people it concerned), and the user can
  ask project X for a transfer.
"""

import dataclasses
import datetime
import re
import unicodedata

from django.db.models import Q

from lotse.accounts.models import Project, User
from lotse.accounts.selectors import project_ids_for
from lotse.cases.models import Mentee

#: Spelling variants of one sound, applied in this order after folding to lowercase ASCII.
_VARIANTS = [
    ("dsch", "y"),
    ("dzh", "y"),
    ("dj", "y"),
    ("sch", "s"),
    ("sh", "s"),
    ("zh", "y"),
    ("kh", "h"),
    ("ch", "h"),
    ("ck", "k"),
    ("ph", "f"),
    ("th", "t"),
    ("x", "ks"),
    ("q", "k"),
    ("c", "k"),
    ("j", "y"),
    ("w", "v"),
    ("z", "s"),
]
_NOT_LETTER = re.compile(r"[^a-z]")
_VOWELS = re.compile(r"[aeiou]")
_DOUBLES = re.compile(r"(.)\1+")
_FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})


def skeleton(name: str) -> str:
    """The transliteration-tolerant key of one name (or of several words, joined)."""
    text = unicodedata.normalize("NFKD", (name or "").lower().translate(_FOLD))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _NOT_LETTER.sub("", text)
    for variant, sound in _VARIANTS:
        text = text.replace(variant, sound)
    return _DOUBLES.sub(r"\1", _VOWELS.sub("", text))


def same_name(first_a: str, last_a: str, first_b: str, last_b: str) -> bool:
    """Both names agree by skeleton, also when first and last name were swapped (a common
    confusion with Arabic and Afghan names)."""
    a = (skeleton(first_a), skeleton(last_a))
    b = (skeleton(first_b), skeleton(last_b))
    if not all(a) or not all(b):
        return False
    return a == b or a == (b[1], b[0])


@dataclasses.dataclass(frozen=True)
class Elsewhere:
    """A person in another project: the project, and which details matched (never who)."""

    mentee_public_id: str
    project: Project
    by_phone: bool


@dataclasses.dataclass
class SearchResult:
    own: list[Mentee]
    elsewhere: list[Elsewhere]

    @property
    def empty(self) -> bool:
        return not self.own and not self.elsewhere


def search_person(
    user: User,
    *,
    first_name: str,
    last_name: str,
    birth_date: datetime.date | None = None,
    phone: str = "",
) -> SearchResult:
    """People who may be the one about to be entered (see the module docstring)."""
    own_projects = project_ids_for(user)
    own: list[Mentee] = []
    elsewhere: dict[int, Elsewhere] = {}
    candidates = Q()
    if birth_date:
        candidates |= Q(birth_date=birth_date)
    if phone:
        candidates |= Q(phone=phone)
    seen: set[int] = set()
    if candidates:
        for mentee in Mentee.objects.filter(candidates).select_related("project", "mentor"):
            named = same_name(first_name, last_name, mentee.first_name, mentee.last_name)
            by_phone = bool(phone) and mentee.phone == phone
            if not (named or by_phone):
                continue
            seen.add(mentee.pk)
            if mentee.project_id in own_projects:
                own.append(mentee)
            else:
                elsewhere[mentee.pk] = Elsewhere(str(mentee.public_id), mentee.project, by_phone)
    # By name alone only in the user's own projects (a few thousand people at most).
    if own_projects:
        rows = Mentee.objects.filter(project_id__in=own_projects).exclude(pk__in=seen)
        named_ids = [
            pk
            for pk, first, last, born in rows.values_list(
                "pk", "first_name", "last_name", "birth_date"
            )
            if same_name(first_name, last_name, first, last)
            and (birth_date is None or born is None or born == birth_date)
        ]
        own += list(Mentee.objects.filter(pk__in=named_ids).select_related("project", "mentor"))
    own.sort(key=lambda m: (m.last_name, m.first_name, m.pk))
    return SearchResult(own=own, elsewhere=list(elsewhere.values()))
