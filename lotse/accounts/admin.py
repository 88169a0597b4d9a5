"""Users, projects and memberships in the Django admin, every change of access through the
audited services of ``lotse.accounts.services``.

Access in Lotse is the programme role and the project memberships (and the staff flags for
the admin itself); Django's groups and permissions are not used, so they are not editable here.
Nobody edits their own access fields, and programme roles cannot be project members.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from lotse.accounts import services
from lotse.accounts.models import Membership, Organisation, ProgrammeRole, Project, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = User.objects.filter(
                programme_role=ProgrammeRole.NONE, is_staff=False, is_superuser=False
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None) -> bool:
        if isinstance(obj, User) and obj.pk == request.user.pk:
            return False
        return super().has_change_permission(request, obj)

    has_add_permission = has_delete_permission = has_change_permission  # type: ignore[assignment]


class AuditedMembershipsMixin:
    """Inline memberships are saved and deleted through the services, each with an audit row."""

    def save_formset(self, request, form, formset, change) -> None:
        if formset.model is not Membership:
            super().save_formset(request, form, formset, change)
            return
        memberships = formset.save(commit=False)
        for membership in formset.deleted_objects:
            services.membership_delete(actor=request.user, membership=membership)
        for membership in memberships:
            services.membership_save(
                actor=request.user,
                user=membership.user,
                project=membership.project,
                role=membership.role,
                membership=membership if membership.pk else None,
            )


@admin.register(User)
class UserAdmin(AuditedMembershipsMixin, BaseUserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "programme_role", "is_active"]
    list_filter = ["programme_role", "is_active", "memberships__project"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Access"), {"fields": ("programme_role", "is_active", "is_staff", "is_superuser")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )

    def get_readonly_fields(self, request, obj=None) -> list[str]:
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.pk == request.user.pk:
            readonly += services.ACCESS_FIELDS
        return readonly

    def save_model(self, request, obj, form, change) -> None:
        before = None
        if change:
            stored = User.objects.get(pk=obj.pk)
            before = {name: getattr(stored, name) for name in services.ACCESS_FIELDS}
        services.user_save_access(actor=request.user, user=obj, before=before)

    def delete_model(self, request, obj) -> None:
        services.user_delete(actor=request.user, user=obj)

    def delete_queryset(self, request, queryset) -> None:
        for user in queryset:
            services.user_delete(actor=request.user, user=user)

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.pk == request.user.pk:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Project)
class ProjectAdmin(AuditedMembershipsMixin, admin.ModelAdmin):
    list_display = ["name", "organisation", "is_active", "esf_indicators"]
    filter_horizontal = ["districts"]
    inlines = [MembershipInline]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # projects are deactivated, not deleted (their memberships stay audited)
