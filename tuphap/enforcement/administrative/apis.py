"""The API of the THAHC register."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tuphap.casework.apis import CaseOutputSerializer
from tuphap.core.errors import ValidationFailed
from tuphap.enforcement.administrative import selectors, services
from tuphap.places.models import AdministrativeUnit

# -- THAHC: follow-up of administrative judgments ------------------------------------------------


class AdministrativeJudgmentOutputSerializer(serializers.Serializer[Any]):
    case = CaseOutputSerializer()
    court_name = serializers.CharField()
    number = serializers.CharField()
    issued_on = serializers.DateField()
    effective_on = serializers.DateField()
    received_on = serializers.DateField()
    body_name = serializers.CharField()
    body_code = serializers.CharField()
    obligee_name = serializers.CharField()
    obligation = serializers.CharField()
    compulsion_number = serializers.CharField()
    compulsion_date = serializers.DateField(allow_null=True)


def _administrative_data(request: Request, case_id: int) -> dict[str, Any]:
    detail = selectors.administrative_get_for_user(request.user, case_id)
    return dict(AdministrativeJudgmentOutputSerializer(detail).data)


class AdministrativeJudgmentOpenApi(APIView):
    """Register an administrative judgment for follow-up (THAHC) in the caller's office."""

    class InputSerializer(serializers.Serializer[Any]):
        place = serializers.IntegerField(help_text="id of the commune valid on the receipt date")
        court_name = serializers.CharField(max_length=200)
        number = serializers.CharField(max_length=60)
        issued_on = serializers.DateField()
        effective_on = serializers.DateField()
        received_on = serializers.DateField()
        body_name = serializers.CharField(max_length=300)
        body_code = serializers.CharField(
            max_length=40, required=False, allow_blank=True, default=""
        )
        obligee_name = serializers.CharField(
            max_length=200, required=False, allow_blank=True, default=""
        )
        obligation = serializers.CharField(max_length=2000)

    @extend_schema(request=InputSerializer, responses={201: AdministrativeJudgmentOutputSerializer})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        place = AdministrativeUnit.objects.filter(pk=values.pop("place")).first()
        if place is None:
            raise ValidationFailed(_("Unknown place."), fields={"place": _("No such place.")})
        detail = services.administrative_open(
            actor=request.user,
            place=place,
            data=services.AdministrativeData(**values),
            assignee=request.user,
        )
        return Response(
            _administrative_data(request, detail.case_id), status=status.HTTP_201_CREATED
        )


class AdministrativeJudgmentDetailApi(APIView):
    @extend_schema(responses={200: AdministrativeJudgmentOutputSerializer})
    def get(self, request: Request, case_id: int) -> Response:
        return Response(_administrative_data(request, case_id))


class AdministrativeJudgmentStepApi(APIView):
    """Record a follow-up step with its date (the compulsion decision with its number)."""

    class InputSerializer(serializers.Serializer[Any]):
        transition = serializers.CharField(max_length=40)
        decided_on = serializers.DateField(required=False, allow_null=True, default=None)
        reason = serializers.CharField(required=False, allow_blank=True, default="")
        compulsion_number = serializers.CharField(
            required=False, allow_blank=True, default="", max_length=60
        )

    @extend_schema(request=InputSerializer, responses={200: AdministrativeJudgmentOutputSerializer})
    def post(self, request: Request, case_id: int) -> Response:
        detail = selectors.administrative_get_for_user(request.user, case_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.administrative_transition(
            actor=request.user, case=detail.case, **data.validated_data
        )
        return Response(_administrative_data(request, case_id))
