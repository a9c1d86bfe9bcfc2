"""The enforcement API under ``/api/v1/enforcement/``: open a case, list and read cases (the
case engine's selectors, so its jurisdiction), classify, record money, set targets. State
changes go through the case engine's API (``/api/v1/cases/<id>/transitions``) with
``payload.decided_on`` for the decision date."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tuphap.accounts.models import Agency
from tuphap.casework import selectors as case_selectors
from tuphap.casework.apis import CaseOutputSerializer
from tuphap.core.errors import ValidationFailed
from tuphap.core.pagination import StandardPagination, page_of
from tuphap.enforcement.cases import balance, selectors, services, workflow
from tuphap.enforcement.cases.models import (
    Basis,
    ConditionGround,
    EnforcementCase,
    JudgmentKind,
    MovementKind,
    ObligationKind,
    PartyKind,
    PartyRole,
)
from tuphap.places.models import AdministrativeUnit

# -- output --------------------------------------------------------------------------------------


class JudgmentSerializer(serializers.Serializer[Any]):
    court_name = serializers.CharField(max_length=200)
    number = serializers.CharField(max_length=60)
    issued_on = serializers.DateField()
    kind = serializers.ChoiceField(choices=JudgmentKind.choices)
    effective_on = serializers.DateField()


class RequestSerializer(serializers.Serializer[Any]):
    basis = serializers.ChoiceField(choices=Basis.choices)
    requested_on = serializers.DateField()
    requester_name = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )


class PartySerializer(serializers.Serializer[Any]):
    role = serializers.ChoiceField(choices=PartyRole.choices)
    kind = serializers.ChoiceField(choices=PartyKind.choices)
    name = serializers.CharField(max_length=200)
    identification_number = serializers.CharField(
        max_length=12, required=False, allow_blank=True, default=""
    )
    organisation_code = serializers.CharField(
        max_length=40, required=False, allow_blank=True, default=""
    )
    address = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class ObligationSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=ObligationKind.choices)
    amount = serializers.IntegerField(required=False, allow_null=True, default=None)
    description = serializers.CharField(
        max_length=500, required=False, allow_blank=True, default=""
    )


class MoneySerializer(serializers.Serializer[Any]):
    amount = serializers.IntegerField()
    collected = serializers.IntegerField()
    reduced = serializers.IntegerField()
    paid_out = serializers.IntegerField()
    outstanding = serializers.IntegerField()


class EnforcementCaseListSerializer(serializers.Serializer[Any]):
    case = CaseOutputSerializer()
    decision_number = serializers.CharField()
    decision_date = serializers.DateField()
    law_version = serializers.CharField()
    judgment_number = serializers.CharField(source="judgment.number")
    amount_to_enforce = serializers.IntegerField()
    asset_recovery = serializers.BooleanField()
    credit_institution_debt = serializers.BooleanField()


class EnforcementCaseOutputSerializer(EnforcementCaseListSerializer):
    judgment = JudgmentSerializer()
    request = RequestSerializer()
    condition_ground = serializers.CharField()
    classified_on = serializers.DateField(allow_null=True)
    parties = PartySerializer(many=True, source="parties.all")
    obligations = ObligationSerializer(many=True, source="obligations.all")
    money = serializers.SerializerMethodField()

    @extend_schema_field(MoneySerializer)
    def get_money(self, detail: EnforcementCase) -> dict[str, int]:
        money = balance.money_of(detail)
        return {
            "amount": money.amount,
            "collected": money.collected,
            "reduced": money.reduced,
            "paid_out": money.paid_out,
            "outstanding": money.outstanding,
        }


def _detail_data(request: Request, case_id: int) -> dict[str, Any]:
    detail = selectors.case_get_for_user(request.user, case_id)
    return dict(EnforcementCaseOutputSerializer(detail).data)


# -- views ---------------------------------------------------------------------------------------


class EnforcementCaseOpenApi(APIView):
    """Open the case of one enforcement decision in the caller's office."""

    class InputSerializer(serializers.Serializer[Any]):
        place = serializers.IntegerField(help_text="id of the commune valid on the decision date")
        judgment = JudgmentSerializer()
        request = RequestSerializer()
        decision_number = serializers.CharField(max_length=60)
        decision_date = serializers.DateField()
        parties = PartySerializer(many=True)
        obligations = ObligationSerializer(many=True)
        asset_recovery = serializers.BooleanField(default=False)
        credit_institution_debt = serializers.BooleanField(default=False)

    @extend_schema(request=InputSerializer, responses={201: EnforcementCaseOutputSerializer})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        place = AdministrativeUnit.objects.filter(pk=values.pop("place")).first()
        if place is None:
            raise ValidationFailed(_("Unknown place."), fields={"place": _("No such place.")})
        detail = services.case_open(
            actor=request.user,
            place=place,
            judgment=services.JudgmentData(**values.pop("judgment")),
            request=services.RequestData(**values.pop("request")),
            parties=[services.PartyData(**party) for party in values.pop("parties")],
            obligations=[services.ObligationData(**item) for item in values.pop("obligations")],
            assignee=request.user,
            **values,
        )
        return Response(_detail_data(request, detail.case_id), status=status.HTTP_201_CREATED)


