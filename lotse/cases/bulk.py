"""Bulk actions of a project lead on the mentee list: assign a mentor, record an exit.

Two steps: the list posts the chosen mentees and the action; a confirmation page lists everyone
affected and asks for what the action needs (the mentor; the exit date and reason); only the
confirmed form changes anything. All mentees change in one transaction through the single-record
services (``mentee_assign_mentor``, ``mentee_exit``), each with its audit row: if one of them
cannot be changed, none is, and the page says who and why.
"""

import datetime
import uuid
from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import User
from lotse.accounts.selectors import lead_project_ids_for
from lotse.cases import services
from lotse.cases.models import ExitReason, Mentee
from lotse.cases.selectors import mentees_for
from lotse.lib.forms import DateInput, LotseForm

ASSIGN = "assign"
EXIT = "exit"
ACTIONS = [(ASSIGN, _("Assign to a mentor")), (EXIT, _("Record the exit from the programme"))]
#: At most this many mentees in one bulk action (one page of the list is 50).
LIMIT = 200


class BulkChoiceForm(LotseForm):
    """The action the mentee list posts (the ticked mentees come as ``mentees`` public ids)."""

    action = forms.ChoiceField(label=_("Action for the chosen mentees"), choices=ACTIONS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].error_messages["required"] = _("Please choose an action.")


class BulkConfirmForm(LotseForm):
    """The confirmation page's form: what the action needs."""

    date_windows = {"exit_date": "cases.Participation.exit_date"}
    mentor = forms.ModelChoiceField(label=_("mentor"), queryset=User.objects.none(), required=False)
    exit_date = forms.DateField(label=_("exit date"), widget=DateInput(), required=False)
    exit_reason = forms.ChoiceField(
        label=_("exit reason"), choices=[("", "–"), *ExitReason.choices], required=False
    )

    def __init__(self, *args: Any, action: str, mentees: list[Mentee], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.action = action
        project_ids = {mentee.project_id for mentee in mentees}
        self.fields["mentor"].queryset = (
            User.objects.filter(memberships__project_id__in=project_ids, is_active=True)
            .distinct()
            .order_by("last_name", "first_name")
        )
        self.fields["mentor"].empty_label = _("no mentor")
        if action == EXIT:
            del self.fields["mentor"]
            self.fields["exit_date"].required = True
            self.fields["exit_reason"].required = True
            self.fields["exit_date"].error_messages["required"] = _("Please enter the exit date.")
            self.fields["exit_reason"].error_messages["required"] = _(
                "Please choose the reason for leaving."
            )
        else:
            del self.fields["exit_date"]
            del self.fields["exit_reason"]

    def clean_exit_date(self) -> datetime.date | None:
        value = self.cleaned_data["exit_date"]
        if value and value > timezone.localdate():
            raise ValidationError(_("The exit date cannot be in the future."))
        return value


def chosen_mentees(user: User, public_ids: Sequence[str]) -> list[Mentee]:
    """The chosen mentees, each of a project the user leads; an id the user may not act on
    (another project's, a mentor's own project they do not lead, garbage) is a 404."""
    wanted = set(public_ids)
    if len(wanted) > LIMIT:
        raise ValidationError(
            _("At most %(limit)s mentees at once, please."), params={"limit": LIMIT}
        )
    found = list(
        mentees_for(user)
        .filter(public_id__in=_valid_uuids(wanted), project_id__in=lead_project_ids_for(user))
        .select_related("mentor", "project")
        .order_by("last_name", "first_name", "pk")
    )
    if len(found) != len(wanted):
        raise Http404
    return found


def _valid_uuids(values: set[str]) -> list[str]:
    valid = []
    for value in values:
        try:
            valid.append(str(uuid.UUID(value)))
        except (ValueError, AttributeError):
            raise Http404 from None
    return valid


@transaction.atomic
def bulk_apply(*, actor: User, action: str, mentees: list[Mentee], data: dict[str, Any]) -> int:
    """Apply ``action`` to every mentee, all or none; a refusal names the mentee it concerns."""
    problems = []
    for mentee in mentees:
        try:
            with transaction.atomic():
                if action == ASSIGN:
                    services.mentee_assign_mentor(actor=actor, mentee=mentee, mentor=data["mentor"])
                else:
                    services.mentee_exit(
                        actor=actor,
                        mentee=mentee,
                        exit_date=data["exit_date"],
                        exit_reason=data["exit_reason"],
                    )
        except ValidationError as error:
            problems.append(f"{mentee}: {' '.join(error.messages)}")
    if problems:
        raise ValidationError(problems)
    return len(mentees)
