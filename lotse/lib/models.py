"""Abstract model bases shared by the domain apps."""

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.lib import validation

_UNSET = object()


class CheckedModel(models.Model):
    """Applies ``lotse.lib.validation`` in ``full_clean()``: text without control characters
    (NFC), names with a letter, phone numbers in E.164, dates in their window, periods in order
    and not too long. The same checks the forms make, for services, imports and the API.

    A value that has not changed since it was loaded passes unchecked, so that a record stored
    before a check existed can still be changed in its other fields (and removed)."""

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db: str | None, field_names: Any, values: Any) -> "CheckedModel":
        instance = super().from_db(db, field_names, values)
        instance._loaded_values = dict(zip(field_names, values, strict=True))
        return instance

    def _unchanged(self, field: models.Field, value: object) -> bool:
        loaded = getattr(self, "_loaded_values", None)
        return loaded is not None and loaded.get(field.attname, _UNSET) == value

    def clean_fields(self, exclude: Any = None) -> None:
        errors: dict[str, list[ValidationError]] = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        exclude = set(exclude or ()) | set(errors)
        model = type(self)
        for field in self._meta.concrete_fields:
            if field.name in exclude:
                continue
            value = getattr(self, field.attname)
            try:
                value = self._check_field(model, field, value)
            except ValidationError as error:
                errors.setdefault(field.name, []).extend(error.error_list)
                continue
            setattr(self, field.attname, value)
        for period in validation.periods_for(model):
            if period.start in exclude or period.end in exclude or period.end in errors:
                continue
            if self._unchanged_fields(period.start, period.end):
                continue
            for name, error in validation.check_period(
                period, getattr(self, period.start), getattr(self, period.end)
            ).items():
                errors.setdefault(name, []).append(error)
        if errors:
            raise ValidationError(errors)

    def _unchanged_fields(self, *names: str) -> bool:
        return all(
            self._unchanged(self._meta.get_field(name), getattr(self, name)) for name in names
        )

    def _check_field(self, model: type, field: models.Field, value: Any) -> Any:
        if self._unchanged(field, value):
            return value
        key = validation.model_key(model, field.name)
        if isinstance(value, str) and isinstance(field, models.CharField | models.TextField):
            value = validation.normalise_text(value)
            validation.check_text(value, multiline=isinstance(field, models.TextField))
            if key in validation.PERSON_NAME_FIELDS:
                validation.check_person_name(value)
            if key in validation.PHONE_FIELDS:
                value = validation.normalise_phone(value)
        elif isinstance(field, models.DateField) and not (field.auto_now or field.auto_now_add):
            window = validation.DATE_WINDOWS.get(key)
            if window is not None:
                window.check(value)
        return value


class PublicIdModel(CheckedModel):
    """A model whose URLs carry a random UUID instead of the integer key."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        abstract = True


class TimestampedModel(CheckedModel):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True
