"""The letters' part of erasing a mentee (called by ``lotse.privacy``'s ``erase_mentee``):
the records of the letters made for the mentee are deleted (the files were never kept)."""

from typing import Any

from lotse.cases.models import Mentee
from lotse.letters.services import letters_erase


def erase(mentee: Mentee, *, actor: Any) -> None:
    letters_erase(mentee=mentee, actor=actor)
