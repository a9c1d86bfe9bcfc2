"""The civil status application API (``/api/v1/civil-status/applications/``): list, file, read,
and one endpoint per step of the flow. Errors come back in the one error shape: 400 naming the
field, 403/404 outside the caller's commune, 409 for a step not allowed in the current state."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tuphap.casework import registry
from tuphap.civil_status.applications import selectors, workflow
from tuphap.civil_status.applications import services as application_services
from tuphap.civil_status.applications.models import Application, Channel
from tuphap.civil_status.registration.apis import _commune
from tuphap.civil_status.registration.models import EventType
from tuphap.core.pagination import StandardPagination, page_of


class ApplicationOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="case_id")
    case_number = serializers.CharField(source="case.display_number")
    event_type = serializers.CharField()
    commune_id = serializers.IntegerField()
    state = serializers.CharField(source="case.state")
    state_label = serializers.SerializerMethodField()
    applicant_name = serializers.CharField()
    channel = serializers.CharField()
    received_at = serializers.DateTimeField()
    receipt_number = serializers.CharField(source="receipt_label")
    accepted_at = serializers.DateTimeField(allow_null=True)
    due_on = serializers.DateField(allow_null=True)
    appointment_at = serializers.DateTimeField(allow_null=True)
    time_limit_basis = serializers.CharField()
    overdue = serializers.SerializerMethodField()
    on_time = serializers.BooleanField(allow_null=True)
    registration_id = serializers.IntegerField(allow_null=True)
    refusal_reason = serializers.CharField()
    closed_at = serializers.DateTimeField(allow_null=True)

    def get_state_label(self, application: Application) -> str:
        return workflow.SPEC.state_label(application.case.state)

    def get_overdue(self, application: Application) -> bool:
        return application.case.is_overdue(timezone.now())


class ApplicationDetailOutputSerializer(ApplicationOutputSerializer):
    applicant_id_number = serializers.CharField()
    applicant_relationship = serializers.CharField()
    applicant_contact = serializers.CharField()
    # DRF pops declared fields from the class, so ``Serializer.data`` is intact.
    data = serializers.DictField()  # type: ignore[assignment]
    supplement_requests = serializers.ListField(child=serializers.DictField())
    journal = serializers.SerializerMethodField()
    allowed_transitions = serializers.SerializerMethodField()

    def get_journal(self, application: Application) -> list[dict[str, Any]]:
        return [
            {
                "sequence": action.sequence,
                "transition": action.transition,
                "from_state": action.from_state,
                "to_state": action.to_state,
                "at": action.at.isoformat(),
                "actor": str(action.actor) if action.actor else "",
                "reason": action.reason,
                "payload": action.payload,
            }
            for action in selectors.application_journal(application)
        ]

    def get_allowed_transitions(self, application: Application) -> list[str]:
        from tuphap.casework import workflow as case_workflow

        user = self.context.get("user")
        if user is None:
            return []
        return [
            transition.name
            for transition in case_workflow.allowed_transitions(
                spec=registry.get(workflow.REGISTER),
                case=application.case,
                actor=user,
                day=timezone.localdate(),
            )
        ]


def _detail(request: Request, application: Application, code: int = 200) -> Response:
    fresh = selectors.application_get_for_user(request.user, application.pk)
    body = ApplicationDetailOutputSerializer(fresh, context={"user": request.user}).data
    return Response(body, status=code)


class ApplicantInputSerializer(serializers.Serializer[Any]):
    full_name = serializers.CharField(max_length=200)
    id_number = serializers.CharField(max_length=20, required=False, default="", allow_blank=True)
    relationship = serializers.CharField(
        max_length=100, required=False, default="", allow_blank=True
    )
    contact = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)


class ApplicationListApi(APIView):
    """Applications of the caller's communes, newest first; ``open=true`` for the queue (the
    earliest appointment first)."""

    class FilterSerializer(serializers.Serializer[Any]):
        state = serializers.ChoiceField(
            choices=[state.code for state in workflow.STATES], required=False
        )
        event_type = serializers.ChoiceField(choices=EventType.values, required=False)
        open = serializers.BooleanField(required=False, default=False)

    @extend_schema(
        parameters=[FilterSerializer], responses={200: page_of(ApplicationOutputSerializer)}
    )
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        data = filters.validated_data
        if data["open"]:
            rows = selectors.application_queue_for_user(request.user)
        else:
            rows = selectors.application_list_for_user(request.user)
        if data.get("state"):
            rows = rows.filter(case__state=data["state"])
        if data.get("event_type"):
            rows = rows.filter(event_type=data["event_type"])
        paginator = StandardPagination()
        page = paginator.paginate_queryset(rows, request, self)
        return paginator.get_paginated_response(ApplicationOutputSerializer(page, many=True).data)


class ApplicationSubmitApi(APIView):
    """Record a file received (the data of its event: see ``application_data``)."""

    class InputSerializer(serializers.Serializer[Any]):
        commune_id = serializers.IntegerField()
        event_type = serializers.ChoiceField(choices=EventType.values)
        applicant = ApplicantInputSerializer()
        # DRF pops declared fields from the class, so ``Serializer.data`` is intact.
        data = serializers.DictField(required=False, default=dict)  # type: ignore[assignment]
        channel = serializers.ChoiceField(choices=Channel.values, default=Channel.IN_PERSON)
        received_at = serializers.DateTimeField(required=False, allow_null=True, default=None)

    @extend_schema(request=InputSerializer, responses={201: ApplicationDetailOutputSerializer})
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        application = application_services.application_submit(
            actor=request.user,
            commune=_commune(request.user, data["commune_id"]),
            event_type=data["event_type"],
            applicant=application_services.Applicant(**data["applicant"]),
            data=data["data"],
            channel=data["channel"],
            received_at=data["received_at"],
        )
        return _detail(request, application, status.HTTP_201_CREATED)


class ApplicationDetailApi(APIView):
    """One application with its journal and the steps the caller may take now."""

    @extend_schema(responses={200: ApplicationDetailOutputSerializer})
    def get(self, request: Request, application_id: int) -> Response:
        application = selectors.application_get_for_user(request.user, application_id)
        return _detail(request, application)


def _step(
    request: Request,
    application_id: int,
    service: Callable[..., Application],
    input_serializer: type[serializers.Serializer[Any]] | None = None,
) -> Response:
    """One step of the flow: the application the caller may see, the step's input validated
    (400 naming the field), the step's service, the application as it is now."""
    application = selectors.application_get_for_user(request.user, application_id)
    arguments: dict[str, Any] = {}
    if input_serializer is not None:
        serializer = input_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        arguments = dict(serializer.validated_data)
    service(actor=request.user, application=application, **arguments)
    return _detail(request, application)


