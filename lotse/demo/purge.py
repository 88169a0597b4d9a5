"""Removing the previous demo data, so that running ``load_demo`` again replaces it.

Everything that hangs off a demo project (mentees and their case files, journals, employers,
vacancies, applications, placements, and whatever other apps add later) is found by following
foreign keys to ``accounts.Project``; no list of models needs to be kept up to date here. The
audit trail is never touched: it is append-only and has no foreign keys to these rows.
"""

from collections import deque

from django.apps import apps
from django.db import models, transaction

from lotse.accounts.models import Project

# Apps whose rows are never demo data of a project (or must never be deleted).
SKIPPED_APPS = {
    "accounts",
    "reference",
    "audit",
    "admin",
    "auth",
    "contenttypes",
    "sessions",
    "django_tasks_database",
    "django_tasks_db",
}


def path_to_project(model: type[models.Model], max_depth: int = 4) -> str | None:
    """The shortest lookup from ``model`` to ``accounts.Project`` along foreign keys, e.g.
    ``"application__mentee__project"``; None if there is none."""
    queue = deque([(model, "")])
    seen = {model}
    while queue:
        current, path = queue.popleft()
        if path.count("__") >= max_depth:
            continue
        for field in current._meta.concrete_fields:
            if not field.is_relation or field.related_model is None:
                continue
            target = field.related_model
            lookup = f"{path}__{field.name}" if path else field.name
            if target is Project:
                return lookup
            if target not in seen and target._meta.app_label not in SKIPPED_APPS:
                seen.add(target)
                queue.append((target, lookup))
    return None


def demo_models() -> list[tuple[type[models.Model], str]]:
    found = []
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label in SKIPPED_APPS or model._meta.proxy:
            continue
        path = path_to_project(model)
        if path:
            found.append((model, path))
    return found


def purge_projects(projects: list[Project]) -> dict[str, int]:
    """Delete every row that belongs to ``projects`` (not the projects themselves), in one
    transaction.

    One ``DELETE … WHERE pk IN (SELECT …)`` per table, the tables with the longest path to the
    project first: the tables a path runs through have shorter paths, so they still hold their
    rows when the path is followed. Foreign keys are checked at commit (Django creates them
    deferrable), so rows that point at each other across tables do not get in the way.
    """
    project_ids = [p.pk for p in projects]
    deleted: dict[str, int] = {}
    ordered = sorted(demo_models(), key=lambda item: -item[1].count("__"))
    with transaction.atomic():
        for model, path in ordered:
            rows = model._base_manager.filter(**{f"{path}__in": project_ids})
            count = rows._raw_delete(rows.db)
            if count:
                deleted[model._meta.label] = count
    return deleted
