from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tuphap.core.pagination import StandardPagination, page_of
from tuphap.places.models import Boundaries
from tuphap.statistics import reports, selectors, services
from tuphap.statistics.models import ReportStage


class IndicatorListApi(APIView):
    """The registered indicators."""

    class OutputSerializer(serializers.Serializer[Any]):
        code = serializers.CharField()
        name_vi = serializers.CharField()
        name_en = serializers.CharField()
        unit = serializers.CharField()
        aggregation = serializers.CharField()
        time = serializers.CharField()
        numerator = serializers.CharField(allow_null=True)
        denominator = serializers.CharField(allow_null=True)

    @extend_schema(responses={200: OutputSerializer(many=True)})
    def get(self, request: Request) -> Response:
        return Response(self.OutputSerializer(selectors.indicator_list(), many=True).data)


class ReportRowSerializer(serializers.Serializer[Any]):
    indicator = serializers.CharField()
    unit = serializers.CharField()
    place = serializers.CharField(allow_null=True)
    place_name = serializers.CharField()
    value = serializers.FloatField(allow_null=True)
    previous = serializers.FloatField(allow_null=True)
    last_year = serializers.FloatField(allow_null=True)
    change = serializers.FloatField(allow_null=True)
    term_to_date = serializers.FloatField(allow_null=True)
    approximate = serializers.BooleanField()
    historic = serializers.ListField(
        child=serializers.ChoiceField(choices=list(reports.FIGURE_KEYS)),
        help_text="The figures of the row that come from historic data of past periods.",
    )


class ReportApi(APIView):
    """A report from the rollups: one row per indicator and place, with the previous period,
    the same period last year, the change and the term-to-date figure."""

    class InputSerializer(serializers.Serializer[Any]):
        indicators = serializers.CharField(help_text="Indicator codes, comma separated.")
        period = serializers.CharField(help_text="e.g. 2023, 2023H1, 2023Q4, THADS2023M06.")
        level = serializers.ChoiceField(choices=reports.LEVELS, default=reports.NATION)
        place = serializers.CharField(required=False, help_text="Province or commune code.")
        place_id = serializers.IntegerField(required=False, min_value=1)
        boundaries = serializers.ChoiceField(choices=Boundaries.values, default=Boundaries.NEW)

    class OutputSerializer(serializers.Serializer[Any]):
        period = serializers.CharField()
        level = serializers.CharField()
        boundaries = serializers.CharField()
        rows = ReportRowSerializer(many=True)

    @extend_schema(parameters=[InputSerializer], responses={200: OutputSerializer})
    def get(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.query_params)
        data.is_valid(raise_exception=True)
        query = selectors.report_query_parse(**data.validated_data)
        report = selectors.report_for_user(request.user, query)
        # The rows are plain JSON values already (integers, two-decimal percentages, null);
        # they go out as they are rather than through a serializer per cell.
        return Response(report.as_dict())


class ReportVersionOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    key = serializers.CharField()
    number = serializers.IntegerField()
    stage = serializers.CharField()
    period = serializers.CharField()
    level = serializers.CharField()
    boundaries = serializers.CharField()
    place_code = serializers.CharField(source="place.code", allow_null=True, default=None)
    indicators = serializers.ListField(child=serializers.CharField())
    note = serializers.CharField()
    agency_code = serializers.CharField(source="agency.code")
    issued_by = serializers.CharField(source="issued_by.username")
    issued_at = serializers.DateTimeField()


class ReportVersionListApi(APIView):
    """Issued reports (immutable versions) visible to the caller; POST issues one."""

    class InputSerializer(ReportApi.InputSerializer):
        stage = serializers.ChoiceField(choices=ReportStage.values)
        note = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")

    @extend_schema(responses={200: page_of(ReportVersionOutputSerializer)})
    def get(self, request: Request) -> Response:
        paginator = StandardPagination()
        versions = selectors.report_version_list_for_user(request.user)
        page = paginator.paginate_queryset(versions, request, self)
        return paginator.get_paginated_response(ReportVersionOutputSerializer(page, many=True).data)

    @extend_schema(request=InputSerializer, responses={201: ReportVersionOutputSerializer})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        stage, note = values.pop("stage"), values.pop("note")
        query = selectors.report_query_parse(**values)
        version = services.report_issue(actor=request.user, query=query, stage=stage, note=note)
        return Response(ReportVersionOutputSerializer(version).data, status=201)


class ReportVersionDetailApi(APIView):
    """One issued report with the figures as they were issued."""

    class OutputSerializer(ReportVersionOutputSerializer):
        rows = serializers.JSONField()

    @extend_schema(responses={200: OutputSerializer})
    def get(self, request: Request, version_id: int) -> Response:
        version = selectors.report_version_get_for_user(request.user, version_id)
        return Response(self.OutputSerializer(version).data)
