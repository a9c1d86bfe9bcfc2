"""Calendar API: deadline computation and the year's days off, for any signed-in user."""

from __future__ import annotations

import re
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tuphap.core import calendar, deadlines


class StrictIntegerField(serializers.IntegerField):
    """An integer written as digits only: "3.0", "3.5", "1e3" and "" are refused."""

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool | float):
            self.fail("invalid")
        if isinstance(data, str) and not re.fullmatch(r"\s*-?[0-9]+\s*", data):
            self.fail("invalid")
        return int(super().to_internal_value(data))


class CalendarDeadlineApi(APIView):
    """When a period ends: Civil Code Art. 147–148 with the working-day calendar."""

    class InputSerializer(serializers.Serializer[Any]):
        start = serializers.DateField(input_formats=["iso-8601"])
        amount = StrictIntegerField(min_value=1)
        unit = serializers.ChoiceField(choices=[unit.value for unit in deadlines.DAY_UNITS])

    class OutputSerializer(serializers.Serializer[Any]):
        start = serializers.DateField()
        amount = serializers.IntegerField()
        unit = serializers.CharField()
        due = serializers.DateField()

    @extend_schema(parameters=[InputSerializer], responses={200: OutputSerializer})
    def get(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.query_params)
        data.is_valid(raise_exception=True)
        start, amount, unit = (data.validated_data[name] for name in ("start", "amount", "unit"))
        due = deadlines.due_date(start, amount, unit, calendar=calendar.default_calendar())
        return Response(
            self.OutputSerializer({"start": start, "amount": amount, "unit": unit, "due": due}).data
        )


class DayOutputSerializer(serializers.Serializer[Any]):
    date = serializers.DateField()
    reason = serializers.CharField()


class CalendarWorkingDaysApi(APIView):
    """A year's days off (other than plain weekends) and make-up working days."""

    class InputSerializer(serializers.Serializer[Any]):
        year = StrictIntegerField(min_value=calendar.FIRST_YEAR, max_value=calendar.LAST_YEAR)

    class OutputSerializer(serializers.Serializer[Any]):
        year = serializers.IntegerField()
        working_day_count = serializers.IntegerField()
        days_off = DayOutputSerializer(many=True)
        working_days = DayOutputSerializer(many=True)

    @extend_schema(parameters=[InputSerializer], responses={200: OutputSerializer})
    def get(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.query_params)
        data.is_valid(raise_exception=True)
        year: int = data.validated_data["year"]
        working_calendar = calendar.default_calendar()
        days_off, working_days = working_calendar.year_exceptions(year)
        return Response(
            self.OutputSerializer(
                {
                    "year": year,
                    "working_day_count": working_calendar.working_day_count(year),
                    "days_off": days_off,
                    "working_days": working_days,
                }
            ).data
        )
