"""The CV's part of erasing a mentee (called by ``lotse.privacy``'s ``erase_mentee``): the
notes of CVs made are deleted; no figure counts them."""

from typing import Any

from lotse.cases.models import Mentee
from lotse.cv.services import cv_records_erase


def erase(mentee: Mentee, *, actor: Any) -> None:
    cv_records_erase(mentee=mentee, actor=actor)
