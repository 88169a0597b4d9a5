"""No silent lost updates: one scheme for every record a form (or the API) can change.

Each such record is a ``VersionedModel``. A form that edits or deletes it
sends the ``version`` it was opened with back in a hidden field (``add_version_field``); the
service calls ``claim_version`` inside its transaction before writing. A missing, garbled or
old version is refused with ``StaleRecordError``; nothing is written and the view shows the
user's input again with the current version, so a deliberate second save goes through.
"""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

STALE_MESSAGE = _(
    "Someone else has changed this record since you opened it. Your input is shown "
    "below; check the current record and save again to overwrite it."
)


class VersionedModel(models.Model):
    """A record that forms (and later the API) change. ``version`` counts its saved changes:
    every ``save()`` of a stored record adds one (also writes without a form, such as a task
    marked done, so a form opened before them is refused), and an edit is only written if it
    was made on the version it names (``claim_version``)."""

    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self._state.adding or kwargs.get("force_insert"):
            super().save(*args, **kwargs)
            return
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        self.version = models.F("version") + 1
        super().save(*args, **kwargs)
        rows = type(self)._base_manager.filter(pk=self.pk)
        self.version = rows.values_list("version", flat=True).get()


class StaleRecordError(ValidationError):
    """The record was saved by someone else after the form was opened (or the form did not say
    which version it was opened with); nothing was changed."""

    def __init__(self, message: Any = STALE_MESSAGE) -> None:
        super().__init__(message, code="stale")


def expected_version(value: object) -> int:
    """The version a client sent back, or ``StaleRecordError`` when it is missing or garbled."""
    if isinstance(value, bool):
        raise StaleRecordError
    if isinstance(value, int):
        number = value
    else:
        text = str(value or "").strip()
        if not text.isascii() or not text.isdigit() or len(text) > 9:
            raise StaleRecordError
        number = int(text)
    if number < 1:
        raise StaleRecordError
    return number


def claim_version(instance: models.Model, version: object) -> None:
    """Lock the row of ``instance`` if it still has ``version``; otherwise raise
    ``StaleRecordError`` (or a ``ValidationError`` if the record is gone).

    The check is a conditional ``UPDATE … WHERE version = expected``, so it holds the row (on
    SQLite the database) until the transaction ends; the ``save()`` that follows adds one to
    the version. Call it inside ``transaction.atomic``.
    """
    expected = expected_version(version)
    rows = type(instance)._base_manager.filter(pk=instance.pk)
    if rows.filter(version=expected).update(version=expected) != 1:
        if not rows.exists():
            raise ValidationError(_("This record has been deleted in the meantime."))
        raise StaleRecordError
    instance.version = expected


def add_version_field(form: forms.BaseForm, record: models.Model | None) -> forms.BaseForm:
    """Give an edit form the hidden ``version`` field, set to the record's current version.
    A bound form keeps what the client sent: the service judges it."""
    if record is not None and record.pk is not None:
        form.fields["version"] = forms.CharField(
            widget=forms.HiddenInput, required=False, initial=record.version
        )
    return form


def show_current_version(form: forms.BaseForm, record: models.Model) -> None:
    """After a refused stale write: keep the user's input, but carry the current version, so
    saving again (after checking) overwrites the other change on purpose."""
    current = type(record)._base_manager.filter(pk=record.pk).values_list("version", flat=True)
    if form.is_bound and current:
        form.data = form.data.copy()
        form.data[form.add_prefix("version")] = str(current[0])
