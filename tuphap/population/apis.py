"""The reconciliation queue under ``/api/v1/population/``: the list and its counts, a message,
and the actions (resend, correct and resend, resolve), each calling the same service as the
pages."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tuphap.core.pagination import StandardPagination, page_of
from tuphap.population import rules, selectors, services
from tuphap.population.models import OutboxMessage

ACTIONS = (rules.RESEND, rules.CORRECT, rules.RESOLVE)


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
    payload = serializers.DictField(help_text="What is sent to the population database.")
    actions = serializers.SerializerMethodField(
        help_text="What an officer may do now: resend (no answer: the same request and key), "
        "correct (refused: corrected fields under a new key), resolve (close with a reason)."
    )
    correctable_fields = serializers.SerializerMethodField(
        help_text="The fields of `payload` that `correct` accepts (data.x: the event's data)."
    )
    resolved_at = serializers.DateTimeField(allow_null=True)
    resolved_by = serializers.CharField(
        source="resolved_by.username", allow_null=True, default=None
    )
    resolution_reason = serializers.CharField()

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(choices=ACTIONS)))
    def get_actions(self, message: OutboxMessage) -> list[str]:
        return list(rules.actions_for(message.status))

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_correctable_fields(self, message: OutboxMessage) -> list[str]:
        return list(rules.CORRECTABLE.get(message.kind, ()))


class ReconciliationListApi(APIView):
    """Messages to the population database that need an officer (no answer, or refused), in
    the caller's provinces, oldest first."""

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
        ).select_related("resolved_by")
        paginator = StandardPagination()
        page = paginator.paginate_queryset(messages, request, self)
        return paginator.get_paginated_response(MessageOutputSerializer(page, many=True).data)


class ReconciliationCountsApi(APIView):
    """The dashboard's counts in the caller's provinces: needing reconciliation now, and
    resolved this month (Việt Nam time)."""

    class OutputSerializer(serializers.Serializer[Any]):
        needing = serializers.IntegerField()
        resolved_this_month = serializers.IntegerField()

    @extend_schema(responses={200: OutputSerializer})
    def get(self, request: Request) -> Response:
        # The list's selector refuses those who may not see the queue (403).
        selectors.reconciliation_list_for_user(request.user)
        counts = selectors.reconciliation_counts_for_user(request.user)
        return Response(self.OutputSerializer(counts).data)


class MessageDetailApi(APIView):
    """One message of the caller's provinces, with what may be done with it now."""

    @extend_schema(responses={200: MessageOutputSerializer})
    def get(self, request: Request, message_id: int) -> Response:
        message = selectors.message_get_for_user(request.user, message_id)
        return Response(MessageOutputSerializer(message).data)


class MessageRetryApi(APIView):
    """Resend a message that got no answer, now, unchanged and with its idempotency key (409
    for a refused message: correct it or resolve it)."""

    @extend_schema(request=None, responses={200: MessageOutputSerializer})
    def post(self, request: Request, message_id: int) -> Response:
        message = services.message_retry(actor=request.user, message_id=message_id)
        return Response(MessageOutputSerializer(message).data)


class MessageCorrectApi(APIView):
    """Correct the fields of a refused message and send it again under a new idempotency key.
    A bad value is refused with 400 naming `changes.<field>`; 409 for a message that was not
    refused."""

    class InputSerializer(serializers.Serializer[Any]):
        changes = serializers.DictField(
            child=serializers.CharField(allow_blank=True),
            help_text='New values by field, e.g. {"pin": "040080123456"}; "" clears an optional '
            "field. The fields are the message's `correctable_fields`.",
        )
        reason = serializers.CharField(allow_blank=True, help_text="Why it is corrected.")

    @extend_schema(request=InputSerializer, responses={200: MessageOutputSerializer})
    def post(self, request: Request, message_id: int) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        message = services.message_correct(
            actor=request.user,
            message_id=message_id,
            changes=dict(data.validated_data["changes"]),
            reason=data.validated_data["reason"],
        )
        return Response(MessageOutputSerializer(message).data)


class MessageResolveApi(APIView):
    """Close a message that could not be delivered, with the reason (required, 400 `reason`);
    it is never sent again."""

    class InputSerializer(serializers.Serializer[Any]):
        reason = serializers.CharField(allow_blank=True, help_text="How it was resolved.")

    @extend_schema(request=InputSerializer, responses={200: MessageOutputSerializer})
    def post(self, request: Request, message_id: int) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        message = services.message_resolve(
            actor=request.user, message_id=message_id, reason=data.validated_data["reason"]
        )
        return Response(MessageOutputSerializer(message).data)
