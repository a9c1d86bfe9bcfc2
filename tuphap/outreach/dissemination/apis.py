"""The dissemination API under ``/api/v1/outreach/``: the sessions (list, record, one)."""

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
from tuphap.outreach.dissemination import rules, selectors, services
from tuphap.places.models import AdministrativeUnit


class DocumentSerializer(serializers.Serializer[Any]):
    number = serializers.CharField(max_length=60)
    title = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class SessionOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    held_on = serializers.DateField()
    place_id = serializers.IntegerField()
    organiser_id = serializers.IntegerField()
    level = serializers.CharField()
    form = serializers.CharField()
    topics = serializers.CharField()
    target_groups = serializers.ListField(child=serializers.CharField())
    participants = serializers.IntegerField()
    contestants = serializers.IntegerField()
    materials = serializers.IntegerField()
    campaign_id = serializers.IntegerField(allow_null=True)
    documents = DocumentSerializer(many=True)
    leader_ids = serializers.SerializerMethodField()

    def get_leader_ids(self, session: Any) -> list[int]:
        return [p.pk for p in session.leaders.all()]


class SessionListApi(APIView):
    """The sessions held in the caller's jurisdiction (POST: record one for the caller's
    agency)."""

    class FilterSerializer(serializers.Serializer[Any]):
        form = serializers.ChoiceField(choices=rules.Form.values, required=False)

    class InputSerializer(serializers.Serializer[Any]):
        place = serializers.IntegerField(
            help_text="id of the administrative unit where it was held"
        )
        held_on = serializers.DateField()
        form = serializers.ChoiceField(choices=rules.Form.values)
        topics = serializers.CharField(max_length=4000)
        target_groups = serializers.ListField(
            child=serializers.ChoiceField(choices=rules.TargetGroup.values), min_length=1
        )
        participants = serializers.IntegerField(min_value=0, default=0)
        contestants = serializers.IntegerField(min_value=0, default=0)
        materials = serializers.IntegerField(min_value=0, default=0)
        venue = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
        documents = DocumentSerializer(many=True, required=False, default=list)
        leader_ids = serializers.ListField(
            child=serializers.IntegerField(), required=False, default=list
        )
        campaign_id = serializers.IntegerField(required=False, allow_null=True, default=None)

    @extend_schema(parameters=[FilterSerializer], responses={200: page_of(SessionOutputSerializer)})
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        rows = (
            selectors.sessions_for(request.user)
            .prefetch_related("documents", "leaders")
            .order_by("-held_on", "-id")
        )
        if filters.validated_data.get("form"):
            rows = rows.filter(form=filters.validated_data["form"])
        paginator = StandardPagination()
        page = paginator.paginate_queryset(rows, request, self)
        return paginator.get_paginated_response(SessionOutputSerializer(page, many=True).data)

    @extend_schema(request=InputSerializer, responses={201: SessionOutputSerializer})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        place = AdministrativeUnit.objects.filter(pk=values.pop("place")).first()
        if place is None:
            raise ValidationFailed(_("Unknown place."), fields={"place": _("No such place.")})
        values["documents"] = [services.DocumentData(**d) for d in values["documents"]]
        session = services.session_record(
            actor=request.user, place=place, data=services.SessionData(**values)
        )
        return Response(
            SessionOutputSerializer(selectors.session_get(request.user, session.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class SessionDetailApi(APIView):
    @extend_schema(responses={200: SessionOutputSerializer})
    def get(self, request: Request, session_id: int) -> Response:
        return Response(
            SessionOutputSerializer(selectors.session_get(request.user, session_id)).data
        )
