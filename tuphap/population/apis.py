from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tuphap.core.pagination import StandardPagination, page_of
from tuphap.population import selectors, services


class MessageOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    status = serializers.CharField()
    subject_type = serializers.CharField()
    subject_id = serializers.CharField()
    province_code = serializers.CharField(source="province.code", allow_null=True, default=None)
    registered_on = serializers.DateField()
    idempotency_key = serializers.UUIDField()
    attempts = serializers.IntegerField()
    last_error = serializers.CharField()
    created_at = serializers.DateTimeField()
    next_attempt_at = serializers.DateTimeField()


class ReconciliationListApi(APIView):
    """Messages to the population database that need an officer (no answer, or refused)."""

    class FilterSerializer(serializers.Serializer[Any]):
        status = serializers.ChoiceField(
            choices=[s.value for s in selectors.QUEUE_STATUSES], required=False
        )

    @extend_schema(parameters=[FilterSerializer], responses={200: page_of(MessageOutputSerializer)})
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        messages = selectors.reconciliation_list_for_user(
            request.user, status=filters.validated_data.get("status")
        )
        paginator = StandardPagination()
        page = paginator.paginate_queryset(messages, request, self)
        return paginator.get_paginated_response(MessageOutputSerializer(page, many=True).data)


class MessageRetryApi(APIView):
    """Put a message back in the relay's queue now (it keeps its idempotency key)."""

    @extend_schema(request=None, responses={200: MessageOutputSerializer})
    def post(self, request: Request, message_id: int) -> Response:
        message = services.message_retry(actor=request.user, message_id=message_id)
        return Response(MessageOutputSerializer(message).data)
