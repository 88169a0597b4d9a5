"""Letter templates in the administration: read only (a new wording is a new version, written
on the project's template pages or by ``seed_letter_templates``), with the action by which an
administrator records that a native speaker has checked a programme-wide translation."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from lotse.letters import services
from lotse.letters.models import LetterTemplate


@admin.register(LetterTemplate)
class LetterTemplateAdmin(admin.ModelAdmin):
    list_display = ("kind", "language", "project", "version", "checked_at", "checked_by")
    list_filter = ("kind", "language", ("project", admin.EmptyFieldListFilter))
    search_fields = ("subject",)
    actions = ["confirm_checked"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Checked by a native speaker"))
    def confirm_checked(self, request, queryset) -> None:
        done = 0
        for template in queryset.filter(project__isnull=True, checked_at__isnull=True):
            try:
                services.template_confirm_check(actor=request.user, template=template)
            except PermissionDenied:
                messages.error(request, _("Only administrators confirm the programme's texts."))
                return
            done += template.is_translation
        messages.success(request, _("%(count)d translations confirmed.") % {"count": done})
