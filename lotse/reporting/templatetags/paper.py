"""``{{ minutes|hours }}``: minutes as decimal hours with two places, as the language writes
numbers (German: 1,50)."""

from django import template
from django.utils import formats

register = template.Library()


@register.filter
def hours(minutes: int | None) -> str:
    return formats.number_format((minutes or 0) / 60, 2)
