from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import F, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from tuphap.places import services
from tuphap.places.models import (
    REORGANISATION_DATE,
    AdministrativeUnit,
    Boundaries,
    RemoteAreaListing,
    UnitSuccession,
)


class BoundariesFilter(admin.SimpleListFilter):
    """Old (until 30 June 2025) or new (from 1 July 2025) boundary set."""

    title = _("validity")
    parameter_name = "boundaries"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return list(Boundaries.choices)

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        new = Q(valid_from__gte=REORGANISATION_DATE)
        if self.value() == Boundaries.NEW:
            return queryset.filter(new)
        if self.value() == Boundaries.OLD:
            return queryset.exclude(new)
        return queryset


class UnitSuccessionInline(admin.TabularInline[UnitSuccession, AdministrativeUnit]):
    model = UnitSuccession
    fk_name = "predecessor"
    extra = 0
    raw_id_fields = ("successor",)
    verbose_name = _("successor")
    verbose_name_plural = _("successors")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin[AdministrativeUnit]):
    list_display = ("code", "name", "unit_type", "level", "province", "valid_from", "valid_to")
    list_filter = ("level", BoundariesFilter, "unit_type")
    search_fields = ("=code", "name", "name_folded")
    list_select_related = ("province",)
    raw_id_fields = ("parent", "province")
    readonly_fields = ("name_folded",)
    # Old units (no valid_from) first on every database.
    ordering = ("level", "code", F("valid_from").asc(nulls_first=True))  # type: ignore[assignment]  # Django takes expressions; the stubs allow str only
    inlines = [UnitSuccessionInline]

    def save_model(
        self, request: HttpRequest, obj: AdministrativeUnit, form: Any, change: bool
    ) -> None:
        services.unit_save(actor=request.user, unit=obj, changed=list(form.changed_data))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Records keep the unit valid at their date: end a unit with valid_to, never delete it.
        return False


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(admin.ModelAdmin[UnitSuccession]):
    list_display = ("predecessor", "successor", "kind", "effective_date", "note")
    list_filter = ("kind", "predecessor__level", "effective_date")
    search_fields = (
        "=predecessor__code",
        "=successor__code",
        "predecessor__name_folded",
        "successor__name_folded",
        "predecessor__name",
        "successor__name",
    )
    list_select_related = ("predecessor", "successor")
    raw_id_fields = ("predecessor", "successor")

    def save_model(
        self, request: HttpRequest, obj: UnitSuccession, form: Any, change: bool
    ) -> None:
        services.succession_save(
            actor=request.user, succession=obj, changed=list(form.changed_data)
        )

    def delete_model(self, request: HttpRequest, obj: UnitSuccession) -> None:
        services.succession_delete(actor=request.user, succession=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[UnitSuccession]) -> None:
        for succession in queryset:
            services.succession_delete(actor=request.user, succession=succession)


@admin.register(RemoteAreaListing)
class RemoteAreaListingAdmin(admin.ModelAdmin[RemoteAreaListing]):
    """The decisions listing units as remote areas (saved and audited through ``services``)."""

    list_display = ("unit", "decision", "decided_on", "valid_from", "valid_to")
    list_filter = ("valid_from", "unit__province")
    search_fields = ("=unit__code", "unit__name_folded", "unit__name", "decision")
    list_select_related = ("unit",)
    raw_id_fields = ("unit",)

    def save_model(
        self, request: HttpRequest, obj: RemoteAreaListing, form: Any, change: bool
    ) -> None:
        services.remote_listing_save(
            actor=request.user, listing=obj, changed=list(form.changed_data)
        )

    def delete_model(self, request: HttpRequest, obj: RemoteAreaListing) -> None:
        services.remote_listing_delete(actor=request.user, listing=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[RemoteAreaListing]) -> None:
        for listing in queryset:
            services.remote_listing_delete(actor=request.user, listing=listing)
