"""The report forms' API under ``/api/v1/statistics/forms``: the same reads and actions as the
pages, through the same services (errors in the API's one shape)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tuphap.core.errors import AccessDenied
from tuphap.core.pagination import StandardPagination, page_of
from tuphap.statistics.aggregate import permissions, selectors, services
from tuphap.statistics.aggregate.models import FormReport, ReportStatus


class FormReportOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    data_set = serializers.CharField(source="data_set.code")
    data_set_name = serializers.CharField(source="data_set.name")
    agency = serializers.CharField(source="agency.code")
    place = serializers.CharField(source="place.code", allow_null=True)
    period = serializers.CharField()
    deadline = serializers.DateField()
    status = serializers.CharField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    late = serializers.BooleanField()
    comment = serializers.CharField()


class FindingSerializer(serializers.Serializer[Any]):
    rule = serializers.CharField()
    severity = serializers.ChoiceField(choices=["error", "warning"])
    message = serializers.CharField()
    left = serializers.IntegerField()
    right = serializers.IntegerField(allow_null=True)


class FormReportDetailSerializer(FormReportOutputSerializer):
    cells = serializers.DictField(child=serializers.IntegerField(), help_text="cell → value")
    findings = FindingSerializer(many=True)


def _detail(report: FormReport) -> dict[str, Any]:
    data = dict(FormReportOutputSerializer(report).data)
    data["cells"] = {
        services.cell_name(element, option): value
        for (element, option), value in sorted(
            selectors.cells_of(report).items(), key=lambda item: (item[0][0], item[0][1] or "")
        )
    }
    data["findings"] = [finding.as_dict() for finding in selectors.findings_of(report)]
    return data


class FormReportListApi(APIView):
    """The form reports the caller may read."""

    class FilterSerializer(serializers.Serializer[Any]):
        status = serializers.ChoiceField(choices=ReportStatus.values, required=False)
        data_set = serializers.CharField(required=False)
        period = serializers.CharField(required=False)

    @extend_schema(
        parameters=[FilterSerializer], responses={200: page_of(FormReportOutputSerializer)}
    )
    def get(self, request: Request) -> Response:
        if not permissions.can_use(request.user):
            raise AccessDenied(_("Your role does not use the report forms."))
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        rows = selectors.report_list_for_user(request.user).order_by("-period_end", "id")
        values = filters.validated_data
        if values.get("status"):
            rows = rows.filter(status=values["status"])
        if values.get("data_set"):
            rows = rows.filter(data_set__code=values["data_set"])
        if values.get("period"):
            rows = rows.filter(period=values["period"])
        paginator = StandardPagination()
        page = paginator.paginate_queryset(rows, request, self)
        return paginator.get_paginated_response(FormReportOutputSerializer(page, many=True).data)


class FormReportDetailApi(APIView):
    @extend_schema(responses={200: FormReportDetailSerializer})
    def get(self, request: Request, report_id: int) -> Response:
        return Response(_detail(selectors.report_get_for_user(request.user, report_id)))


class FormValuesApi(APIView):
    """Save cells (all or nothing; an empty or null value clears a cell)."""

    class InputSerializer(serializers.Serializer[Any]):
        cells = serializers.DictField(
            child=serializers.CharField(allow_blank=True, allow_null=True),
            help_text='cell ("element" or "element.option") → figure',
        )

    @extend_schema(request=InputSerializer, responses={200: FormReportDetailSerializer})
    def post(self, request: Request, report_id: int) -> Response:
        report = selectors.report_get_for_user(request.user, report_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.values_save(
            actor=request.user, report=report, cells=data.validated_data["cells"], channel="api"
        )
        report.refresh_from_db()
        return Response(_detail(report))


class FormStepApi(APIView):
    """A workflow step: submit, return (comment required), approve, accept, unlock (reason)."""

    class InputSerializer(serializers.Serializer[Any]):
        action = serializers.ChoiceField(
            choices=["submit", "return", "approve", "accept", "unlock"]
        )
        comment = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(request=InputSerializer, responses={200: FormReportDetailSerializer})
    def post(self, request: Request, report_id: int) -> Response:
        report = selectors.report_get_for_user(request.user, report_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        action, comment = data.validated_data["action"], data.validated_data["comment"]
        actor = request.user
        if action == "submit":
            services.report_submit(actor=actor, report=report)
        elif action == "return":
            services.report_return(actor=actor, report=report, comment=comment)
        elif action == "approve":
            services.report_approve(actor=actor, report=report, comment=comment)
        elif action == "accept":
            services.report_accept(actor=actor, report=report)
        else:
            services.report_unlock(actor=actor, report=report, reason=comment)
        report.refresh_from_db()
        return Response(_detail(report))
