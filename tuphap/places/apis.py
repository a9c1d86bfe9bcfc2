from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tuphap.core.pagination import StandardPagination, page_of
from tuphap.places import selectors
from tuphap.places.models import Level


class ProvinceReferenceSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    code = serializers.CharField()


class UnitOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    level = serializers.CharField()
    type = serializers.CharField(source="unit_type")
    parent_id = serializers.IntegerField(allow_null=True)
    province = ProvinceReferenceSerializer(allow_null=True)
    valid_from = serializers.DateField(allow_null=True)
    valid_to = serializers.DateField(allow_null=True)


class UnitListApi(APIView):
    """Administrative units valid on a date (today by default), searchable by name with or
    without diacritics. Reference data: any signed-in user may read them."""

    class FilterSerializer(serializers.Serializer[Any]):
        at = serializers.DateField(required=False)
        level = serializers.ChoiceField(choices=Level.choices, required=False)
        q = serializers.CharField(required=False, allow_blank=True, max_length=100)

        def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
            # "parent" cannot be a class attribute: it would shadow Field.parent.
            fields = super().get_fields()
            fields["parent"] = serializers.IntegerField(required=False, min_value=1)
            return fields

    @extend_schema(parameters=[FilterSerializer], responses={200: page_of(UnitOutputSerializer)})
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        data = filters.validated_data
        units = selectors.unit_list(
            at=data.get("at") or timezone.localdate(),
            level=data.get("level"),
            parent_id=data.get("parent"),
            query=data.get("q"),
        )
        paginator = StandardPagination()
        page = paginator.paginate_queryset(units, request, self)
        return paginator.get_paginated_response(UnitOutputSerializer(page, many=True).data)


class CrosswalkRowSerializer(serializers.Serializer[Any]):
    """The unit at the other end of a crosswalk row, and whether the merge was whole."""

    id = serializers.IntegerField(source="other.pk")
    code = serializers.CharField(source="other.code")
    name = serializers.CharField(source="other.name")
    level = serializers.CharField(source="other.level")
    kind = serializers.CharField()
    valid_from = serializers.DateField(source="other.valid_from", allow_null=True)
    valid_to = serializers.DateField(source="other.valid_to", allow_null=True)


class UnitDetailApi(APIView):
    """One administrative unit with its crosswalk rows: what it became and what it was made of."""

    class OutputSerializer(UnitOutputSerializer):
        successors = CrosswalkRowSerializer(many=True)
        predecessors = CrosswalkRowSerializer(many=True)

    @extend_schema(responses={200: OutputSerializer})
    def get(self, request: Request, unit_id: int) -> Response:
        unit = selectors.unit_get(unit_id=unit_id)
        successors = [{"other": row.successor, "kind": row.kind} for row in unit.successions.all()]
        predecessors = [
            {"other": row.predecessor, "kind": row.kind} for row in unit.predecessions.all()
        ]
        return Response(
            {
                **UnitOutputSerializer(unit).data,
                "successors": CrosswalkRowSerializer(successors, many=True).data,
                "predecessors": CrosswalkRowSerializer(predecessors, many=True).data,
            }
        )
