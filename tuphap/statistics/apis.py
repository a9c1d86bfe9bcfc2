from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tuphap.places.models import Boundaries
from tuphap.statistics import reports, selectors


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