class ApplicationRequestSupplementApi(APIView):
    class InputSerializer(serializers.Serializer[Any]):
        missing = serializers.ListField(child=serializers.CharField(max_length=255))
        note = serializers.CharField(required=False, default="", allow_blank=True)

    @extend_schema(request=InputSerializer, responses={200: ApplicationDetailOutputSerializer})
    def post(self, request: Request, application_id: int) -> Response:
        return _step(
            request,
            application_id,
            application_services.application_request_supplement,
            self.InputSerializer,
        )


class ApplicationResubmitApi(APIView):
    class InputSerializer(serializers.Serializer[Any]):
        # DRF pops declared fields from the class, so ``Serializer.data`` is intact.
        data = serializers.DictField(required=False, default=dict)  # type: ignore[assignment]
        note = serializers.CharField(required=False, default="", allow_blank=True)

    @extend_schema(request=InputSerializer, responses={200: ApplicationDetailOutputSerializer})
    def post(self, request: Request, application_id: int) -> Response:
        return _step(
            request, application_id, application_services.application_resubmit, self.InputSerializer
        )


class ApplicationAcceptApi(APIView):
    """Accept the complete file: the receipt number and the appointment day are issued."""

    @extend_schema(request=None, responses={200: ApplicationDetailOutputSerializer})
    def post(self, request: Request, application_id: int) -> Response:
        return _step(request, application_id, application_services.application_accept)


class ApplicationExtendApi(APIView):
    """Extend the handling time once for a verification."""

    class InputSerializer(serializers.Serializer[Any]):
        reason = serializers.CharField(allow_blank=True)

    @extend_schema(request=InputSerializer, responses={200: ApplicationDetailOutputSerializer})
    def post(self, request: Request, application_id: int) -> Response:
        return _step(
            request, application_id, application_services.application_extend, self.InputSerializer
        )


class ApplicationRegisterApi(APIView):
    """Register the event; a possible duplicate is a 409: confirm and send again."""

    class InputSerializer(serializers.Serializer[Any]):
        different_person_confirmed = serializers.BooleanField(required=False, default=False)

    @extend_schema(request=InputSerializer, responses={200: ApplicationDetailOutputSerializer})
    def post(self, request: Request, application_id: int) -> Response:
        return _step(
            request, application_id, application_services.application_register, self.InputSerializer
        )


class ApplicationReturnApi(APIView):
    """Record that the result was handed over."""

    class InputSerializer(serializers.Serializer[Any]):
        note = serializers.CharField(required=False, default="", allow_blank=True)

    @extend_schema(request=InputSerializer, responses={200: ApplicationDetailOutputSerializer})
    def post(self, request: Request, application_id: int) -> Response:
        return _step(
            request, application_id, application_services.application_return, self.InputSerializer
        )


class ApplicationRefuseApi(APIView):
    """Refuse, with the written reason (required)."""

    class InputSerializer(serializers.Serializer[Any]):
        reason = serializers.CharField(required=False, default="", allow_blank=True)

    @extend_schema(request=InputSerializer, responses={200: ApplicationDetailOutputSerializer})
    def post(self, request: Request, application_id: int) -> Response:
        return _step(
            request, application_id, application_services.application_refuse, self.InputSerializer
        )


class ApplicationWithdrawApi(APIView):
    """Record that the applicant withdrew the file."""

    class InputSerializer(serializers.Serializer[Any]):
        reason = serializers.CharField(required=False, default="", allow_blank=True)

    @extend_schema(request=InputSerializer, responses={200: ApplicationDetailOutputSerializer})
    def post(self, request: Request, application_id: int) -> Response:
        return _step(
            request, application_id, application_services.application_withdraw, self.InputSerializer
        )
