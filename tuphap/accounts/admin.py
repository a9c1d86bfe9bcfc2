from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from tuphap.accounts.models import Agency, User, UserRole


class UserRoleInline(admin.TabularInline[UserRole, User]):
    model = UserRole
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin[User]):
    list_display = ("username", "full_name", "agency", "is_active", "last_login")
    list_filter = ("is_active", "agency__kind", "roles__role")
    search_fields = ("username", "full_name", "email", "agency__name")
    list_select_related = ("agency",)
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("tuphap", {"fields": ("full_name", "agency")}),
    )
    inlines = [UserRoleInline]
    autocomplete_fields = ("agency",)


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin[Agency]):
    list_display = ("code", "name", "kind", "level", "parent", "valid_from", "valid_to")
    list_filter = ("kind", "level")
    search_fields = ("code", "name", "name_en")
    list_select_related = ("parent",)
    raw_id_fields = ("parent", "province")
    filter_horizontal = ("jurisdiction",)
