"""``{% load phone %}``: phone numbers stored in E.164, shown for reading and dialling.

``{{ mentee.phone|phone }}`` gives the national format for German numbers ("0351 1234567"), the
international one for others; ``{{ mentee.phone|phone_uri }}`` the ``tel:`` target. Numbers that
do not parse (entries older than the check) are shown as written."""

from django import template

from lotse.lib.validation import display_phone, parse_phone

register = template.Library()


@register.filter
def phone(value: str) -> str:
    return display_phone(value or "")


@register.filter
def phone_uri(value: str) -> str:
    """The ``tel:`` URI of the number, or "" when it does not parse."""
    import phonenumbers

    number = parse_phone(value) if value else None
    if number is None:
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.RFC3966)
