from django.contrib import admin

from lotse.employers.models import Sector


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    """The WZ 2008 catalogue, for reference; it is loaded by ``import_sectors``."""

    list_display = ["code", "name_de", "name_en", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name_de", "name_en"]
