"""The report forms in the Django admin: an administrator declares data sets, their elements,
disaggregations and rules without a deploy. Values and their history are read-only here: they
change only through the form (services, with history and audit)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from tuphap.statistics.aggregate import selectors
from tuphap.statistics.aggregate.models import (
    CategoryCombo,
    CategoryOption,
    DataElement,
    DataSet,
    FormReport,
    HistoricBatch,
    HistoricEvent,
    HistoricFigure,
    ReportEvent,
    ValidationRule,
    ValueChange,
)


class RuleForm(forms.ModelForm[ValidationRule]):
    class Meta:
        model = ValidationRule
        fields = ("code", "kind", "left", "right", "threshold", "message")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        rule = self.instance
        for name in self.Meta.fields:
            if name in data:
                setattr(rule, name, data[name])
        if rule.data_set_id is not None:
            for name, reason in selectors.check_rule_definition(rule).items():
                self.add_error(name, reason)
        return data


class OptionInline(admin.TabularInline[CategoryOption, CategoryCombo]):
    model = CategoryOption
    extra = 1


@admin.register(CategoryCombo)
class ComboAdmin(admin.ModelAdmin[CategoryCombo]):
    list_display = ("code", "name")
    inlines = [OptionInline]


class ElementInline(admin.TabularInline[DataElement, DataSet]):
    model = DataElement
    extra = 1
    fields = ("order", "code", "name", "name_en", "section", "combo", "time", "designed")


class RuleInline(admin.TabularInline[ValidationRule, DataSet]):
    model = ValidationRule
    form = RuleForm
    extra = 1


@admin.register(DataSet)
class DataSetAdmin(admin.ModelAdmin[DataSet]):
    list_display = ("code", "name", "period_type", "reporting_level", "deadline_days", "active")
    list_filter = ("period_type", "reporting_level", "active")
    search_fields = ("code", "name")
    filter_horizontal = ("reporters",)
    inlines = [ElementInline, RuleInline]


class ReadOnly:
    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class EventInline(ReadOnly, admin.TabularInline[ReportEvent, FormReport]):
    model = ReportEvent
    extra = 0


@admin.register(FormReport)
class FormReportAdmin(ReadOnly, admin.ModelAdmin[FormReport]):
    list_display = ("data_set", "period", "agency", "status", "deadline", "late")
    list_filter = ("data_set", "status", "late")
    raw_id_fields = ("agency", "place")
    inlines = [EventInline]
    show_full_result_count = False


@admin.register(ValueChange)
class ValueChangeAdmin(ReadOnly, admin.ModelAdmin[ValueChange]):
    list_display = ("report", "element", "option", "old", "new", "changed_by", "changed_at")
    raw_id_fields = ("report",)
    show_full_result_count = False


class HistoricEventInline(ReadOnly, admin.TabularInline[HistoricEvent, HistoricBatch]):
    model = HistoricEvent
    extra = 0


@admin.register(HistoricBatch)
class HistoricBatchAdmin(ReadOnly, admin.ModelAdmin[HistoricBatch]):
    """Read-only: uploads change only through the statistician's page (approval, audit)."""

    list_display = ("title", "status", "figure_count", "first_month", "last_month", "uploaded_at")
    list_filter = ("status",)
    inlines = [HistoricEventInline]


@admin.register(HistoricFigure)
class HistoricFigureAdmin(ReadOnly, admin.ModelAdmin[HistoricFigure]):
    list_display = ("indicator", "period", "place", "agency", "value", "batch")
    list_filter = ("batch__status",)
    search_fields = ("indicator",)
    raw_id_fields = ("batch", "place", "province", "agency")
    show_full_result_count = False
