"""``{{ minutes|hours }}``: minutes as decimal hours with two places, as the language writes
numbers (German: 1,50)."""

from django import template
from django.utils import formats

register = template.Library()


@register.filter
def hours(minutes: int | None) -> str:
    return formats.number_format((minutes or 0) / 60, 2)


@register.inclusion_tag("reporting/_paper_links.html", takes_context=True)
def paper_links(context) -> dict:
    """Links to the time sheet (members of a project) and the Sachbericht (project leads, the
    coordinator), for the report page."""
    from lotse.accounts.selectors import is_coordinator, lead_project_ids_for, project_ids_for

    user = context["request"].user
    return {
        "timesheet": bool(project_ids_for(user)),
        "sachbericht": is_coordinator(user) or bool(lead_project_ids_for(user)),
    }
