from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from tuphap.statistics.aggregate import admin as _aggregate_admin  # noqa: F401  (registers the forms)
from tuphap.statistics.models import Rollup, RollupCoverage


class ReadOnly:
    """Rollups are derived: rebuilt by ``refresh_rollups``, never edited by hand."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Rollup)
class RollupAdmin(ReadOnly, admin.ModelAdmin[Rollup]):
    list_display = ("indicator", "month", "place", "province", "agency", "value", "computed_at")
    list_filter = ("indicator",)
    search_fields = ("indicator",)
    date_hierarchy = "month"
    raw_id_fields = ("place", "province", "agency")
    show_full_result_count = False


@admin.register(RollupCoverage)
class RollupCoverageAdmin(ReadOnly, admin.ModelAdmin[RollupCoverage]):
    list_display = ("indicator", "month", "rows", "synthetic", "computed_at")
    list_filter = ("indicator", "synthetic")
