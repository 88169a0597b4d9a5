"""The administrator's page of BA import runs (Django admin): each run's counts and problems.
Everything shown was written by the runs; nothing can be edited here."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lotse.accounts.selectors import is_administrator
from lotse.jobsuche.models import ImportRun


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = [
        "started_at",
        "status",
        "duration",
        "found",
        "new",
        "changed",
        "unchanged",
        "closed",
        "failed",
        "first_problem",
    ]
    list_filter = ["status"]
    date_hierarchy = "started_at"
    readonly_fields = [field.name for field in ImportRun._meta.fields]

    @admin.display(description=_("problems"))
    def first_problem(self, run: ImportRun) -> str:
        if not run.problems:
            return "–"
        more = len(run.problems) - 1
        return f"{run.problems[0][:120]}" + (f" (+{more})" if more else "")

    @admin.display(description=_("duration"))
    def duration(self, run: ImportRun) -> str:
        return str(run.duration).split(".")[0] if run.duration else "–"

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_administrator(request.user) or super().has_module_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_administrator(request.user) or super().has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
