"""Read-only admin views: every change to a case goes through ``casework.services``."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from tuphap.casework.models import Case, CaseAction, Notification


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # shared by several models
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ["register", "display_number", "agency", "state", "due_at", "assignee"]
    list_filter = ["register", "state"]
    list_select_related = ["agency", "assignee"]
    search_fields = ["number"]


@admin.register(CaseAction)
class CaseActionAdmin(ReadOnlyAdmin):
    list_display = ["case", "sequence", "kind", "from_state", "to_state", "actor", "at"]
    list_filter = ["kind"]
    list_select_related = ["case", "actor"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["recipient", "kind", "text", "created_at", "read_at"]
    list_select_related = ["recipient"]
