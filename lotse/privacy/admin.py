"""Consent texts in the administration: administrators add versions and translations; a text
that consents refer to keeps its wording (``services.consent_text_save``). Requests and
restrictions are not in the admin: they are about persons (the desk has them)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError

from lotse.privacy import services
from lotse.privacy.forms import ConsentTextAdminForm
from lotse.privacy.models import ConsentText


@admin.register(ConsentText)
class ConsentTextAdmin(admin.ModelAdmin):
    form = ConsentTextAdminForm
    list_display = ("purpose", "version", "language", "valid_from", "checked_translation")
    list_filter = ("purpose", "language", "checked_translation")
    search_fields = ("title", "version")

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and services.consent_text_in_use(obj):
            return [f for f in services.CONSENT_TEXT_FIELDS if f not in services.AGREED_TEXT_FIELDS]
        return []

    def save_model(self, request, obj, form, change) -> None:
        try:
            services.consent_text_save(actor=request.user, text=obj)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))

    def delete_model(self, request, obj) -> None:
        services.consent_text_delete(actor=request.user, text=obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and services.consent_text_in_use(obj):
            return False
        return super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset) -> None:
        for text in queryset:
            if not services.consent_text_in_use(text):
                services.consent_text_delete(actor=request.user, text=text)
