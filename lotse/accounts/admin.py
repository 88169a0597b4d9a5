from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import Membership, Organisation, Project, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "programme_role", "is_active"]
    list_filter = ["programme_role", "is_active", "memberships__project"]
    fieldsets = (*BaseUserAdmin.fieldsets, (_("Lotse"), {"fields": ["programme_role"]}))


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "is_active", "esf_indicators"]
    filter_horizontal = ["districts"]
    inlines = [MembershipInline]
