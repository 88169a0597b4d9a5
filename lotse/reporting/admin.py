from django.contrib import admin

from lotse.reporting.models import FundingPeriod


@admin.register(FundingPeriod)
class FundingPeriodAdmin(admin.ModelAdmin):
    list_display = ["name", "start", "end"]
    ordering = ["start"]