class EnforcementCaseListApi(APIView):
    """The enforcement cases the caller may see, paginated."""

    class FilterSerializer(serializers.Serializer[Any]):
        state = serializers.ChoiceField(choices=[s.code for s in workflow.STATES], required=False)
        search = serializers.CharField(required=False)
        ordering = serializers.ChoiceField(
            choices=list(case_selectors.ORDERINGS), default="-opened_at"
        )

    @extend_schema(
        parameters=[FilterSerializer], responses={200: page_of(EnforcementCaseListSerializer)}
    )
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        cases = selectors.case_list_for_user(request.user, **filters.validated_data)
        paginator = StandardPagination()
        page = paginator.paginate_queryset(cases, request, self) or []
        details = []
        for case in page:
            detail: EnforcementCase = case.enforcement_detail
            detail.case = case
            details.append(detail)
        return paginator.get_paginated_response(
            EnforcementCaseListSerializer(details, many=True).data
        )


class EnforcementCaseDetailApi(APIView):
    @extend_schema(responses={200: EnforcementCaseOutputSerializer})
    def get(self, request: Request, case_id: int) -> Response:
        return Response(_detail_data(request, case_id))


class EnforcementCaseClassifyApi(APIView):
    """Classify with or without conditions (with its ground and the decision date)."""

    class InputSerializer(serializers.Serializer[Any]):
        with_conditions = serializers.BooleanField()
        ground = serializers.ChoiceField(choices=ConditionGround.choices)
        decided_on = serializers.DateField(required=False, allow_null=True, default=None)
        reason = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(request=InputSerializer, responses={200: EnforcementCaseOutputSerializer})
    def post(self, request: Request, case_id: int) -> Response:
        detail = selectors.case_get_for_user(request.user, case_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.case_classify(actor=request.user, case=detail.case, **data.validated_data)
        return Response(_detail_data(request, case_id))


class MovementRecordApi(APIView):
    """Record money collected, exempted/reduced or paid out (integer đồng)."""

    class InputSerializer(serializers.Serializer[Any]):
        kind = serializers.ChoiceField(choices=MovementKind.choices)
        amount = serializers.IntegerField()
        on_date = serializers.DateField()
        note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)

    @extend_schema(request=InputSerializer, responses={201: EnforcementCaseOutputSerializer})
    def post(self, request: Request, case_id: int) -> Response:
        detail = selectors.case_get_for_user(request.user, case_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.movement_record(actor=request.user, case=detail.case, **data.validated_data)
        return Response(_detail_data(request, case_id), status=status.HTTP_201_CREATED)


class TargetSetApi(APIView):
    """Set an office's rate targets for a THADS year (ministry only)."""

    class InputSerializer(serializers.Serializer[Any]):
        agency = serializers.IntegerField()
        year = serializers.IntegerField()
        case_rate = serializers.DecimalField(max_digits=5, decimal_places=2)
        money_rate = serializers.DecimalField(max_digits=5, decimal_places=2)

    class OutputSerializer(serializers.Serializer[Any]):
        agency = serializers.IntegerField(source="agency_id")
        year = serializers.IntegerField()
        case_rate = serializers.DecimalField(max_digits=5, decimal_places=2)
        money_rate = serializers.DecimalField(max_digits=5, decimal_places=2)

    @extend_schema(request=InputSerializer, responses={200: OutputSerializer})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        agency = Agency.objects.filter(pk=values.pop("agency")).first()
        if agency is None:
            raise ValidationFailed(_("Unknown office."), fields={"agency": _("No such office.")})
        target = services.target_set(actor=request.user, agency=agency, **values)
        return Response(self.OutputSerializer(target).data)
