"""The API of the legal aid register under ``/api/v1/legal-aid/``: the same actions as the
pages, through the same services."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tuphap.core.errors import ValidationFailed
from tuphap.core.pagination import StandardPagination, page_of
from tuphap.legal_aid.cases import rules, selectors, services
from tuphap.legal_aid.cases import workflow as legal_aid
from tuphap.legal_aid.cases.models import LegalAidCase, Sex
from tuphap.places.models import AdministrativeUnit


class NoticeOutputSerializer(serializers.Serializer[Any]):
    body_kind = serializers.CharField()
    body_name = serializers.CharField()
    officer_name = serializers.CharField()
    procedural_status = serializers.CharField()
    person_requested_at = serializers.DateTimeField()
    notified_at = serializers.DateTimeField()
    due_at = serializers.DateTimeField(allow_null=True)
    late = serializers.BooleanField()


class LegalAidCaseOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="case_id")
    number = serializers.CharField(source="case.display_number")
    state = serializers.CharField(source="case.state")
    state_label = serializers.SerializerMethodField()
    centre_id = serializers.IntegerField()
    place_id = serializers.IntegerField(source="case.place_id", allow_null=True)
    full_name = serializers.CharField()
    sex = serializers.CharField()
    date_of_birth = serializers.DateField(allow_null=True)
    group = serializers.CharField()
    financial_difficulty = serializers.CharField()
    age_check = serializers.CharField()
    form = serializers.CharField()
    field = serializers.CharField()
    procedural_status = serializers.CharField()
    stage = serializers.CharField()
    requested_at = serializers.DateTimeField()
    acceptance = serializers.CharField()
    immediate_ground = serializers.CharField()
    accepted_at = serializers.DateTimeField(allow_null=True)
    papers_due_on = serializers.DateField(allow_null=True)
    performer_id = serializers.IntegerField(allow_null=True)
    assigned_at = serializers.DateTimeField(allow_null=True)
    assign_due_at = serializers.DateTimeField(allow_null=True)
    assigned_on_time = serializers.BooleanField(allow_null=True)
    due_at = serializers.DateTimeField(source="case.due_at", allow_null=True)
    ended_at = serializers.DateTimeField(allow_null=True)
    ground = serializers.CharField()
    result = serializers.CharField()
    complex_typical = serializers.BooleanField()
    criteria = serializers.ListField(child=serializers.CharField())
    satisfaction = serializers.CharField()
    notice = serializers.SerializerMethodField()

    def get_state_label(self, detail: LegalAidCase) -> str:
        return legal_aid.SPEC.state_label(detail.case.state)

    @extend_schema_field(NoticeOutputSerializer(allow_null=True))
    def get_notice(self, detail: LegalAidCase) -> dict[str, Any] | None:
        # Read with the case (``selectors.visible_details`` selects it): no query per row.
        notice = getattr(detail.case, "legal_aid_notice", None)
        return dict(NoticeOutputSerializer(notice).data) if notice else None


def _case_data(request: Request, case_id: int) -> dict[str, Any]:
    return dict(
        LegalAidCaseOutputSerializer(selectors.case_get_for_user(request.user, case_id)).data
    )


class RequestInputSerializer(serializers.Serializer[Any]):
    place = serializers.IntegerField(help_text="id of the commune of residence")
    full_name = serializers.CharField(max_length=200)
    sex = serializers.ChoiceField(choices=Sex.values)
    date_of_birth = serializers.DateField(required=False, allow_null=True, default=None)
    pin = serializers.RegexField(r"^[0-9]{12}$", required=False)
    address = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    group = serializers.ChoiceField(choices=rules.Group.values)
    proof = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    financial_difficulty = serializers.ChoiceField(
        choices=rules.FinancialDifficulty.values, required=False, default=""
    )
    especially_difficult_area = serializers.BooleanField(required=False, default=False)
    matter = serializers.CharField(max_length=4000)
    form = serializers.ChoiceField(choices=rules.Form.values)
    field = serializers.ChoiceField(choices=rules.Field.values)
    procedural_status = serializers.ChoiceField(
        choices=rules.ProceduralStatus.values, required=False, default=""
    )
    stage = serializers.ChoiceField(choices=rules.Stage.values, required=False, default="")


def _place(values: dict[str, Any]) -> AdministrativeUnit:
    values.setdefault("pin", "")
    place = AdministrativeUnit.objects.filter(pk=values.pop("place")).first()
    if place is None:
        raise ValidationFailed(_("Unknown place."), fields={"place": _("No such place.")})
    return place


class LegalAidCaseListApi(APIView):
    """The legal aid cases the caller may see (POST: receive a request in the caller's centre)."""

    class FilterSerializer(serializers.Serializer[Any]):
        state = serializers.ChoiceField(choices=[s.code for s in legal_aid.STATES], required=False)

    class InputSerializer(RequestInputSerializer):
        requested_at = serializers.DateTimeField()

    @extend_schema(
        parameters=[FilterSerializer], responses={200: page_of(LegalAidCaseOutputSerializer)}
    )
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        rows = selectors.visible_details(request.user).order_by("-case__opened_at", "-case_id")
        if filters.validated_data.get("state"):
            rows = rows.filter(case__state=filters.validated_data["state"])
        paginator = StandardPagination()
        page = paginator.paginate_queryset(rows, request, self)
        return paginator.get_paginated_response(LegalAidCaseOutputSerializer(page, many=True).data)

    @extend_schema(request=InputSerializer, responses={201: LegalAidCaseOutputSerializer})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        place = _place(values)
        detail = services.request_open(
            actor=request.user, place=place, data=services.RequestData(**values)
        )
        return Response(_case_data(request, detail.case_id), status=status.HTTP_201_CREATED)


class NoticeCreateApi(APIView):
    """Record a procedural body's notice: the case is opened and accepted at once."""

    class InputSerializer(RequestInputSerializer):
        body_kind = serializers.ChoiceField(choices=rules.BodyKind.values)
        body_name = serializers.CharField(max_length=255)
        officer_name = serializers.CharField(
            max_length=200, required=False, allow_blank=True, default=""
        )
        person_requested_at = serializers.DateTimeField()
        notified_at = serializers.DateTimeField()

    @extend_schema(request=InputSerializer, responses={201: LegalAidCaseOutputSerializer})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        place = _place(values)
        notice = services.NoticeData(
            body_kind=values.pop("body_kind"),
            body_name=values.pop("body_name"),
            officer_name=values.pop("officer_name"),
            person_requested_at=values.pop("person_requested_at"),
            notified_at=values.pop("notified_at"),
        )
        row = services.notice_record(
            actor=request.user,
            place=place,
            data=services.RequestData(**values, requested_at=notice.person_requested_at),
            notice=notice,
        )
        return Response(_case_data(request, row.case_id), status=status.HTTP_201_CREATED)


class LegalAidCaseDetailApi(APIView):
    @extend_schema(responses={200: LegalAidCaseOutputSerializer})
    def get(self, request: Request, case_id: int) -> Response:
        return Response(_case_data(request, case_id))


class AcceptApi(APIView):
    class InputSerializer(serializers.Serializer[Any]):
        immediate = serializers.BooleanField(required=False, default=False)
        ground = serializers.ChoiceField(choices=rules.ImmediateGround.values, required=False)

    @extend_schema(request=InputSerializer, responses={200: LegalAidCaseOutputSerializer})
    def post(self, request: Request, case_id: int) -> Response:
        detail = selectors.case_get_for_user(request.user, case_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        services.case_accept(
            actor=request.user,
            case=detail.case,
            immediate=values["immediate"],
            ground=values.get("ground", ""),
        )
        return Response(_case_data(request, case_id))


class AssignApi(APIView):
    """Assign a performer (or replace the assigned one)."""

    class InputSerializer(serializers.Serializer[Any]):
        performer = serializers.IntegerField(min_value=1)

    @extend_schema(request=InputSerializer, responses={200: LegalAidCaseOutputSerializer})
    def post(self, request: Request, case_id: int) -> Response:
        detail = selectors.case_get_for_user(request.user, case_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.case_assign_performer(
            actor=request.user, case=detail.case, performer_id=data.validated_data["performer"]
        )
        return Response(_case_data(request, case_id))


STEPS = (
    "request_documents",
    "start",
    "complete",
    "refuse",
    "transfer",
    "withdraw",
    "discontinue",
    "terminate",
)


class StepApi(APIView):
    """Any other step: request_documents, start, complete, refuse, transfer, withdraw,
    discontinue, terminate."""

    class InputSerializer(serializers.Serializer[Any]):
        transition = serializers.ChoiceField(choices=STEPS)
        ground = serializers.CharField(max_length=24, required=False, allow_blank=True, default="")
        reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
        result = serializers.CharField(
            max_length=4000, required=False, allow_blank=True, default=""
        )
        transferred_to = serializers.IntegerField(required=False, allow_null=True, default=None)

    @extend_schema(request=InputSerializer, responses={200: LegalAidCaseOutputSerializer})
    def post(self, request: Request, case_id: int) -> Response:
        detail = selectors.case_get_for_user(request.user, case_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        services.case_step(
            actor=request.user,
            case=detail.case,
            transition=values.pop("transition"),
            data=services.StepData(**values),
        )
        return Response(_case_data(request, case_id))


class EvaluateApi(APIView):
    class InputSerializer(serializers.Serializer[Any]):
        complex_typical = serializers.BooleanField()
        criteria = serializers.ListField(
            child=serializers.ChoiceField(choices=rules.Criterion.values),
            required=False,
            default=list,
        )
        evaluation = serializers.CharField(required=False, allow_blank=True, default="")
        satisfaction = serializers.ChoiceField(
            choices=rules.Satisfaction.values, required=False, default=""
        )

    @extend_schema(request=InputSerializer, responses={200: LegalAidCaseOutputSerializer})
    def post(self, request: Request, case_id: int) -> Response:
        detail = selectors.case_get_for_user(request.user, case_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.case_evaluate(actor=request.user, case=detail.case, **data.validated_data)
        return Response(_case_data(request, case_id))
