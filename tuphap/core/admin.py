from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from tuphap.core.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    """Read only: the trail is append-only."""

    list_display = (
        "occurred_at",
        "actor_username",
        "action",
        "object_type",
        "object_id",
        "client_address",
    )
    list_filter = ("action", "channel")
    search_fields = ("actor_username", "object_id", "request_id")
    date_hierarchy = "occurred_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
