"""The mediation book's API under ``/api/v1/outreach/mediation/``: the cases (list, receive,
one) and their steps, through the same services as the pages."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tuphap.core.errors import ValidationFailed
from tuphap.core.pagination import StandardPagination, page_of
from tuphap.outreach.mediation import rules, selectors, services
from tuphap.outreach.mediation import workflow as book
from tuphap.outreach.mediation.models import MediationCase


class MediationCaseOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="case_id")
    number = serializers.CharField(source="case.display_number")
    state = serializers.CharField(source="case.state")
    state_label = serializers.SerializerMethodField()
    team_id = serializers.IntegerField()
    place_id = serializers.IntegerField(source="case.place_id", allow_null=True)
    field = serializers.CharField()
    origin = serializers.CharField()
    parties = serializers.CharField()
    dispute = serializers.CharField()
    received_on = serializers.DateField()
    mediator_id = serializers.IntegerField(allow_null=True)
    assigned_on = serializers.DateField(allow_null=True)
    start_due_on = serializers.DateField(allow_null=True)
    started_on = serializers.DateField(allow_null=True)
    started_on_time = serializers.BooleanField(allow_null=True)
    ended_on = serializers.DateField(allow_null=True)
    agreement = serializers.CharField()
    written_settlement = serializers.BooleanField()
    exclusion = serializers.CharField()
    performance = serializers.CharField()

    def get_state_label(self, detail: MediationCase) -> str:
        return str(book.SPEC.state_label(detail.case.state))


class MediationCaseListApi(APIView):
    """The mediation cases the caller may see (POST: enter a matter in the book)."""

    class FilterSerializer(serializers.Serializer[Any]):
        state = serializers.ChoiceField(choices=[s.code for s in book.STATES], required=False)

    class InputSerializer(serializers.Serializer[Any]):
        team = serializers.IntegerField()
        field = serializers.ChoiceField(choices=rules.Field.values)
        origin = serializers.ChoiceField(choices=rules.Origin.values)
        parties = serializers.CharField(max_length=500)
        dispute = serializers.CharField(max_length=4000)
        received_at = serializers.DateTimeField()

    @extend_schema(
        parameters=[FilterSerializer], responses={200: page_of(MediationCaseOutputSerializer)}
    )
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        rows = selectors.visible_details(request.user).order_by("-received_on", "-case_id")
        if filters.validated_data.get("state"):
            rows = rows.filter(case__state=filters.validated_data["state"])
        paginator = StandardPagination()
        page = paginator.paginate_queryset(rows, request, self)
        return paginator.get_paginated_response(MediationCaseOutputSerializer(page, many=True).data)

    @extend_schema(request=InputSerializer, responses={201: MediationCaseOutputSerializer})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        team = values.pop("team")
        detail = services.case_receive(
            actor=request.user, team_id=team, data=services.MatterData(**values)
        )
        return Response(
            MediationCaseOutputSerializer(selectors.case_get(request.user, detail.case_id)).data,
            status=status.HTTP_201_CREATED,
        )


class MediationCaseDetailApi(APIView):
    @extend_schema(responses={200: MediationCaseOutputSerializer})
    def get(self, request: Request, case_id: int) -> Response:
        return Response(
            MediationCaseOutputSerializer(selectors.case_get(request.user, case_id)).data
        )


ACTIONS = ("assign", "start", "conclude", "refuse", "follow_up")


class MediationStepApi(APIView):
    """One step of a case: ``assign`` (mediator), ``start``, ``conclude`` (transition succeed,
    fail, end_by_party or end_by_mediator, with the agreement or the reason), ``refuse``
    (an Art. 3 ground), ``follow_up`` (performance)."""

    class InputSerializer(serializers.Serializer[Any]):
        action = serializers.ChoiceField(choices=ACTIONS)
        mediator = serializers.IntegerField(required=False, allow_null=True, default=None)
        at = serializers.DateTimeField(required=False, allow_null=True, default=None)
        transition = serializers.ChoiceField(choices=list(book.OUTCOMES), required=False)
        agreement = serializers.CharField(required=False, allow_blank=True, default="")
        written_settlement = serializers.BooleanField(required=False, default=False)
        reason = serializers.CharField(required=False, allow_blank=True, default="")
        ground = serializers.ChoiceField(choices=rules.Exclusion.values, required=False)
        performance = serializers.ChoiceField(
            choices=[v for v in rules.Performance.values if v], required=False
        )
        on = serializers.DateField(required=False)

    @extend_schema(request=InputSerializer, responses={200: MediationCaseOutputSerializer})
    def post(self, request: Request, case_id: int) -> Response:
        selectors.case_get(request.user, case_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        action = v["action"]
        if action == "assign":
            services.case_assign(
                actor=request.user, case_id=case_id, mediator_id=v["mediator"], at=v["at"]
            )
        elif action == "start":
            services.case_start(
                actor=request.user, case_id=case_id, at=v["at"], mediator_id=v["mediator"]
            )
        elif action == "conclude":
            services.case_conclude(
                actor=request.user,
                case_id=case_id,
                transition=v.get("transition", ""),
                agreement=v["agreement"],
                written_settlement=v["written_settlement"],
                reason=v["reason"],
                at=v["at"],
            )
        elif action == "refuse":
            services.case_refuse(
                actor=request.user,
                case_id=case_id,
                ground=v.get("ground", ""),
                reason=v["reason"],
                at=v["at"],
            )
        else:
            if "on" not in v:
                raise ValidationFailed(
                    _("Give the date of the follow-up."),
                    fields={"on": _("This field is required.")},
                )
            services.follow_up(
                actor=request.user,
                case_id=case_id,
                performance=v.get("performance", ""),
                on=v["on"],
                note=v["reason"],
            )
        return Response(
            MediationCaseOutputSerializer(selectors.case_get(request.user, case_id)).data
        )


class TeamOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    place_id = serializers.IntegerField()
    village = serializers.CharField()
    established_on = serializers.DateField()
    minority_area = serializers.BooleanField()
    complete = serializers.BooleanField(help_text="Art. 12(1): 3 mediators or more, a woman")
    problems = serializers.ListField(child=serializers.CharField())
    members = serializers.SerializerMethodField()

    def get_members(self, team: Any) -> list[int]:
        return [m.mediator_id for m in team.memberships.all() if m.left_on is None]


class TeamListApi(APIView):
    """The mediation teams of the caller's jurisdiction with their Art. 12(1) check."""

    class FilterSerializer(serializers.Serializer[Any]):
        incomplete = serializers.BooleanField(required=False, default=False)

    @extend_schema(parameters=[FilterSerializer], responses={200: page_of(TeamOutputSerializer)})
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        rows = selectors.teams_for(request.user).prefetch_related("memberships").order_by("pk")
        if filters.validated_data["incomplete"]:
            rows = rows.filter(complete=False)
        paginator = StandardPagination()
        page = paginator.paginate_queryset(rows, request, self)
        return paginator.get_paginated_response(TeamOutputSerializer(page, many=True).data)
