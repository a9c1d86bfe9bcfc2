from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from tuphap.core import calendar
from tuphap.core.models import AuditEvent, CalendarOverride


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


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin[CalendarOverride]):
    """Government day swaps. Every change goes through the calendar service: it is audited and
    the application's calendar is rebuilt."""

    list_display = ("date", "kind", "reason", "source", "updated_at")
    list_filter = ("kind",)
    search_fields = ("reason", "source")
    date_hierarchy = "date"
    fields = ("date", "kind", "reason", "source")

    def save_model(
        self, request: HttpRequest, obj: CalendarOverride, form: Any, change: bool
    ) -> None:
        calendar.calendar_override_save(
            actor=request.user,
            date=obj.date,
            kind=obj.kind,
            reason=obj.reason,
            source=obj.source,
            instance=obj,
        )

    def delete_model(self, request: HttpRequest, obj: CalendarOverride) -> None:
        calendar.calendar_override_delete(actor=request.user, instance=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CalendarOverride]) -> None:
        for obj in queryset:
            calendar.calendar_override_delete(actor=request.user, instance=obj)
