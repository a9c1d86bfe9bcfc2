"""The API of the inspections register under ``/api/v1/oversight/inspections/``: the
inspections the caller may see, one inspection with its team, recommendations and sampled
decisions, and its steps, through the same services as the pages."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tuphap.core.pagination import StandardPagination, page_of
from tuphap.oversight.inspections import rules, selectors, services
from tuphap.oversight.inspections import workflow as inspections


class MemberSerializer(serializers.Serializer[Any]):
    full_name = serializers.CharField()
    role = serializers.CharField()
    agency_name = serializers.CharField()


class RecommendationSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    text = serializers.CharField()
    amount = serializers.IntegerField()
    due_on = serializers.DateField()
    status = serializers.CharField()
    recovered = serializers.IntegerField()
    implemented_on = serializers.DateField(allow_null=True)


class InspectionOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="case_id")
    state = serializers.CharField(source="case.state")
    due_at = serializers.DateTimeField(source="case.due_at", allow_null=True)
    agency_id = serializers.IntegerField()
    kind = serializers.CharField()
    form = serializers.CharField()
    inter_sectoral = serializers.BooleanField()
    violations_law = serializers.BooleanField()
    title = serializers.CharField()
    decision_number = serializers.CharField()
    decision_date = serializers.DateField()
    issuer = serializers.CharField()
    scope = serializers.CharField()
    period_from = serializers.DateField()
    period_to = serializers.DateField()
    on_site_from = serializers.DateField(allow_null=True)
    on_site_to = serializers.DateField(allow_null=True)
    report_on = serializers.DateField(allow_null=True)
    conclusion_number = serializers.CharField()
    conclusion_date = serializers.DateField(allow_null=True)
    team = MemberSerializer(many=True)
    recommendations = RecommendationSerializer(many=True)


def _data(request: Request, case_id: int) -> dict[str, Any]:
    return dict(
        InspectionOutputSerializer(selectors.inspection_get_for_user(request.user, case_id)).data
    )


class InspectionListApi(APIView):
    class FilterSerializer(serializers.Serializer[Any]):
        kind = serializers.ChoiceField(choices=rules.Kind.values, required=False)

    @extend_schema(
        parameters=[FilterSerializer], responses={200: page_of(InspectionOutputSerializer)}
    )
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        rows = (
            selectors.visible_inspections(request.user)
            .prefetch_related("team", "recommendations")
            .order_by("-decision_date", "-case_id")
        )
        if filters.validated_data.get("kind"):
            rows = rows.filter(kind=filters.validated_data["kind"])
        paginator = StandardPagination()
        page = paginator.paginate_queryset(rows, request, self)
        return paginator.get_paginated_response(InspectionOutputSerializer(page, many=True).data)


class InspectionDetailApi(APIView):
    @extend_schema(responses={200: InspectionOutputSerializer})
    def get(self, request: Request, case_id: int) -> Response:
        return Response(_data(request, case_id))


class InspectionStepApi(APIView):
    class InputSerializer(serializers.Serializer[Any]):
        transition = serializers.ChoiceField(choices=[t.name for t in inspections.TRANSITIONS])
        on = serializers.DateField()
        number = serializers.CharField(required=False, allow_blank=True, default="")
        summary = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(request=InputSerializer, responses={200: InspectionOutputSerializer})
    def post(self, request: Request, case_id: int) -> Response:
        inspection = selectors.inspection_get_for_user(request.user, case_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.inspection_step(actor=request.user, case=inspection.case, **data.validated_data)
        return Response(_data(request, case_id))
