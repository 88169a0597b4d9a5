"""Reference data in the Django admin: the imported official data is read-only (it comes from
the files and would be overwritten by the next import); residence-title rules are editable."""

from typing import Any

from django.contrib import admin
from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lotse.lib.forms import LotseModelForm
from lotse.reference.models import (
    Country,
    District,
    Language,
    Occupation,
    OccupationTitle,
    Postcode,
    ResidenceTitle,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Imported data: look, search, filter; change it only by importing a new file."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Occupation)
class OccupationAdmin(ReadOnlyAdmin):
    list_display = ["code", "title", "level", "requirement_level"]
    list_filter = ["level"]
    search_fields = ["code", "title", "short_title"]
    show_full_result_count = False


@admin.register(OccupationTitle)
class OccupationTitleAdmin(ReadOnlyAdmin):
    list_display = ["title", "dkz_id", "ba_code", "occupation_id", "state"]
    list_filter = ["state"]
    search_fields = ["title", "=dkz_id", "ba_code", "=occupation__code"]
    list_select_related = ["occupation"]
    show_full_result_count = False


@admin.register(District)
class DistrictAdmin(ReadOnlyAdmin):
    list_display = ["ags", "name", "state", "latitude", "longitude"]
    list_filter = ["state"]
    search_fields = ["ags", "name"]


@admin.register(Postcode)
class PostcodeAdmin(ReadOnlyAdmin):
    list_display = ["code", "place", "district", "latitude", "longitude"]
    list_filter = ["district__state"]
    search_fields = ["code", "place"]
    list_select_related = ["district"]
    show_full_result_count = False


@admin.register(Country)
class CountryAdmin(ReadOnlyAdmin):
    list_display = ["iso_code", "name_de", "name_en", "region", "is_eu_eea"]
    list_filter = ["region", "is_eu_eea", "is_safe_country_of_origin"]
    search_fields = ["iso_code", "name_de", "name_en"]


@admin.register(Language)
class LanguageAdmin(ReadOnlyAdmin):
    list_display = ["iso_code", "name_de", "name_en"]
    search_fields = ["iso_code", "name_de", "name_en"]


class ResidenceTitleForm(LotseModelForm):
    """Refuses a period that overlaps another version of the same rule, so that exactly one
    version is in force on any date."""

    class Meta:
        model = ResidenceTitle
        fields = [
            "code",
            "name",
            "name_en",
            "legal_basis",
            "source",
            "valid_from",
            "valid_until",
            "work_permission",
            "needs_permit",
            "waiting_months",
            "waiting_months_reception_centre",
            "max_hours_per_week",
            "banned_if_identity_unclarified",
            "safe_country_cutoff",
            "arrival_cutoff",
            "hint",
            "hint_en",
            "is_verified",
        ]

    def clean(self) -> dict:
        data = super().clean()
        code, start, end = data.get("code"), data.get("valid_from"), data.get("valid_until")
        if code and start:
            if end and end < start:
                self.add_error("valid_until", _("The rule cannot end before it starts."))
                return data
            others = ResidenceTitle.objects.filter(code=code).exclude(pk=self.instance.pk)
            overlapping = others.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=start))
            if end:
                overlapping = overlapping.filter(valid_from__lte=end)
            clash = overlapping.order_by("valid_from").first()
            if clash:
                self.add_error(
                    "valid_from",
                    _(
                        "This period overlaps the version valid from %(date)s. End that "
                        "version first (rule valid until) so that one version is in force "
                        "on any date."
                    )
                    % {"date": clash.valid_from.isoformat()},
                )
        return data


@admin.register(ResidenceTitle)
class ResidenceTitleAdmin(admin.ModelAdmin):
    form = ResidenceTitleForm
    list_display = [
        "name",
        "code",
        "work_permission",
        "needs_permit",
        "valid_from",
        "valid_until",
        "is_verified",
    ]
    list_filter = ["work_permission", "needs_permit", "is_verified"]
    search_fields = ["code", "name", "name_en", "legal_basis"]
    ordering = ["code", "-valid_from"]
    fieldsets = [
        (None, {"fields": ["code", "name", "name_en", "legal_basis", "source"]}),
        (_("period in force"), {"fields": ["valid_from", "valid_until"]}),
        (
            _("rule"),
            {
                "fields": [
                    "work_permission",
                    "needs_permit",
                    "waiting_months",
                    "waiting_months_reception_centre",
                    "max_hours_per_week",
                    "banned_if_identity_unclarified",
                    "safe_country_cutoff",
                    "arrival_cutoff",
                ]
            },
        ),
        (_("hint"), {"fields": ["hint", "hint_en", "is_verified"]}),
    ]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Residence statuses point to rule versions; end a rule with "valid until" instead.
        return False
